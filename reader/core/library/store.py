"""The local library: the synced content, one SQLite file in the data directory.

Only `reader.core.library.sync` writes content into it; everything here reads. Reads
use the plain sqlite3 connection so that `sci-reader status` starts fast;
sqlite-utils is loaded only for the first schema step (sync writes with plain SQL).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.core.database import (
    BackgroundFlush,
    connect,
    connect_read_only,
    explain,
    finish_build,
    migrate,
    refuse_newer,
    schema_version,
)
from reader.core.errors import LibraryUnusable
from reader.core.model import (
    Article,
    ArticleSummary,
    Category,
    CategoryCount,
    LibraryStatus,
    Page,
    record_from_row,
    stored_fields,
)
from reader.core.paths import LIBRARY_FILE

LABEL = "library"


def _schema_1(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    db = Database(conn)
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["categories"].create(
        {"slug": str, "name": str, "description": str, "position": int}, pk="slug"
    )
    db["articles"].create(
        {
            "id": str,
            "path": str,
            "sha256": str,
            "size": int,
            "added": str,
            # Early in the row: sync reads these for every article, and SQLite
            # reads a row's columns in order, through its overflow pages.
            "categories": str,
            "title": str,
            "journal": str,
            "year": int,
            "doi": str,
            "published": str,
            "evidence_level": str,
            "participants": str,
            "study_duration": str,
            "simple_explanation": str,
            "key_findings": str,
            "research_summary": str,
            "practical_implications": str,
            "study_limitations": str,
            "extra_sections": str,
            "extra_meta": str,
        },
        pk="id",
    )
    # The lists' order, newest first: a page of a 10,000-article list is then
    # read straight off the index instead of sorting every row for each page.
    conn.execute("CREATE INDEX articles_newest ON articles (added DESC, title, id)")
    # `added` and `title` are repeated here so that a page of a big category
    # comes straight off one index, in list order, without visiting the
    # category's earlier articles.
    db["article_categories"].create(
        {"article_id": str, "slug": str, "position": int, "added": str, "title": str},
        pk=("slug", "article_id"),
    )
    db["article_categories"].create_index(["article_id"])
    conn.execute(
        "CREATE INDEX article_categories_newest"
        " ON article_categories (slug, added DESC, title, article_id)"
    )
    db["pages"].create(
        {
            "id": str,
            "title": str,
            "path": str,
            "sha256": str,
            "size": int,
            "body": str,
            "position": int,
        },
        pk="id",
    )
    # The index keeps its own copy of the text (not contentless) so that
    # snippet() works; its rowid is the article row's rowid.
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')")


def _schema_2(conn: sqlite3.Connection) -> None:
    """Less to write per sync: a leaner search index and category table.

    The search index loses its prefix indexes ('2 3'): they tripled the
    work of indexing, and measured on 10,000 articles they did not make
    as-you-type searches faster (ranking the matches is what takes the
    time, not finding them). Its text moves across as it is.

    `article_categories` becomes one B-tree in list order instead of a
    table and three indexes: a changed article rewrote its rows in all
    four, which was over a third of what a 100-article update wrote.
    """
    _fts_without_prefixes(conn)
    conn.execute(
        "CREATE TABLE article_categories_2 ("
        " slug TEXT NOT NULL, added TEXT NOT NULL, title TEXT NOT NULL,"
        " article_id TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (slug, added DESC, title, article_id)) WITHOUT ROWID"
    )
    conn.execute(
        "INSERT INTO article_categories_2 (slug, added, title, article_id, position)"
        " SELECT slug, added, title, article_id, position FROM article_categories"
    )
    conn.execute("DROP TABLE article_categories")
    conn.execute("ALTER TABLE article_categories_2 RENAME TO article_categories")


def _fts_without_prefixes(conn: sqlite3.Connection) -> None:
    # The indexed text moves into `articles` (search_summary and
    # search_details), and the index reads it from there (external
    # content): each article's text is stored once instead of twice.
    for column in ("search_summary", "search_details"):
        conn.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    rows = conn.execute(
        "SELECT a.rowid, a.simple_explanation, a.key_findings, f.body"
        " FROM articles a JOIN articles_fts f ON f.rowid = a.rowid"
    ).fetchall()
    conn.executemany(
        "UPDATE articles SET search_summary = ?, search_details = ? WHERE rowid = ?",
        [(*_split_indexed_text(*row[1:]), row[0]) for row in rows],
    )
    conn.execute("DROP TABLE articles_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, search_summary, search_details,"
        " content = 'articles', content_rowid = 'rowid',"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 1.0)')"
    )
    # FTS5's write buffer stays at its default: a 32 MiB one ('hashsize')
    # made the first sync faster, but after a dozen updates the index kept a
    # deleted article's word (tests/core/library/test_sync.py::test_many_updates_*).
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _split_indexed_text(explanation: str, findings: str, body: str) -> tuple[str, str]:
    """Schema 1's one indexed text cut where `Article.search_texts()` cuts it."""
    summary = Article(
        id="", title="", categories=[], simple_explanation=explanation,
        key_findings=json.loads(findings or "[]"),
    ).search_texts()[0]  # fmt: skip
    if body == summary:
        return summary, ""
    if body.startswith(summary + "\n"):
        return summary, body[len(summary) + 1 :]
    return "", body  # written by other code: all of it is found, in the details


