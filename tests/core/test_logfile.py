"""The window's log file: rotated at its size limit, kept to LOG_BACKUPS old files."""

from __future__ import annotations

import logging
import os
import stat
import subprocess

import pytest

from reader.core import logfile
from reader.core.logfile import log_path, start_log, stop_log
from tests.processes import cli_command, cli_env


@pytest.fixture
def small_log(monkeypatch, tmp_path):
    monkeypatch.setattr(logfile, "LOG_MAX_BYTES", 400)
    start_log(tmp_path)
    yield log_path(tmp_path)
    stop_log()


def test_a_full_log_is_moved_aside_and_only_three_old_ones_are_kept(small_log):
    log = logging.getLogger("reader.core.test")
    for n in range(60):
        log.info("line %03d %s", n, "x" * 40)
    stop_log()
    folder = small_log.parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "sci-reader.log", "sci-reader.log.1", "sci-reader.log.2", "sci-reader.log.3",
    ]  # fmt: skip
    for path in folder.iterdir():
        assert 0 < path.stat().st_size <= 400
    # Oldest to newest: .3, .2, .1, then the file itself; no line lost in between.
    kept = []
    for name in ("sci-reader.log.3", "sci-reader.log.2", "sci-reader.log.1", "sci-reader.log"):
        kept += [
            int(line.split("line ")[1][:3]) for line in (folder / name).read_text().splitlines()
        ]
    assert kept == list(range(kept[0], 60))
    assert all(line.split(" ")[1] == "INFO" for line in small_log.read_text().splitlines())


def test_a_folder_that_cannot_be_written_fails_at_start(tmp_path):
    (tmp_path / "logs").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        start_log(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_the_logs_place_is_said_and_the_start_goes_on(tmp_path):
    data_dir = tmp_path / "data"
    log_path(data_dir).parent.mkdir(parents=True)
    os.mkfifo(log_path(data_dir))
    config = tmp_path / "clinic.toml"
    config.write_text("theme = 3\n", encoding="utf-8")  # the window stops there: exit 2

    # failed before: the window's start waited for ever for a reader of the pipe
    done = subprocess.run(cli_command(data_dir, "--config", str(config)), env=cli_env(),
                          capture_output=True, text=True, timeout=60)  # fmt: skip

    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[0] == (
        f"sci-reader: warning: cannot write the log in {data_dir}: "
        "is a named pipe, not a regular file"
    )
    assert stat.S_ISFIFO(os.lstat(log_path(data_dir)).st_mode)  # left as it was
