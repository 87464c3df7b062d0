"""A disk that takes no more bytes: every command says so in one plain line and loses nothing.

Each case is a real `sci-reader` process whose file size limit
(RLIMIT_FSIZE, with SIGXFSZ ignored) makes its writes fail part-way with a
real OS error, as a full disk or a quota does; no root and no mount needed.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.logfile import log_path
from reader.core.paths import LIBRARY_FILE
from reader.core.personal.store import PersonalData
from tests.bundles import article_text, bundle_spec, library_snapshot, source_folder, write_zip
from tests.processes import cli_command, cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")


def run_limited(data_dir: Path, *args: str, limit: int) -> subprocess.CompletedProcess:
    """`sci-reader --data-dir DATA ARGS`, unable to make any file larger than `limit` bytes."""

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(cli_command(data_dir, *args), env=cli_env(), capture_output=True,
                          text=True, preexec_fn=small_files, timeout=120)  # fmt: skip


def test_a_log_that_cannot_be_written_changes_no_exit_code(data_dir, tmp_path):
    # The window's start logs its configuration problems; the log is already as
    # large as a file may be, so every line fails to be written.
    log = log_path(data_dir)
    log.parent.mkdir(parents=True)
    log.write_text("x" * 5000, encoding="utf-8")
    config = tmp_path / "clinic.toml"
    config.write_text("theme = 3\n", encoding="utf-8")

    done = run_limited(data_dir, "--config", str(config), limit=5000)

    # failed before: closing the log raised "File too large": exit 1 with a traceback
    assert done.returncode == 2, done.stderr
    assert "theme: must be one of" in done.stderr
    assert "Traceback" not in done.stderr and "Logging error" not in done.stderr
    warnings = [line for line in done.stderr.splitlines() if "the log" in line]
    assert len(warnings) == 1, done.stderr  # said once, not once a line
    assert warnings[0].startswith("sci-reader: warning: cannot write the log ")
    assert log.read_text(encoding="utf-8") == "x" * 5000


def _one_plain_line(done: subprocess.CompletedProcess) -> str:
    assert done.stderr.startswith("sci-reader: ") and len(done.stderr.splitlines()) == 1, done
    return done.stderr


def test_a_first_sync_the_disk_cannot_take_says_so_and_leaves_no_folder(data_dir):
    done = run_limited(data_dir, "sync", limit=8192)

    assert done.returncode == 5, done.stderr
    # failed before: "the library cannot be used (cannot rollback - no transaction
    # is active)", and the data folder left holding the build's file
    assert "the disk is full" in _one_plain_line(done)
    assert not data_dir.exists()


def test_a_sync_the_disk_cannot_take_says_so_and_the_library_stays(installed, data_dir, tmp_path):
    bigger = {f"study-{n}": article_text(f"Study {n}", simple="Plain words. " * 400)
              for n in range(40)}  # fmt: skip
    source = write_zip(tmp_path / "v2.zip", bundle_spec(bigger, version=2))
    size = (data_dir / LIBRARY_FILE).stat().st_size

    done = run_limited(data_dir, "sync", str(source), limit=size)  # the library cannot grow

    assert done.returncode == 5, done.stderr
    # failed before: "the library cannot be used (disk I/O error)", as for a drive gone
    assert "the disk is full" in _one_plain_line(done)
    assert library_snapshot(data_dir) == installed


def test_an_export_the_disk_cannot_take_says_so_in_one_line_and_keeps_the_last(data_dir, tmp_path):
    with PersonalData(data_dir) as store:
        for n in range(20):
            store.set_note(f"study-{n}", f"Study {n}", "Ask about this. " * 200,
                           "2026-01-02T00:00:00Z")  # fmt: skip
    backups = tmp_path / "backups"
    backups.mkdir()
    last = backups / "mine.json"
    last.write_text('{"format": "sci-reader-userdata", "format_version": 1, "notes": []}\n')
    before = last.read_bytes()

    done = run_limited(data_dir, "userdata", "export", str(last), limit=16384)

    assert done.returncode == 2, done.stderr
    # failed before: "Exception ignored in: <generator object PersonalData._rows" and
    # its traceback after the message; and "(File too large)" for a full disk
    assert "cannot be written: the disk is full" in _one_plain_line(done)
    assert last.read_bytes() == before
    assert [p.name for p in backups.iterdir()] == ["mine.json"]


def test_a_bundle_the_disk_cannot_take_is_named_as_the_publisher_named_it(data_dir, tmp_path):
    src = source_folder(tmp_path / "src", {"first-study": article_text("First", "pain", "Words.")})
    out = tmp_path / "out" / "library.zip"

    done = run_limited(data_dir, "bundle", "build", str(src), str(out), "--version", "1",
                       limit=1024)  # fmt: skip

    assert done.returncode == 2, done.stderr
    # failed before: "out/library.zip.new: cannot be written (File too large)", a name
    # the publisher never gave, and the system's words for a full disk
    assert _one_plain_line(done) == f"sci-reader: {out}: cannot be written: the disk is full\n"
    assert not out.parent.exists()