# How much of a title the category rows hold: enough to order nearly every
# list, and a bound on what an article in many categories costs.
TITLE_KEY_CHARS = 64


def title_key(title: str) -> str:
    """The start of a title that `article_categories` is keyed by.

    A prefix of whole characters is a prefix of the UTF-8 bytes, so keys
    compare as the titles do, except that titles agreeing for the key's
    whole length tie (see `Library._category_page`). SQLite's
    `substr(title, 1, TITLE_KEY_CHARS)` gives the same string.
    """
    return title[:TITLE_KEY_CHARS]


def _schema_3(conn: sqlite3.Connection) -> None:
    """`article_categories` keyed by a bounded title key instead of the title.

    The title was repeated in each of an article's category rows: a 200 KB
    title in 1,000 categories made a 139 KB bundle into a 206 MB library.
    The rows now hold the title's first TITLE_KEY_CHARS characters, so an
    article costs its text once plus a bounded amount per category, and a
    page of a category still comes off this one B-tree in list order (ties
    on the key are ordered by full title when the page is read).
    """
    conn.execute(
        "CREATE TABLE article_categories_3 ("
        " slug TEXT NOT NULL, added TEXT NOT NULL, title_key TEXT NOT NULL,"
        " article_id TEXT NOT NULL, position INTEGER NOT NULL,"
        " PRIMARY KEY (slug, added DESC, title_key, article_id)) WITHOUT ROWID"
    )
    conn.execute(
        "INSERT INTO article_categories_3 (slug, added, title_key, article_id, position)"
        f" SELECT slug, added, substr(title, 1, {TITLE_KEY_CHARS}), article_id, position"
        " FROM article_categories"
    )
    conn.execute("DROP TABLE article_categories")
    conn.execute("ALTER TABLE article_categories_3 RENAME TO article_categories")


SCHEMA_STEPS = [_schema_1, _schema_2, _schema_3]


_SUMMARY_COLUMNS = ", ".join(stored_fields(ArticleSummary))


