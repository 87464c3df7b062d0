"""Schema step 1, written as plain SQL, makes the file sqlite-utils made.

Step 1 shipped as sqlite-utils calls; it is now the statements those calls
ran (importing sqlite-utils cost every first sync a fifth of a second). A
step that has shipped must not change what it makes, so the file it makes
is compared, entry by entry of `sqlite_schema`, with the one the original
calls make, kept here as they were.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from reader.core.library.schema import _schema_1


def _schema_1_as_shipped(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    db = Database(conn)
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["categories"].create(
        {"slug": str, "name": str, "description": str, "position": int}, pk="slug"
    )
    db["articles"].create(
        {
            "id": str, "path": str, "sha256": str, "size": int, "added": str,
            "categories": str, "title": str, "journal": str, "year": int, "doi": str,
            "published": str, "evidence_level": str, "participants": str,
            "study_duration": str, "simple_explanation": str, "key_findings": str,
            "research_summary": str, "practical_implications": str,
            "study_limitations": str, "extra_sections": str, "extra_meta": str,
        },
        pk="id",
    )  # fmt: skip
    conn.execute("CREATE INDEX articles_newest ON articles (added DESC, title, id)")
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
            "id": str, "title": str, "path": str, "sha256": str, "size": int,
            "body": str, "position": int,
        },
        pk="id",
    )  # fmt: skip
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')")


def _made_by(step) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        step(conn)
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid"
        ).fetchall()
        config = conn.execute("SELECT k, v FROM articles_fts_config ORDER BY k").fetchall()
        return schema, config
    finally:
        conn.close()


def test_step_1_makes_the_schema_sqlite_utils_made():
    pytest.importorskip("sqlite_utils")
    made, shipped = _made_by(_schema_1), _made_by(_schema_1_as_shipped)
    assert made[0] == shipped[0]
    assert made[1] == shipped[1]
    assert len(made[0]) == 19  # 5 tables, 8 indexes, the search index and its 5 tables


def test_a_first_sync_does_not_import_sqlite_utils(tmp_path, make_bundle):
    """The import cost a first sync about 0.1-0.2 s before it could write a row."""
    code = (
        "import sys; from reader.core.library.sync import sync; "
        f"print(sync({str(tmp_path / 'data')!r}, {str(make_bundle())!r}).result, "
        "'sqlite_utils' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["updated", "False"]
