"""The library file's layout: its tables, the steps that build and migrate them.

`database.migrate()` runs the steps a file has not had yet (see "Schema
changes" in docs/architecture.md): append a step, never edit one that has
shipped. Everything reads and writes with plain SQL, so `sci-reader status`
and a first sync start fast.
"""

from __future__ import annotations

import json
import sqlite3

from reader.core.db_errors import LIBRARY
from reader.core.model import Article

# How the library file is named in error messages (see `db_errors.explain`).
LABEL = LIBRARY


def _schema_1(conn: sqlite3.Connection) -> None:
    # Written with sqlite-utils until issue 16; these are the statements it
    # ran, word for word (tests/core/library/test_schema_1.py), without
    # the fifth of a second its import cost every first sync.
    conn.execute('CREATE TABLE "meta" (\n   "key" TEXT PRIMARY KEY,\n   "value" TEXT\n)')
    conn.execute(
        'CREATE TABLE "categories" (\n   "slug" TEXT PRIMARY KEY,\n   "name" TEXT,\n'
        '   "description" TEXT,\n   "position" INTEGER\n)'
    )
    # Early in the row: sync reads `categories` for every article, and
    # SQLite reads a row's columns in order, through its overflow pages.
    columns = (
        '"id" TEXT PRIMARY KEY', '"path" TEXT', '"sha256" TEXT', '"size" INTEGER',
        '"added" TEXT', '"categories" TEXT', '"title" TEXT', '"journal" TEXT',
        '"year" INTEGER', '"doi" TEXT', '"published" TEXT', '"evidence_level" TEXT',
        '"participants" TEXT', '"study_duration" TEXT', '"simple_explanation" TEXT',
        '"key_findings" TEXT', '"research_summary" TEXT', '"practical_implications" TEXT',
        '"study_limitations" TEXT', '"extra_sections" TEXT', '"extra_meta" TEXT',
    )  # fmt: skip
    conn.execute('CREATE TABLE "articles" (\n   ' + ",\n   ".join(columns) + "\n)")
    # The lists' order, newest first: a page of a 10,000-article list is then
    # read straight off the index instead of sorting every row for each page.
    conn.execute("CREATE INDEX articles_newest ON articles (added DESC, title, id)")
    # `added` and `title` are repeated here so that a page of a big category
    # comes straight off one index, in list order, without visiting the
    # category's earlier articles.
    conn.execute(
        'CREATE TABLE "article_categories" (\n   "article_id" TEXT,\n   "slug" TEXT,\n'
        '   "position" INTEGER,\n   "added" TEXT,\n   "title" TEXT,\n'
        '   PRIMARY KEY ("slug", "article_id")\n)'
    )
    conn.execute(
        'CREATE INDEX "idx_article_categories_article_id"\n'
        '    ON "article_categories" ("article_id")'
    )
    conn.execute(
        "CREATE INDEX article_categories_newest"
        " ON article_categories (slug, added DESC, title, article_id)"
    )
    conn.execute(
        'CREATE TABLE "pages" (\n   "id" TEXT PRIMARY KEY,\n   "title" TEXT,\n'
        '   "path" TEXT,\n   "sha256" TEXT,\n   "size" INTEGER,\n   "body" TEXT,\n'
        '   "position" INTEGER\n)'
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
    whole length tie (see `store.Library._category_page`). SQLite's
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


# What an app of schema 3 or older made of the two keys it did not know:
# their text in `extra_meta` (kept, not shown). Step 4 moves it into the new
# columns; a read-only opening of such a file reads it from there in the
# same way (`legacy_value`). The list is the one step 4 shipped with, kept
# here as it was: a value not on it stays an unknown key.
_LEGACY_KEYS = {"plain_title": "plain-title", "study_type": "study-type"}
_STUDY_TYPES_AT_STEP_4 = (
    "randomized-trial", "non-randomized-trial", "single-group-trial", "case-report",
    "case-series", "cohort", "case-control", "cross-sectional", "systematic-review",
    "narrative-review", "guideline", "modelling", "laboratory",
)  # fmt: skip


def legacy_value(column: str) -> str:
    """SQL for a step-4 column's value in a file without it: from `extra_meta`.

    Only text that an older app kept there: NULL for a cell that is not JSON
    text (a damaged one, which `json_extract` refused with a raw error), or
    for a value that is not text. Such a cell stays in `extra_meta`, where a
    read finds the damage (cells.py) and a sync rebuilds the library.
    """
    path = f"'$.\"{_LEGACY_KEYS[column]}\"'"
    value = f"json_extract(extra_meta, {path})"
    if column == "study_type":
        allowed = ", ".join(f"'{v}'" for v in _STUDY_TYPES_AT_STEP_4)
        value = f"CASE WHEN {value} IN ({allowed}) THEN {value} END"
    # CASE, not AND: json_type raises on what json_valid refuses.
    return (
        "CASE WHEN typeof(extra_meta) = 'text' AND json_valid(extra_meta) THEN"
        f" CASE WHEN json_type(extra_meta, {path}) = 'text' THEN {value} END END"
    )


def _schema_4(conn: sqlite3.Connection) -> None:
    """The plain headline and the study type (`Plain-Title`, `Study-Type`).

    Two columns, and the window's order by publication date ("newest"
    means the date the card shows: Published, else Year) as an index. An
    older app kept the two keys in `extra_meta`, and a sync reads only the
    files that changed: the values move from there into the columns, and the
    headline into the search text, so an unchanged article is not left
    without them. The search index reads `search_summary` from the row, so
    a changed row is taken out of the index first and put back after.
    """
    for column in _LEGACY_KEYS:
        conn.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
    conn.execute(f"CREATE INDEX articles_published ON articles ({PUBLISHED_ORDER}, title, id)")
    # As bytes: a cell that is not UTF-8 would make sqlite3 raise for them all.
    values = ", ".join(f"CAST(({legacy_value(c)}) AS BLOB)" for c in _LEGACY_KEYS)
    rows = conn.execute(
        "SELECT rowid, CAST(title AS BLOB), CAST(extra_meta AS BLOB),"
        f" CAST(search_summary AS BLOB), CAST(search_details AS BLOB), {values} FROM articles"
        " WHERE extra_meta LIKE '%plain-title%' OR extra_meta LIKE '%study-type%'"
    ).fetchall()
    for rowid, *cells in rows:
        moved = _moved(*cells)
        if moved is None:
            # Damaged: left as it is, the keys in `extra_meta` (see `legacy_value`).
            continue
        title, extra_meta, summary, details, plain_title, study_type = moved
        conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
        conn.execute(
            "UPDATE articles SET plain_title = ?, study_type = ?, extra_meta = ?,"
            " search_summary = ? WHERE rowid = ?",
            (plain_title, study_type, extra_meta, summary, rowid),
        )
        conn.execute(
            "INSERT INTO articles_fts (rowid, title, search_summary, search_details)"
            " VALUES (?, ?, ?, ?)",
            (rowid, title, summary, details),
        )


def _moved(*cells: bytes | None) -> tuple | None:
    """A row's title, `extra_meta` without the two keys, search texts and the two
    values, as step 4 writes them; None if a cell cannot be read: not UTF-8, or
    `extra_meta` not a JSON object to Python."""
    try:
        title, extra_meta, summary, details, plain_title, study_type = (
            None if cell is None else cell.decode() for cell in cells
        )
        meta = json.loads(extra_meta or "")
        if not isinstance(meta, dict) or summary is None:
            return None
        # A key given twice is read as its first by SQLite, its last by Python
        # (and by a read of this file unmigrated): left as it is unless they agree.
        if plain_title is not None:
            if meta.pop("plain-title") != plain_title:
                return None
            # Where `Article.search_texts()` puts it: last, on its own line.
            headline = Article(id="", title="", categories=[], plain_title=plain_title)
            summary = summary + headline.search_texts()[0]
        if study_type is not None and meta.pop("study-type") != study_type:
            return None
        extra_meta = json.dumps(meta, ensure_ascii=False)
        if not extra_meta.isascii():
            try:
                extra_meta.encode()
            except UnicodeEncodeError:  # a lone surrogate ("\ud800") is kept as its escape
                extra_meta = json.dumps(meta)
    except (UnicodeDecodeError, ValueError, RecursionError, KeyError):
        return None
    return title, extra_meta, summary, details, plain_title, study_type


# "Newest first" in the window: by the publication date a card shows, the
# day (Published) where there is one, else the year; undated ones last.
PUBLISHED_ORDER = "coalesce(published, CAST(year AS TEXT)) DESC"


SCHEMA_STEPS = [_schema_1, _schema_2, _schema_3, _schema_4]
