"""`sci-reader --self-test`: the real window, offscreen, on a temporary data folder.

The same steps `build_installer.py --check` runs on the frozen app; here on
the checkout, in-process (and once as a real process), and with a planted
failure that must be named.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from reader.ui import self_test
from reader.ui.self_test import STEPS, run_self_test
from tests.processes import cli_env


def test_every_step_passes_and_is_printed(qapp, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # run_self_test sets it; restore after
    out, err = io.StringIO(), io.StringIO()

    assert run_self_test(out, err) == 0, err.getvalue()

    lines = out.getvalue().splitlines()
    for number, (name, _step) in enumerate(STEPS, 1):
        assert any(line.startswith(f"self-test: step {number} ({name}) ok") for line in lines)
    assert lines[-1] == "self-test: all steps passed"
    assert "summaries" in out.getvalue() and "bytes" in out.getvalue()
    assert err.getvalue() == ""


def test_a_failing_step_is_named_and_the_exit_code_is_1(qapp, monkeypatch, tmp_path):
    """An app whose embedded library is missing: step 3 fails, the later ones never run."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    missing = tmp_path / "not-shipped.zip"
    monkeypatch.setattr("reader.ui.updates.embedded_bundle_path", lambda: missing)
    out, err = io.StringIO(), io.StringIO()

    assert run_self_test(out, err) == self_test.FAILED == 1

    assert "step 3 (import the embedded library) FAILED" in err.getvalue()
    assert "not-shipped.zip" in err.getvalue()
    assert "step 2 (open the window) ok" in out.getvalue()
    assert "step 4" not in out.getvalue() + err.getvalue()
    assert "all steps passed" not in out.getvalue()


def test_the_command_runs_offscreen_whatever_the_session_asks(tmp_path):
    """A real process: `--self-test` must not need a display, even when xcb is asked for."""
    env = cli_env()
    env["QT_QPA_PLATFORM"] = "xcb"  # no X server here: only offscreen can work
    env["HOME"] = str(tmp_path)  # the self-test must not touch the user's data folder
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "self-test: step 1 (start Qt) ok: Qt platform offscreen" in done.stdout
    assert done.stdout.rstrip().endswith("self-test: all steps passed")
    # Only the steps: the offscreen platform's notes on every window shown are no failure.
    assert "does not support" not in done.stderr, done.stderr
    assert not any(p.name == ".local" for p in tmp_path.iterdir()), "wrote into HOME"


def test_the_temporary_data_folder_is_removed(qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    assert run_self_test(io.StringIO(), io.StringIO()) == 0
    assert os.listdir(tmp_path) == []
