"""Library files of earlier schemas (3 and 2), made from a real synced library.

Step 4 added the plain headline and study type as columns; an app of schema
3 kept them in `extra_meta` and the headline out of the search text, so
`back_to_schema_3` puts them back there (see `schema._schema_4`).

Step 3 only re-keyed `article_categories` (`title_key` for `title`), so
undoing it on a synced library gives the file an app of schema 2 would
have written for the same bundle: the same rows, search text and pages.
`schema_2_layout` is what `SCHEMA_STEPS[:2]` itself makes, to check that.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.core.database import connect, migrate
from reader.core.library.schema import SCHEMA_STEPS


def back_to_schema_3(path: Path) -> None:
    """Turn a synced library at `path` (schema 4) into the schema-3 file of its content."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
        conn.execute("BEGIN")
        rows = conn.execute(
            "SELECT rowid, title, plain_title, study_type, extra_meta, search_summary,"
            " search_details FROM articles WHERE plain_title IS NOT NULL OR study_type IS NOT NULL"
        ).fetchall()
        for rowid, title, plain_title, study_type, extra_meta, summary, details in rows:
            meta = json.loads(extra_meta)
            if plain_title is not None:
                meta["plain-title"] = plain_title
                summary = summary.rsplit("\n", 1)[0]  # the headline was its last line
            if study_type is not None:
                meta["study-type"] = study_type
            conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (rowid,))
            conn.execute(
                "UPDATE articles SET extra_meta = ?, search_summary = ? WHERE rowid = ?",
                (json.dumps(meta, ensure_ascii=False), summary, rowid),
            )
            conn.execute(
                "INSERT INTO articles_fts (rowid, title, search_summary, search_details)"
                " VALUES (?, ?, ?, ?)",
                (rowid, title, summary, details),
            )
        conn.execute("DROP INDEX articles_published")
        conn.execute("ALTER TABLE articles DROP COLUMN plain_title")
        conn.execute("ALTER TABLE articles DROP COLUMN study_type")
        conn.execute("PRAGMA user_version = 3")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    scratch = path.parent.parent / "schema-3-layout.sqlite3"
    assert layout(path) == schema_layout(scratch, 3)


def back_to_schema_2(path: Path) -> None:
    """Turn a synced library at `path` (schema 4) into the schema-2 file of its content."""
    back_to_schema_3(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        conn.execute("BEGIN")
        conn.execute(
            "CREATE TABLE article_categories_2 ("
            " slug TEXT NOT NULL, added TEXT NOT NULL, title TEXT NOT NULL,"
            " article_id TEXT NOT NULL, position INTEGER NOT NULL,"
            " PRIMARY KEY (slug, added DESC, title, article_id)) WITHOUT ROWID"
        )
        conn.execute(
            "INSERT INTO article_categories_2 (slug, added, title, article_id, position)"
            " SELECT ac.slug, ac.added, a.title, ac.article_id, ac.position"
            " FROM article_categories ac JOIN articles a ON a.id = ac.article_id"
        )
        conn.execute("DROP TABLE article_categories")
        conn.execute("ALTER TABLE article_categories_2 RENAME TO article_categories")
        conn.execute("PRAGMA user_version = 2")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    assert layout(path) == schema_layout(path.parent.parent / "schema-2-layout.sqlite3", 2)


def layout(path: Path) -> list[tuple]:
    """The file's tables and indexes as SQLite records them (FTS5's shadow tables aside)."""
    # Not `mode=ro`: a read-only connection cannot tidy away the -wal and
    # -shm files when it closes, and the tests check that nothing is left.
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'articles_fts_%'"
            " ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def schema_layout(scratch: Path, steps: int) -> list[tuple]:
    """The layout of an empty file that had the first `steps` schema steps."""
    conn = connect(scratch, label="library")
    try:
        migrate(conn, SCHEMA_STEPS[:steps], scratch, "library")
    finally:
        conn.close()
    return layout(scratch)
