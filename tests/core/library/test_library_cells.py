"""The library's categories and pages as a damaged or edited file may hold them.

Before, their cells were taken for the text a sync writes: a blob or NULL
slug crashed `categories` (TypeError in a format string), a blob name or
description crashed `categories --json` (bytes are not JSON), and text that
is not UTF-8 in any table said "the library cannot be used" with the raw
bytes repeated, line breaks and all, and not "damaged" (so the window
offered Try again, not Update library). Now a cell the app cannot do without
that is not text makes the library damaged, in one line; a description that
is not text is left out; and text that is not UTF-8 anywhere is damage.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import LibraryUnusable
from reader.core.library.search import search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import INSTALLED_ARTICLES


class AsText(bytes):
    """Bytes stored as TEXT (`CAST(? AS TEXT)`): what SQLite keeps, UTF-8 or not."""


CELLS = [("categories", c) for c in ("slug", "name", "description")] + [
    ("pages", c) for c in ("id", "title", "body")
]
HOSTILE = [b"\xff\x00", None, AsText(b"\xff"), AsText(b"ok\n\xff\nmore")]


def set_cell(data_dir: Path, table: str, column: str, value: object) -> None:
    """`value` in `column` of the table's first row (its other rows left as synced)."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    cell = "CAST(? AS TEXT)" if isinstance(value, AsText) else "?"
    stored = bytes(value) if isinstance(value, AsText) else value
    with conn:
        conn.execute(
            f"UPDATE {table} SET {column} = {cell} WHERE rowid = (SELECT min(rowid) FROM {table})",
            (stored,),
        )
    conn.close()


def read_all(data_dir: Path) -> dict:
    """Everything the commands and the window read of the categories and pages."""
    with open_library(data_dir, create=False, read_only=True) as library:
        counts = library.categories()
        slugs = [c.category.slug for c in counts]
        read = {
            "categories": [c.to_json() for c in counts],
            "names": library.category_names(),
            "one": [library.category(slug) for slug in slugs],
            "pages": library.pages(),
            "titles": library.page_titles(),
            "page": [library.get_page(p.id) for p in library.page_titles()],
        }
    json.dumps(read["categories"])  # what `categories --json` prints
    return read


def short(value: object) -> str:
    return repr(value)[:16]


@pytest.mark.parametrize("value", HOSTILE, ids=short)
@pytest.mark.parametrize(("table", "column"), CELLS)
def test_a_cell_that_is_not_text_is_damage_or_left_out(installed, data_dir, table, column, value):
    set_cell(data_dir, table, column, value)
    if column == "description" and not isinstance(value, AsText):
        descriptions = [c["description"] for c in read_all(data_dir)["categories"]]
        assert None in descriptions  # left out: it is optional
        return
    with pytest.raises(LibraryUnusable) as caught:
        read_all(data_dir)
    assert caught.value.damaged and caught.value.reason == "damaged"
    (line,) = str(caught.value).splitlines()  # never the bytes, line breaks and all
    assert "the library file is damaged" in line and len(line) < len(str(data_dir)) + 120


def test_a_newer_sync_rebuilds_a_library_whose_text_is_not_utf8(installed, data_dir, make_bundle):
    set_cell(data_dir, "categories", "name", AsText(b"\xff"))
    result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=2))
    assert (result.result, result.version) == ("updated", 2)
    assert read_all(data_dir)["categories"]


CELL_VALUES = (
    st.text(max_size=20)
    | st.binary(max_size=8)
    | st.binary(max_size=8).map(AsText)
    | st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
)


def test_any_cell_reads_or_is_a_damaged_library(installed, data_dir):
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        synced = {
            t: conn.execute(f"SELECT rowid, * FROM {t}").fetchall() for t in ("categories", "pages")
        }
    conn.close()

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(CELLS), CELL_VALUES)
    def check(cell, value):
        conn = sqlite3.connect(data_dir / "library.sqlite3")
        with conn:
            for table, rows in synced.items():
                conn.execute(f"DELETE FROM {table}")
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(
                    f"INSERT INTO {table} (rowid, {_columns(conn, table)}) VALUES ({marks})", rows
                )
        conn.close()
        set_cell(data_dir, *cell, value)
        try:
            read = read_all(data_dir)
        except LibraryUnusable as exc:
            assert exc.damaged and len(str(exc).splitlines()) == 1
        else:
            for category in read["one"]:
                assert isinstance(category.slug, str) and isinstance(category.name, str)
            for page in read["pages"]:
                assert all(isinstance(v, str) for v in (page.id, page.title, page.body))

    check()


def _columns(conn: sqlite3.Connection, table: str) -> str:
    return ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table})"))


@pytest.mark.parametrize("table", ["meta", "pages", "categories", "articles_fts"])
def test_a_table_gone_is_a_damaged_library(installed, data_dir, make_bundle, table):
    """Before: "the library cannot be used (no such table: meta)", with no reason, and
    a sync failed the same way (exit 5) for ever; now it is damage, which the window
    says as such, and a sync that finds it (meta gone) rebuilds the library."""
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        conn.execute(f"DROP TABLE {table}")
    conn.close()
    library = open_library(data_dir, create=False, read_only=True)
    with library, pytest.raises(LibraryUnusable) as caught:
        library.status()
        library.pages()
        library.categories()
        search(library, "study")
    assert caught.value.damaged and caught.value.reason == "damaged"
    if table == "meta":
        result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=1))
        assert (result.result, result.version) == ("updated", 1)
        assert read_all(data_dir)["categories"]
