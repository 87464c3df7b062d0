"""A library damaged past its `meta` table is rebuilt by the next sync.

Whether a library is damaged used to be told from its `meta` table alone:
with the first page of `articles` or `article_categories` overwritten,
every sync failed ("database disk image is malformed", exit 5) and
nothing was set aside, although a sync rebuilds a damaged library. Now
damage found while syncing in place leads to the same rebuild.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.library.search import search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec

GARBAGE = b"\xa5 not a b-tree page \x5a" * 1000


def _articles(version: int) -> dict[str, str]:
    return {
        f"study-{i:03d}": article_text(
            f"Study {i} of version {version}",
            ["general", "pain"] if i % 2 else "general",
            f"Text of version {version} about otter number {i}.",
        )
        for i in range(60)
    }


def _damage_root_page(path: Path, table: str) -> bytes:
    """Overwrite the first (root) page of `table` in the closed library file."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        (root_page,) = root.fetchone()
    conn.close()
    assert not Path(f"{path}-wal").exists()
    with open(path, "r+b") as file:
        file.seek((root_page - 1) * page_size)
        file.write(GARBAGE[:page_size])
    return path.read_bytes()


@pytest.mark.parametrize("table", ["articles", "article_categories"])
def test_an_update_rebuilds_a_library_whose_table_is_damaged(tmp_path: Path, table: str) -> None:
    """(A re-sync of the bundle the library has is told "up to date" from `meta`
    and one query over the article cells, which keeps it fast: it does not look
    at the category rows' pages.)"""
    version = 2
    data_dir = tmp_path / "data"
    bundles = {v: bundle_spec(_articles(v), version=v).write(tmp_path / f"v{v}.zip", "zip")
               for v in (1, 2)}  # fmt: skip
    sync(data_dir, bundles[1])
    damaged = _damage_root_page(data_dir / "library.sqlite3", table)
    with open_library(data_dir, create=False) as library:
        assert library.meta().version == 1  # what a sync first looks at is fine

    result = sync(data_dir, bundles[version])

    assert (result.result, result.version, result.added) == ("updated", version, 60)
    aside = [p for p in data_dir.glob("library.sqlite3.damaged-*") if "-wal" not in p.name]
    assert [p.read_bytes() for p in aside if not p.name.endswith("-shm")] == [damaged]
    with open_library(data_dir, create=False) as library:
        assert library.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert library.status().articles == 60
        assert [c.articles for c in library.categories()][:2] == [60, 30]
        assert library.get_article("study-007").title == f"Study 7 of version {version}"
        assert [h.id for h in search(library, "otter 7")][:1] == ["study-007"]
    assert sync(data_dir, bundles[version]).result == "up-to-date"
