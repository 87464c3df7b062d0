"""The library's reads: `Library`, everything the app lists or shows from the file.

The library is the synced content, one SQLite file in the data directory.
Only `reader.core.library.sync` writes content into it (through writer.py);
its tables and their migrations are in schema.py, full-text search in search.py.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.core.db_errors import explain
from reader.core.errors import LibraryUnusable
from reader.core.library.cells import (
    article_cell,
    article_cells,
    category_of,
    page_of,
    page_title_of,
    record_from_row,
)
from reader.core.library.columns import stored_fields
from reader.core.library.library_file import LibraryFile
from reader.core.library.meta import LibraryMeta, read_meta
from reader.core.library.schema import LABEL, PUBLISHED_ORDER, legacy_value
from reader.core.model import (
    Article,
    ArticleSummary,
    Category,
    CategoryCount,
    LibraryStatus,
    Page,
    PageTitle,
)
from reader.core.paths import LIBRARY_FILE

# The orders of a list: `ADDED` (newest `added` first: the `list` command's
# contract) and `PUBLISHED` (the window's "newest first": the date a card shows).
ADDED = "added DESC, title, id"
PUBLISHED = f"{PUBLISHED_ORDER}, title, id"


class Library(LibraryFile):
    """The library file (library_file.py) and everything the app reads from it."""

    _key_column: str | None
    _columns: dict[type, str]
    _present: set[str] | None  # the `articles` table's columns

    def _forget_reads(self) -> None:
        self._key_column, self._columns, self._present = None, {}, None

    def last_article_rowid(self) -> int:
        return self._query("SELECT max(rowid) FROM articles")[0][0] or 0

    def meta(self) -> LibraryMeta:
        """What the last sync recorded, checked (meta.py); LibraryUnusable if damaged."""
        self.check_readable()
        return read_meta(self.conn, self.path)

    def status(self) -> LibraryStatus:
        meta = self.meta()
        counts = {"articles": 0, "categories": 0, "pages": 0}
        if self.conn is not None:
            row = self._query(
                "SELECT (SELECT count(*) FROM articles) AS articles,"
                " (SELECT count(*) FROM categories) AS categories,"
                " (SELECT count(*) FROM pages) AS pages"
            )[0]
            counts = dict(row)
        return LibraryStatus(
            library_version=meta.version,
            data_dir=str(self.data_dir.resolve()),
            last_synced=meta.last_synced,
            title=meta.title,
            expires=meta.expires,
            **counts,
        )

    def categories(self) -> list[CategoryCount]:
        rows = self._query(
            "SELECT c.slug, c.name, c.description,"
            " (SELECT count(*) FROM article_categories ac WHERE ac.slug = c.slug) AS n"
            " FROM categories c ORDER BY c.position"
        )
        return [CategoryCount(category_of(r, self.path), r["n"]) for r in rows]

    def category_names(self) -> dict[str, str]:
        """slug -> name, without the article counts (cheap enough for every keystroke)."""
        rows = self._query("SELECT slug, name, NULL AS description FROM categories")
        return {c.slug: c.name for c in (category_of(r, self.path) for r in rows)}

    def category(self, slug: str) -> Category | None:
        rows = self._query("SELECT slug, name, description FROM categories WHERE slug = ?", (slug,))
        return category_of(rows[0], self.path) if rows else None

    def count_articles(self, category: str | None = None) -> int:
        self.check_readable()
        if category is None:
            return self._query("SELECT count(*) FROM articles")[0][0] if self.conn else 0
        rows = self._query("SELECT count(*) FROM article_categories WHERE slug = ?", (category,))
        return rows[0][0] if rows else 0

    def list_articles(
        self, category: str | None = None, limit: int = -1, offset: int = 0, order: str = ADDED
    ) -> list[ArticleSummary]:
        """Articles in `order` (newest `added` first, ties by title), optionally of one category.

        `category` "" is every article, as None is.
        """
        columns = self._select(ArticleSummary)
        if not category:
            rows = self._query(
                f"SELECT {columns} FROM articles ORDER BY {order} LIMIT ? OFFSET ?",
                (limit, offset),
            )
        elif order == ADDED:
            rows = self._category_page(category, limit, offset)
        else:
            # Walks the `articles_published` index, keeping the category's
            # articles: a page costs the articles listed before it, not a sort.
            rows = self._query(
                f"SELECT {columns} FROM articles WHERE id IN"
                " (SELECT article_id FROM article_categories WHERE slug = ?)"
                f" ORDER BY {order} LIMIT ? OFFSET ?",
                (category, limit, offset),
            )
        with article_cells(self.path):
            return [record_from_row(ArticleSummary, r) for r in rows]

    def _select(self, record_type: type) -> str:
        """The columns of a record's fields, for SELECT (see `column`)."""
        columns = self._columns.get(record_type)
        if columns is None:
            columns = ", ".join(
                name if self.column(name) == name else f"{self.column(name)} AS {name}"
                for name in stored_fields(record_type)
            )
            self._columns[record_type] = columns
        return columns

    def column(self, name: str) -> str:
        """SQL for an article column's value. In a file of schema 3 or older
        (opened read-only), a step-4 column is read from where that app kept it."""
        if self._present is None:
            self._present = {r["name"] for r in self._query("PRAGMA table_info(articles)")}
        if name in self._present or not self._present:
            return name
        return legacy_value(name)

    def _category_page(self, slug: str, limit: int, offset: int) -> list[sqlite3.Row]:
        """Rows `offset` to `offset + limit` of a category, in list order.

        They come off `article_categories` in key order, which is list order
        except within a run of same-day articles whose titles share their
        first TITLE_KEY_CHARS characters (a "tie"): a run takes the same
        places in both orders, only its inner order differs. A page that
        cuts a run is widened to the whole run, sorted by full title, and
        cut back; otherwise this is one walk of the B-tree and a lookup per row.
        """
        key = self._category_key()
        order = f"ORDER BY added DESC, {key}, article_id"
        keys = self._query(
            f"SELECT added, {key}, article_id FROM article_categories"
            f" WHERE slug = ? {order} LIMIT ? OFFSET ?",
            (slug, limit, offset),
        )
        if not keys:
            return []
        tie = f"slug = ? AND added = ? AND {key} = ? AND article_id"
        first, last = keys[0], keys[-1]
        before = self._query(
            f"SELECT count(*) FROM article_categories WHERE {tie} < ?", (slug, *first)
        )[0][0]
        after = self._query(
            f"SELECT count(*) FROM article_categories WHERE {tie} > ?", (slug, *last)
        )[0][0]
        if before or after:
            keys = self._query(
                f"SELECT article_id FROM article_categories WHERE slug = ? {order}"
                " LIMIT ? OFFSET ?",
                (slug, len(keys) + before + after, offset - before),
            )
        ids = json.dumps([row["article_id"] for row in keys])
        rows = self._query(
            f"SELECT {self._select(ArticleSummary)} FROM articles"
            " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY added DESC, title, id",
            (ids,),
        )
        return rows[before : len(rows) - after]

    def _category_key(self) -> str:
        """The title column `article_categories` is keyed by: `title_key`, or
        `title` in a schema-2 file opened without its migration (read-only)."""
        if self._key_column is None:
            columns = {r["name"] for r in self._query("PRAGMA table_info(article_categories)")}
            self._key_column = "title" if "title" in columns else "title_key"
        return self._key_column

    def get_article(self, article_id: str) -> Article | None:
        rows = self._query(
            f"SELECT {self._select(Article)} FROM articles WHERE id = ?", (article_id,)
        )
        with article_cells(self.path):
            return record_from_row(Article, rows[0]) if rows else None

    def article_titles(self, ids: list[str]) -> dict[str, str]:
        """Headlines (`Article.headline`) of the given ids that are in the library
        (absent ids are left out)."""
        plain_title = self.column("plain_title")
        result: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT id, {plain_title}, title FROM articles WHERE id IN ({marks})",
                tuple(chunk),
            )
            with article_cells(self.path):
                for article_id, plain, title in rows:
                    headline = article_cell("plain_title", plain) or article_cell("title", title)
                    result[article_cell("id", article_id)] = headline
        return result

    def pages(self) -> list[Page]:
        rows = self._query("SELECT id, title, body FROM pages ORDER BY position")
        return [page_of(r, self.path) for r in rows]

    def page_titles(self) -> list[PageTitle]:
        """The pages' ids and titles in manifest order, without their bodies (the window's
        menu lists them; a body may be 1 MiB)."""
        rows = self._query("SELECT id, title FROM pages ORDER BY position")
        return [page_title_of(r, self.path) for r in rows]

    def get_page(self, page_id: str) -> Page | None:
        rows = self._query("SELECT id, title, body FROM pages WHERE id = ?", (page_id,))
        return page_of(rows[0], self.path) if rows else None


def open_library(
    data_dir: Path,
    *,
    create: bool = True,
    file_name: str = LIBRARY_FILE,
    build: bool = False,
    read_only: bool = False,
) -> Library:
    """Open the library, turning low-level failures into LibraryUnusable.

    `read_only` (reading commands): never writes, not even a schema into an
    empty file, so it works on a read-only folder or a full disk.
    """
    try:
        return Library(
            data_dir, create=create, file_name=file_name, build=build, read_only=read_only
        )
    except sqlite3.DatabaseError as exc:
        raise explain(exc, Path(data_dir) / LIBRARY_FILE, LABEL) from exc
    except LibraryUnusable:
        raise
