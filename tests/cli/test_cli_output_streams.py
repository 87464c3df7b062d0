"""A command whose output cannot be written, or whose standard error is closed.

Real `sci-reader` processes with standard output on /dev/full (every write
fails with ENOSPC, as on a full disk) or closed (`>&-`), and with standard
error closed (`2>&-`, as some schedulers start jobs).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader.cli
import reader.cli.parser
from reader.cli import streams
from reader.core.paths import LIBRARY_FILE, embedded_bundle_path
from tests.bundles import library_snapshot
from tests.processes import cli_command, cli_env

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not os.path.exists("/dev/full"), reason="POSIX streams, /dev/full"
)
FULL = "sci-reader: the output cannot be written (the disk is full); "


def run(data_dir: Path, *args: str, stdout=subprocess.PIPE, close: tuple[int, ...] = ()):
    def closed() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(cli_command(data_dir, *args), env=cli_env(), stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=60,
                          preexec_fn=closed if close else None)  # fmt: skip


COMMANDS = [("list",), ("list", "--json"), ("status",), ("search", "walking"), ("categories",),
            ("config", "path")]  # fmt: skip


@pytest.mark.parametrize("args", COMMANDS)
def test_an_output_on_a_full_disk_is_said_in_one_line(installed, data_dir, args):
    with open("/dev/full", "w") as full:
        done = run(data_dir, *args, stdout=full)

    # failed before: "OSError: [Errno 28] No space left on device", a traceback, exit 1
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(FULL) and len(done.stderr.splitlines()) == 1, done.stderr


def test_a_closed_output_is_said_not_taken_for_success(installed, data_dir):
    done = run(data_dir, "list", "--json", stdout=None, close=(1,))

    # failed before: exit 0, and nothing anywhere: the list was simply lost
    assert done.returncode == 2, done.stderr
    assert done.stderr == "sci-reader: standard output is closed; run the command again " \
        "with its output going somewhere\n"  # fmt: skip


def test_a_sync_whose_report_cannot_be_written_says_the_update_is_saved(data_dir):
    with open("/dev/full", "w") as full:
        done = run(data_dir, "sync", stdout=full)

    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(FULL) and len(done.stderr.splitlines()) == 1, done.stderr
    assert "the sync itself is done: Library updated to version" in done.stderr
    assert library_snapshot(data_dir)["status"]["articles"] > 0  # the update was saved


def test_a_sync_with_standard_error_closed_still_syncs(data_dir):
    done = run(data_dir, "sync", close=(2,))

    # failed before: "'NoneType' object has no attribute 'isatty'": exit 1, nothing synced
    assert done.returncode == 0
    assert done.stdout.startswith("Library updated to version")
    assert (data_dir / LIBRARY_FILE).is_file()


def test_errors_with_standard_error_closed_never_go_to_standard_output(installed, data_dir):
    done = run(data_dir, "show", "no-such-article", "--json", close=(2,))

    assert done.returncode == 2
    # failed before: "sci-reader: no article with id ..." printed on standard output
    assert done.stdout == ""


def test_a_closed_pipe_is_still_no_error(installed, data_dir):
    reader = subprocess.Popen(cli_command(data_dir, "list"), env=cli_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    reader.stdout.read(10)
    reader.stdout.close()
    _, err = reader.communicate(timeout=60)
    assert (reader.returncode, err) == (0, b"")


def test_a_closed_pipe_before_a_sync_has_begun_does_not_stop_it(data_dir, tmp_path):
    # Unbuffered (PYTHONUNBUFFERED=1, as in many container images), the first
    # line, "Updating from the configured source", is written before the sync.
    config = tmp_path / "clinic.toml"
    config.write_text(f'update_source = "{embedded_bundle_path().as_posix()}"\n', encoding="utf-8")
    env = {**cli_env(), "PYTHONUNBUFFERED": "1"}
    read_end, write_end = os.pipe()
    os.close(read_end)  # `sci-reader sync | true`, the reader already gone
    try:
        done = subprocess.run(cli_command(data_dir, "--config", str(config), "sync"), env=env,
                              stdout=write_end, stderr=subprocess.PIPE, text=True,
                              timeout=60)  # fmt: skip
    finally:
        os.close(write_end)

    # failed before: exit 0 and no library: the broken pipe stopped it before it began
    assert (done.returncode, done.stderr) == (0, "")
    assert library_snapshot(data_dir)["status"]["articles"] > 0


def test_a_broken_pipe_that_is_not_the_output_is_no_success(monkeypatch):
    def command(_args) -> int:
        raise BrokenPipeError  # e.g. the sync's parsing child gone

    monkeypatch.setattr(reader.cli.parser, "cmd_status", command)
    monkeypatch.setattr(sys, "stdout", streams._GuardedOutput(sys.stdout))

    # failed before: exit 0, as if the command had done its work
    with pytest.raises(BrokenPipeError):
        reader.cli.main(["status"])


def test_a_command_stopped_by_its_error_keeps_its_exit_code_when_the_output_is_full(
    data_dir, tmp_path
):
    missing = tmp_path / "usb" / "library.zip"
    config = tmp_path / "clinic.toml"
    config.write_text(f'update_source = "{missing.as_posix()}"\n', encoding="utf-8")
    env = {k: v for k, v in cli_env().items() if k != "PYTHONUNBUFFERED"}  # buffered

    with open("/dev/full", "w") as full:
        done = subprocess.run(cli_command(data_dir, "--config", str(config), "sync"), env=env,
                              stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60)  # fmt: skip

    # failed before: "Exception ignored in: <...stdout...>" and its traceback on the
    # way out, and exit 120 instead of the error's 2 ("Updating from ..." unflushed)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"sci-reader: {missing}: no such file or folder\n"


def test_the_self_test_s_report_on_a_full_disk_is_said_in_one_line(tmp_path):
    # A clinic's install script keeps the report: `sci-reader --self-test > check.log`.
    with open("/dev/full", "w") as full:
        done = run(tmp_path / "unused", "--self-test", stdout=full)

    # failed before: "OSError: [Errno 28] No space left on device", a traceback, exit 1
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith(FULL + "send it somewhere else and run the command again\n")
    assert "Traceback" not in done.stderr
