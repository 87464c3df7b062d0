"""The library's place holding something else, and clean-ups that must not hide errors.

A build that could not even be opened (a read-only folder) was cleaned up
by unlinking files on that read-only disk: the OSError replaced the real
error, a traceback. Something that is not a file in the library's place (a
named pipe, a device, a folder, a link to nothing) is said for what it is,
before SQLite opens it (a pipe would block it for ever), and is never
built over. Hang-prone cases run in a thread with a time limit.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.library import placing
from reader.core.library.store import open_library

WAIT_S = 10


def test_a_failed_clean_up_never_hides_why_the_build_could_not_start(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()

    def refused(*args, **kwargs):
        path = data / "library.sqlite3.1-beef.build"
        raise LibraryUnusable(f"{path}: the library file cannot be written", reason="read-only")

    def read_only_disk(self, missing_ok=False):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(placing, "open_library", refused)
    monkeypatch.setattr(placing.os, "getpid", lambda: 1)
    monkeypatch.setattr(placing.os, "urandom", lambda n: bytes.fromhex("beef"))
    monkeypatch.setattr(Path, "unlink", read_only_disk)

    with pytest.raises(LibraryUnusable) as raised:  # failed before: OSError (Errno 30)
        placing.start_build(data)

    assert str(raised.value) == f"{data}/library.sqlite3: the library file cannot be written"
    assert raised.value.reason == "read-only"


@pytest.mark.parametrize("kind", ["folder", "device"])
def test_opening_a_library_that_is_not_a_file_says_what_it_is(kind, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    library = data / "library.sqlite3"
    if kind == "folder":
        library.mkdir()
    else:
        library.symlink_to("/dev/null")
    what = "a folder" if kind == "folder" else "a named pipe or a device"
    for read_only in (True, False):
        # failed before: "disk I/O error" for a folder; an empty library for a device
        with pytest.raises(LibraryUnusable) as raised:
            open_library(data, create=False, read_only=read_only)
        assert str(raised.value) == (
            f"{library}: is {what}, not the library file; move it away, and a sync rebuilds it"
        )


def test_a_sync_never_builds_over_a_link_to_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "library.sqlite3").symlink_to(tmp_path / "unplugged" / "library.sqlite3")

    # failed before: a build started, which could never take the link's name (a sync
    # then tried again, for ever)
    with pytest.raises(LibraryUnusable) as raised:
        placing.open_library_for_sync(data)

    assert raised.value.reason == "missing"
    assert "which is missing" in str(raised.value)
    assert [p.name for p in data.iterdir()] == ["library.sqlite3"]


def _within(seconds: float, job, unblock) -> None:
    """Run `job` in a thread; if it is still running after `seconds`, unblock it and fail."""
    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        unblock()
        thread.join(seconds)
        pytest.fail("hung")


def test_stale_build_removal_leaves_a_pipe_named_like_a_build(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pipe = data / "library.sqlite3.1-cafe.build"
    os.mkfifo(pipe)
    os.utime(pipe, (0, 0), follow_symlinks=False)

    def unblock() -> None:
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))

    start = time.monotonic()
    _within(WAIT_S, lambda: placing.remove_stale_builds(data), unblock)  # failed before: hung

    assert time.monotonic() - start < WAIT_S and pipe.exists()
