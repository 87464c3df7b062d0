"""Clean-ups that must not hide errors.

A build that could not even be opened (a read-only folder) was cleaned up
by unlinking files on that read-only disk: the OSError replaced the real
error, a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.library import placing


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
