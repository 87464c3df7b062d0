"""A library opened long ago (the window's) reads the file that is there now.

`Library.replaced()` tells that the file at the path is no longer the one
opened (replaced by a sync's rebuild or another program, or deleted);
`reopen()` opens it again, never creates a missing one, and until it
succeeds every read says why, never "an empty library". Real files, real
syncs.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.library.search import find
from reader.core.library.store import Library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec


@pytest.fixture
def bundles(tmp_path):
    first = {"walk": article_text("Walking again", "general", "Standing and walking.")}
    second = {"pain": article_text("Nerve pain relief", "general", "Easing nerve pain.")}
    v1 = bundle_spec(first, version=1).write(tmp_path / "v1", "zip")
    v2 = bundle_spec(second, version=2).write(tmp_path / "v2", "zip")
    return v1, v2


def test_a_replaced_file_is_seen_and_read_after_reopen(tmp_path, bundles):
    v1, v2 = bundles
    sync(tmp_path / "data", v1)
    sync(tmp_path / "other", v2)
    with Library(tmp_path / "data") as library:
        assert not library.replaced()
        assert [h.id for h in find(library, "walking").hits] == ["walk"]
        os.replace(tmp_path / "other" / "library.sqlite3", library.path)
        assert library.replaced()
        assert library.get_article("pain") is None  # still the file it opened
        library.reopen()
        assert not library.replaced()
        assert library.status().library_version == 2
        assert library.get_article("pain") is not None
        # The search's words are the new file's, not those cached for the old one.
        assert find(library, "walking").hits == []
        assert [h.id for h in find(library, "nerve").hits] == ["pain"]


def test_a_deleted_file_is_said_on_every_read_and_never_made_again(tmp_path, bundles):
    v1, _v2 = bundles
    sync(tmp_path / "data", v1)
    with Library(tmp_path / "data") as library:
        for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
            (tmp_path / "data" / name).unlink(missing_ok=True)
        assert library.replaced()
        with pytest.raises(LibraryUnusable, match="missing") as raised:
            library.reopen()
        assert raised.value.reason == "missing" and raised.value.exit_code == 5
        assert not library.path.exists()
        for read in (library.status, library.count_articles, lambda: find(library, "walking")):
            with pytest.raises(LibraryUnusable, match="missing"):
                read()
        sync(tmp_path / "data", v1)  # a sync makes it again
        library.reopen()
        assert library.count_articles() == 1


def test_a_damaged_file_says_damaged(tmp_path, bundles):
    v1, _v2 = bundles
    sync(tmp_path / "data", v1)
    with Library(tmp_path / "data") as library:
        garbage = tmp_path / "garbage"
        garbage.write_bytes(b"this is no library" * 500)
        os.replace(garbage, library.path)
        with pytest.raises(LibraryUnusable) as raised:
            library.reopen()
            library.status()
        assert raised.value.reason == "damaged" and raised.value.damaged


def test_closing_the_old_file_leaves_the_new_files_journal_alone(tmp_path, bundles):
    """SQLite names a file's journal after the path: closing the connection to
    the replaced file must not checkpoint into, or delete, the journal that now
    belongs to the new file, held by another program with a write not yet in
    the file itself (SQLite sees the file has moved and leaves the journal)."""
    v1, v2 = bundles
    sync(tmp_path / "data", v1)
    sync(tmp_path / "other", v2)
    with Library(tmp_path / "data") as library:
        assert library.count_articles() == 1  # the old file's journal is in use
        for suffix in ("-wal", "-shm"):  # as a sync's rebuild does: the old journal aside
            old = Path(f"{library.path}{suffix}")
            if old.exists():
                old.rename(tmp_path / f"aside{suffix}")
        os.replace(tmp_path / "other" / "library.sqlite3", library.path)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITE_AND_WAIT, str(library.path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert writer.stdout is not None and writer.stdout.readline() == "written\n"
            library.reopen()
            assert Path(f"{library.path}-wal").exists()
            with closing(sqlite3.connect(library.path)) as fresh:
                assert fresh.execute("SELECT word FROM probe").fetchall() == [("kept",)]
        finally:
            writer.communicate("", timeout=30)
        assert writer.returncode == 0
        assert library.status().library_version == 2


# Another program: commits a row to the new file and keeps it open (the row
# only in the journal) until told to stop.
WRITE_AND_WAIT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
conn.execute("CREATE TABLE probe (word TEXT)")
conn.execute("INSERT INTO probe VALUES ('kept')")
print("written", flush=True)
sys.stdin.read()
"""
