"""A finished build waiting for the sync lock is neither deleted nor lost in a traceback.

A build is closed (so unlocked, and no longer written to) once complete,
and then waits up to LOCK_TIMEOUT for the sync lock to take the library's
name. Another sync's clean-up used to count such a file as a leftover
after a minute and delete it; the waiting sync then crashed (exit 1,
FileNotFoundError). A build is now stale only once no sync can still be
waiting to place it, and a build gone missing anyway is a clear exit 5.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.library import placing
from reader.core.library.lock import LOCK_TIMEOUT
from reader.core.library.store import Library, open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec

ARTICLES = {f"study-{i}": article_text(f"Study {i}", "general") for i in range(5)}


def _finished_build(data_dir: Path, age: float) -> Path:
    """A complete build file, closed, last written `age` seconds ago."""
    library = open_library(data_dir, file_name="library.sqlite3.999-cafe.build", build=True)
    path = library.path
    library.finish_build()
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_a_finished_build_is_kept_while_its_sync_may_still_wait_for_the_lock(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    waiting = _finished_build(data_dir, age=LOCK_TIMEOUT)
    placing.remove_stale_builds(data_dir)
    assert waiting.exists()
    os.utime(waiting, (0, 0))  # long after any sync could have waited
    placing.remove_stale_builds(data_dir)
    assert not waiting.exists()


def _build_removed_once_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next build's file is deleted (as a clean-up elsewhere would) once
    it is finished, before it is put in place."""
    real_finish = Library.finish_build

    def finish_then_lose(self: Library) -> None:
        real_finish(self)
        placing.remove_database(self.path)

    monkeypatch.setattr(Library, "finish_build", finish_then_lose)


def test_a_first_sync_whose_build_vanished_says_sync_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, run_cli
) -> None:
    data_dir = tmp_path / "data"
    source = bundle_spec(ARTICLES).write(tmp_path / "bundle", "dir")
    _build_removed_once_finished(monkeypatch)
    result = run_cli("--data-dir", data_dir, "sync", source)
    assert result.code == 5, result
    assert "sync again" in result.err and "Traceback" not in result.err
    assert result.err.count("\n") == 1
    assert not data_dir.exists()  # the folder this failed first sync made is gone too

    monkeypatch.undo()
    assert sync(data_dir, source).added == len(ARTICLES)


def test_a_rebuild_whose_build_vanished_leaves_the_damaged_library_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    source = bundle_spec(ARTICLES).write(tmp_path / "bundle", "dir")
    data_dir.mkdir()
    damaged = b"not a library " * 300
    (data_dir / "library.sqlite3").write_bytes(damaged)
    _build_removed_once_finished(monkeypatch)
    with pytest.raises(LibraryUnusable, match="sync again"):
        sync(data_dir, source)
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]
    assert (data_dir / "library.sqlite3").read_bytes() == damaged

    monkeypatch.undo()
    assert sync(data_dir, source).added == len(ARTICLES)
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(ARTICLES)
    conn.close()
