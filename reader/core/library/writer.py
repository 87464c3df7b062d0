"""Sync's writes: the rows of a bundle's articles, categories, pages and metadata.

Everything here runs inside the transaction that `sync.py` opens, and only
writes: which articles changed, and whether the bundle may be applied at
all, is decided there. Rows are written in batches with plain SQL, and rows
an update leaves as they were are not touched.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from reader.core.bundle.manifest import Manifest
from reader.core.library.cells import article_cell
from reader.core.library.rows import CATEGORY_LIST, ROW_COLUMNS, Row
from reader.core.library.schema import title_key
from reader.core.library.signing_status import SIGNED_KEY, signed_meta_value
from reader.core.timestamps import utc_now

BATCH = 1000


class Installed(NamedTuple):  # a tuple: one per article in the library, made per sync
    """What the library holds of an article before the sync."""

    id: str
    sha256: str
    categories: list[str]  # slugs
    added: str
    path: str
    rowid: int
    title: str

    def category_keys(self) -> dict[tuple[str, str, str, str], int]:
        """Its rows in `article_categories`: (slug, added, title key, article id) -> position."""
        key = title_key(self.title)
        return {(slug, self.added, key, self.id): i for i, slug in enumerate(self.categories)}


def read_installed(conn: sqlite3.Connection) -> dict[str, Installed]:
    """Each article the library holds before the sync, by id.

    Its id, date, title and categories are checked (CellError: the sync
    rebuilds a damaged library): they key its `article_categories` rows,
    kept for an unchanged article as they are. A sha256 or
    path that is not text only differs from the manifest's, so the article
    is read again or its path written again, as for any change.
    """
    installed = {}
    # Most articles share a few category lists: each is parsed and checked once
    # (a third of the time this read took on 10,000 articles). Never changed.
    slugs: dict[object, list[str]] = {}
    rows = conn.execute("SELECT id, sha256, categories, added, path, rowid, title FROM articles")
    for article_id, sha256, categories, added, path, rowid, title in rows:
        listed = slugs.get(categories)
        if listed is None or type(categories) is not str:
            listed = slugs[categories] = article_cell("categories", categories)
        if not type(article_id) is type(added) is type(title) is str:
            for name, value in (("id", article_id), ("added", added), ("title", title)):
                article_cell(name, value)  # CellError for the first that is not text
        installed[article_id] = Installed(article_id, sha256, listed, added, path, rowid, title)
    return installed


class ArticleWriter:
    """Batched writes of articles and their index rows, inside the caller's transaction.

    Row ids are chosen here (a replaced article keeps its own), so the search
    index is written with plain VALUES: several times faster than deriving
    each index row from the article row with INSERT ... SELECT.

    Filling an empty library (a first sync), the search index merges its
    segments only when a level fills up (FTS5's 'crisismerge', 16 of them),
    not a little at every flush of its write buffer ('automerge'): a quarter
    less of the indexing's time for 10,000 articles, and about as many
    segments in the end (10 against 8). The default comes back before the
    commit, so updates merge as they always did.
    """

    def __init__(self, conn: sqlite3.Connection, installed: dict[str, Installed]):
        self.conn = conn
        self.installed = installed
        self.next_rowid = (conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0) + 1
        self.rows: list[tuple[int, Row]] = []
        self.filling = not installed
        if self.filling:
            _set_automerge(conn, 0)

    def put(self, row: Row) -> None:
        old = self.installed.get(row[_ID])
        if old is not None:
            rowid = old.rowid
        else:
            rowid = self.next_rowid
            self.next_rowid += 1
        self.rows.append((rowid, row))
        if len(self.rows) >= BATCH:
            self.flush()

    def finish(self) -> None:
        """Write the rows still held, and set back what filling changed."""
        self.flush()
        if self.filling:
            _set_automerge(self.conn, AUTOMERGE)
            self.filling = False

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        installed = self.installed
        replaced = [(rowid, row) for rowid, row in rows if row[_ID] in installed]
        # The index reads a replaced article's old text from its row to take
        # its words out, so that comes first; the row is then updated in
        # place, not deleted and inserted: the index on `id` stays as it is,
        # as does the list-order index when `added` and `title` do.
        self.conn.executemany(
            "DELETE FROM articles_fts WHERE rowid = ?", [(rowid,) for rowid, _row in replaced]
        )
        self.conn.executemany(
            _INSERT,
            [(rowid, *row[:_COUNT]) for rowid, row in rows if row[_ID] not in installed],
        )
        self.conn.executemany(_UPDATE, [(*row[1:_COUNT], rowid) for rowid, row in replaced])
        self.conn.executemany(
            "INSERT INTO articles_fts (rowid, title, search_summary, search_details)"
            " VALUES (?, ?, ?, ?)",
            [(rowid, row[_TITLE], row[_SUMMARY], row[_DETAILS]) for rowid, row in rows],
        )
        old: dict[tuple[str, str, str, str], int] = {}
        for _rowid, row in replaced:
            old.update(installed[row[_ID]].category_keys())
        new = {
            (slug, row[_ADDED], title_key(row[_TITLE]), row[_ID]): position
            for _rowid, row in rows
            for position, slug in enumerate(row[CATEGORY_LIST])
        }
        # Rows an update leaves as they were (same categories, date and title key)
        # are not touched at all.
        self.conn.executemany(
            "DELETE FROM article_categories"
            " WHERE slug = ? AND added = ? AND title_key = ? AND article_id = ?",
            [key for key in old if key not in new],
        )
        self.conn.executemany(
            "INSERT INTO article_categories (slug, added, title_key, article_id, position)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET position = excluded.position",
            [(*key, position) for key, position in new.items() if old.get(key) != position],
        )


# FTS5's default (fts5Int.h, FTS5_DEFAULT_AUTOMERGE), which a library that
# has never set it uses.
AUTOMERGE = 4


def _set_automerge(conn: sqlite3.Connection, value: int) -> None:
    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', ?)", (value,))


# Where a row's values go (rows.py: the columns of `articles`, in order).
_COUNT = len(ROW_COLUMNS)
_ID, _TITLE, _ADDED, _SUMMARY, _DETAILS = (
    ROW_COLUMNS.index(name) for name in ("id", "title", "added", "search_summary", "search_details")
)
assert _ID == 0  # an update sets every column but the first
_INSERT = f"INSERT INTO articles (rowid, {', '.join(ROW_COLUMNS)}) VALUES (?{', ?' * _COUNT})"
_UPDATE = f"UPDATE articles SET {', '.join(f'{c} = ?' for c in ROW_COLUMNS[1:])} WHERE rowid = ?"


def _delete_articles(conn: sqlite3.Connection, rows: list[Installed]) -> None:
    rowids = [(r.rowid,) for r in rows]
    conn.executemany("DELETE FROM articles_fts WHERE rowid = ?", rowids)  # while the text is there
    conn.executemany(
        "DELETE FROM article_categories"
        " WHERE slug = ? AND added = ? AND title_key = ? AND article_id = ?",
        [key for r in rows for key in r.category_keys()],
    )
    conn.executemany("DELETE FROM articles WHERE rowid = ?", rowids)


def write_rest(
    conn, manifest: Manifest, unchanged, installed, withdrawn, pages, signed: bool
) -> None:
    """Categories, withdrawals, unchanged articles' listing fields, pages, metadata.

    `signed`: whether the manifest's signature verified (signing_status.py reads it).
    """
    conn.execute("DELETE FROM categories")
    conn.executemany(
        "INSERT INTO categories (slug, name, description, position) VALUES (?, ?, ?, ?)",
        [(c.slug, c.name, c.description, i) for i, c in enumerate(manifest.categories)],
    )
    _delete_articles(conn, [installed[article_id] for article_id in withdrawn])
    # An unchanged file may still have moved or changed its `added` date.
    moved = [
        (e.added, e.path, e.id)
        for e in unchanged
        if (installed[e.id].added, installed[e.id].path) != (e.added, e.path)
    ]
    conn.executemany("UPDATE articles SET added = ?, path = ? WHERE id = ?", moved)
    conn.executemany(
        "UPDATE article_categories SET added = ?"
        " WHERE slug = ? AND added = ? AND title_key = ? AND article_id = ?",
        [
            (added, *key)
            for added, _path, article_id in moved
            for key in installed[article_id].category_keys()
        ],
    )
    conn.execute("DELETE FROM pages")
    conn.executemany(
        "INSERT INTO pages (id, title, path, sha256, size, body, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (p.entry.id, p.entry.title, p.entry.path, p.entry.sha256, p.entry.size, p.body, i)
            for i, p in enumerate(pages)
        ],
    )
    values = {
        "library_version": str(manifest.version),
        "manifest_sha256": manifest.sha256,
        "last_synced": utc_now(),
        "title": manifest.title or "",
        "created": manifest.created,
        "expires": manifest.expires or "",
        SIGNED_KEY: signed_meta_value(signed),
    }
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )
