"""A library opened long ago (the window's) reads the file that is there now.

`Library.replaced()` tells that the file at the path is no longer the one
opened (replaced by a sync's rebuild or another program, or deleted);
`reopen()` opens it again, never creates a missing one, and until it
succeeds every read says why, never "an empty library". Real files, real
syncs.
"""

from __future__ import annotations

import os

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