class Library:
    """A connection to the library file. One per thread (sqlite3's rule)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        create: bool = True,
        file_name: str = LIBRARY_FILE,
        build: bool = False,
        read_only: bool = False,
    ):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / file_name
        self.exists = self.path.exists()
        self.conn: sqlite3.Connection | None = None
        self.build = build
        self.read_only = read_only
        self._flush: BackgroundFlush | None = None
        self._helper: HelperConnection | None = None
        self._key_column: str | None = None
        if not self.exists and not create:
            return
        if read_only and self._open_read_only():
            return
        self.conn = connect(self.path, label=LABEL, durable=False, build=build)
        self._flush = BackgroundFlush(self.path) if build else None
        try:
            migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)
        except BaseException:
            self.close()
            raise
        self.exists = True

    def _open_read_only(self) -> bool:
        """Open for reading only; False if the schema is older and must be migrated first.

        A file with no schema (zero bytes, or never finished) reads as an empty
        library, and stays as it is: reading commands never write.
        """
        self.conn = connect_read_only(self.path, label=LABEL)
        try:
            version = schema_version(self.conn, self.path, LABEL)
        except BaseException:
            self.close()
            raise
        if version == len(SCHEMA_STEPS):
            return True
        self.close()
        refuse_newer(version, SCHEMA_STEPS, self.path, LABEL)
        if version == 0:
            self.exists = False
            return True
        return False

    def close(self) -> None:
        self._stop_flush()
        if self._helper is not None:
            self._helper.close()
            self._helper = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _stop_flush(self) -> None:
        if self._flush is not None:
            self._flush.stop()
            self._flush = None

    def finish_build(self) -> None:
        """Close a library opened with `build=True`, its file complete and on disk."""
        assert self.build and self.conn is not None
        self._stop_flush()
        conn, self.conn = self.conn, None
        try:
            finish_build(conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        if self.conn is None:
            return []
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc

    def helper(self) -> HelperConnection:
        """A second connection on a thread of its own, for reads split in two (see search)."""
        if self._helper is None:
            self._helper = HelperConnection(self.path, read_only=self.read_only)
        return self._helper

    def last_article_rowid(self) -> int:
        return self._query("SELECT max(rowid) FROM articles")[0][0] or 0

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self._query("SELECT key, value FROM meta")}

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
        version = meta.get("library_version")
        return LibraryStatus(
            library_version=int(version) if version else None,
            data_dir=str(self.data_dir.resolve()),
            last_synced=meta.get("last_synced"),
            title=meta.get("title") or None,
            expires=meta.get("expires") or None,
            **counts,
        )

    def categories(self) -> list[CategoryCount]:
        rows = self._query(
            "SELECT c.slug, c.name, c.description,"
            " (SELECT count(*) FROM article_categories ac WHERE ac.slug = c.slug) AS n"
            " FROM categories c ORDER BY c.position"
        )
        return [
            CategoryCount(Category(r["slug"], r["name"], r["description"]), r["n"]) for r in rows
        ]

    def category_names(self) -> dict[str, str]:
        """slug -> name, without the article counts (cheap enough for every keystroke)."""
        return {r["slug"]: r["name"] for r in self._query("SELECT slug, name FROM categories")}

    def category(self, slug: str) -> Category | None:
        rows = self._query("SELECT slug, name, description FROM categories WHERE slug = ?", (slug,))
        return Category(rows[0]["slug"], rows[0]["name"], rows[0]["description"]) if rows else None

    def count_articles(self, category: str | None = None) -> int:
        if category is None:
            return self._query("SELECT count(*) FROM articles")[0][0] if self.conn else 0
        rows = self._query("SELECT count(*) FROM article_categories WHERE slug = ?", (category,))
        return rows[0][0] if rows else 0

    def list_articles(
        self, category: str | None = None, limit: int = -1, offset: int = 0
    ) -> list[ArticleSummary]:
        """Articles newest `added` first (ties by title), optionally of one category."""
        if category is None:
            rows = self._query(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles"
                " ORDER BY added DESC, title, id LIMIT ? OFFSET ?",
                (limit, offset),
            )
        else:
            rows = self._category_page(category, limit, offset)
        return [record_from_row(ArticleSummary, r) for r in rows]

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
            f"SELECT {_SUMMARY_COLUMNS} FROM articles"
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
        rows = self._query("SELECT * FROM articles WHERE id = ?", (article_id,))
        return record_from_row(Article, rows[0]) if rows else None

    def article_titles(self, ids: list[str]) -> dict[str, str]:
        """Titles of the given ids that are in the library (absent ids are left out)."""
        result: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._query(
                f"SELECT id, title FROM articles WHERE id IN ({marks})", tuple(chunk)
            ):
                result[row["id"]] = row["title"]
        return result

    def pages(self) -> list[Page]:
        return [
            Page(r["id"], r["title"], r["body"])
            for r in self._query("SELECT id, title, body FROM pages ORDER BY position")
        ]

    def get_page(self, page_id: str) -> Page | None:
        rows = self._query("SELECT id, title, body FROM pages WHERE id = ?", (page_id,))
        return Page(rows[0]["id"], rows[0]["title"], rows[0]["body"]) if rows else None


class HelperConnection:
    """A read connection to the library that lives on, and is used from, one worker thread.

    sqlite3 connections belong to one thread, and SQLite lets go of the GIL
    while it works, so a query here runs at the same time as one on the
    caller's own connection.
    """

    def __init__(self, path: Path, *, read_only: bool = False):
        from concurrent.futures import ThreadPoolExecutor  # only for a big library

        self._path = path
        self._read_only = read_only
        self._conn: sqlite3.Connection | None = None  # made and used on the worker thread
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-helper")

    def submit(self, sql: str, params: tuple):  # -> Future[list[sqlite3.Row]]
        return self._pool.submit(self._run, sql, params)

    def _run(self, sql: str, params: tuple) -> list[sqlite3.Row]:
        if self._conn is None and self._read_only:
            self._conn = connect_read_only(self._path, label=LABEL)
        if self._conn is None:
            self._conn = connect(self._path, label=LABEL, create=False, durable=False)
        return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self._pool.submit(self._close).result()
        self._pool.shutdown(wait=True)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


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
