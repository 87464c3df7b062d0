"""The first sync (and a rebuild) writes a file of its own, named the library only when complete."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

import reader.core.library.children as children
import reader.core.library.parsing as parsing
from reader.core.errors import BundleRejected, SyncCancelled
from reader.core.library.placing import STALE_BUILD_SECONDS
from reader.core.library.schema import SCHEMA_STEPS
from reader.core.library.search import search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, library_snapshot

ARTICLES = {
    f"article-{i:02d}": article_text(f"Article {i}", "general", f"Body {i} about lemurs.")
    for i in range(12)
}


def library_files(data_dir) -> list[str]:
    return sorted(p.name for p in data_dir.iterdir() if p.name.startswith("library"))


def content(data_dir) -> dict:
    snapshot = library_snapshot(data_dir)
    return {k: v for k, v in snapshot.items() if k not in ("status", "meta")}


def test_first_sync_leaves_one_wal_mode_library_and_nothing_else(data_dir, make_bundle):
    result = sync(data_dir, make_bundle(ARTICLES, version=1, kind="zip"))
    assert (result.result, result.added) == ("updated", 12)
    assert library_files(data_dir) == ["library.sqlite3"]
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(SCHEMA_STEPS)
    finally:
        conn.close()
    with open_library(data_dir, create=False) as library:
        assert len(search(library, "lemurs")) == 12


def test_first_sync_gives_the_same_library_as_a_sync_in_place(data_dir, tmp_path, make_bundle):
    bundle = make_bundle(ARTICLES, version=1, kind="zip")
    sync(data_dir, bundle)
    in_place = tmp_path / "in-place"
    with open_library(in_place):  # an empty library exists: the sync changes it in place
        pass
    sync(in_place, bundle)
    assert content(in_place) == content(data_dir)


def test_rejected_first_sync_leaves_no_library(data_dir, make_bundle):
    broken = make_bundle(
        ARTICLES,
        version=1,
        edit=lambda spec: spec.files.__setitem__("articles/article-03.md", b"x"),
    )
    with pytest.raises(BundleRejected):
        sync(data_dir, broken)
    assert library_files(data_dir) == []


def test_cancelled_first_sync_leaves_no_library(data_dir, make_bundle):
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 5

    with pytest.raises(SyncCancelled):
        sync(data_dir, make_bundle(ARTICLES, version=1), cancelled=cancelled)
    assert library_files(data_dir) == []


def test_library_made_during_a_first_sync_is_synced_into_not_replaced(data_dir, make_bundle):
    """Another program (the window) creates the library while the first sync builds its own."""
    window = []

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Saving") and not window:
            window.append(open_library(data_dir))  # creates an empty library, keeps it open

    result = sync(data_dir, make_bundle(ARTICLES, version=1), progress=progress)
    assert (result.result, result.added) == ("updated", 12)
    library = window[0]
    try:
        # The window's own connection sees the synced articles: same file, filled in place.
        assert library.count_articles() == 12
        assert os.path.samefile(library.path, data_dir / "library.sqlite3")
    finally:
        library.close()
    assert library_files(data_dir) == ["library.sqlite3"]


def _build_file(data_dir, name: str, age: float, data: bytes = b"half a library") -> object:
    path = data_dir / f"library.sqlite3.{name}.build"
    path.write_bytes(data)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_files_of_killed_builds_are_removed_but_live_ones_kept(data_dir, installed, make_bundle):
    old = STALE_BUILD_SECONDS + 60
    leftover = _build_file(data_dir, "111-dead", age=old)
    recent = _build_file(data_dir, "222-new", age=0)  # may be starting right now
    live = data_dir / "library.sqlite3.333-live.build"
    holder = sqlite3.connect(live, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # a build running in another process
    then = time.time() - old
    os.utime(live, (then, then))
    try:
        sync(data_dir, make_bundle(ARTICLES, version=2))
        assert not leftover.exists()
        assert recent.exists()
        assert live.exists()
    finally:
        holder.close()


def test_big_first_sync_from_a_zip_with_children_started_early(
    monkeypatch, data_dir, tmp_path, make_bundle
):
    bundle = make_bundle(ARTICLES, version=1, kind="zip")
    sync(data_dir, bundle)
    started = []
    real_pool = children.ChildPool

    class CountingPool(real_pool):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self._child is not None)

    monkeypatch.setattr(parsing, "PARALLEL_FROM", 1)
    monkeypatch.setattr(children, "ChildPool", CountingPool)
    there = tmp_path / "children"
    sync(there, bundle)
    assert started == [True]
    assert content(there) == content(data_dir)


def test_a_child_started_early_and_not_needed_exits():
    pool = children.ChildPool()
    started = pool._child
    assert started is not None
    pool.close()
    assert started.returncode is not None
    assert pool.take() is None


def test_a_library_of_schema_1_moves_to_the_new_search_index(data_dir):
    """Step 2 drops the prefix indexes and rebuilds the category table; nothing is lost."""
    from reader.core.database import connect, migrate

    data_dir.mkdir()
    conn = connect(data_dir / "library.sqlite3", label="library")
    migrate(conn, SCHEMA_STEPS[:1], data_dir / "library.sqlite3", "library")
    conn.execute(
        "INSERT INTO articles (rowid, id, path, sha256, size, added, categories, title,"
        " simple_explanation, key_findings, practical_implications, study_limitations,"
        " extra_sections, extra_meta)"
        " VALUES (7, 'otter', 'articles/otter.md', 'x', 1, '2026-01-01', '[\"general\"]',"
        " 'Otter study', 'About otters.', '[\"They swim.\"]', '[]', '[]', '[]', '{}')"
    )
    conn.execute(
        "INSERT INTO articles_fts (rowid, title, body)"
        " VALUES (7, 'Otter study', 'About otters.' || char(10) || 'They swim.'"
        "         || char(10) || 'Only a few otters took part.')"
    )
    conn.execute("INSERT INTO categories VALUES ('general', 'General', 'All of it.', 0)")
    conn.execute(
        "INSERT INTO article_categories (article_id, slug, position, added, title)"
        " VALUES ('otter', 'general', 0, '2026-01-01', 'Otter study')"
    )
    sql = "SELECT sql FROM sqlite_master WHERE name = 'articles_fts'"
    assert "prefix" in conn.execute(sql).fetchone()[0]
    conn.close()

    with open_library(data_dir) as library:
        assert [h.id for h in search(library, "otters")] == ["otter"]
        assert [h.id for h in search(library, "ott")] == ["otter"]  # prefix search still works
        assert [a.id for a in library.list_articles("general")] == ["otter"]
        assert [c.articles for c in library.categories()] == [1]
        texts = library.conn.execute("SELECT search_summary, search_details FROM articles")
        assert [tuple(row) for row in texts] == [
            ("About otters.\nThey swim.", "Only a few otters took part.")
        ]
        [hit] = search(library, "few")
        assert hit.snippet_text == "Only a [few] otters took part."
        schema = library.conn.execute(sql).fetchone()[0]
        config = dict(library.conn.execute("SELECT k, v FROM articles_fts_config").fetchall())
        version = library.conn.execute("PRAGMA user_version").fetchone()[0]
    assert "prefix" not in schema
    assert "hashsize" not in config  # see tests/test_sync.py::test_many_updates_*
    assert version == len(SCHEMA_STEPS)


def fts_config(data_dir) -> dict:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        return dict(conn.execute("SELECT k, v FROM articles_fts_config"))
    finally:
        conn.close()


@pytest.mark.parametrize("where", ["new file", "in place"])
def test_filling_the_search_index_leaves_it_merging_as_usual(data_dir, make_bundle, where):
    """A first fill merges the index's segments only when a level is full; not after.

    The library keeps FTS5's default 'automerge' (4) for its updates, and
    the index it was filled with is exact.
    """
    if where == "in place":
        with open_library(data_dir):  # an empty library: the sync fills it in place
            pass
    sync(data_dir, make_bundle(ARTICLES, version=1, kind="zip"))
    assert fts_config(data_dir)["automerge"] == 4
    changed = {**ARTICLES, "article-00": article_text("Article 0", "general", "Now on otters.")}
    assert sync(data_dir, make_bundle(changed, version=2, kind="zip")).updated == 1
    assert fts_config(data_dir)["automerge"] == 4
    with open_library(data_dir, create=False) as library:
        assert len(search(library, "lemurs")) == 11
        assert [hit.id for hit in search(library, "otters")] == ["article-00"]
