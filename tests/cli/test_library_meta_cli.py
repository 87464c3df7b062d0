"""The reading commands and `sync` on a library whose `meta` values were damaged or edited.

Before: an `expires` blob crashed `status` and `status --json` (TypeError:
a bytes-like object is required), a `last_synced` blob crashed
`status --json` (bytes are not JSON serializable), a NULL or blob synonym
list crashed `search`, and text that is not UTF-8 in any value made
`status` and `sync` exit 5 ("cannot be used") without the sync ever
repairing it. Now a value only shown is left out, and one that a sync's
rules or search stand on makes the library damaged: one line, exit 5,
and the next sync rebuilds it.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.bundles import INSTALLED_ARTICLES

READS = [("status",), ("status", "--json"), ("list",), ("search", "study"), ("show", "alpha-study")]


def set_meta(data_dir, key: str, sql_value: str) -> None:
    """`sql_value` as SQL: a blob, NULL, or text that is not UTF-8 (CAST(x'ff' AS TEXT))."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"INSERT OR REPLACE INTO meta (key, value) VALUES (?, {sql_value})", (key,))
    conn.close()


def assert_one_line_or_none(err: str) -> None:
    assert "Traceback" not in err and len(err.splitlines()) <= 1, err


SHOWN_ONLY = [
    ("expires", "x'ff00'"),
    ("last_synced", "x'ff00'"),
    ("title", "CAST(x'ff' AS TEXT)"),
    ("title", "x'00'"),
    ("expires", "NULL"),
    ("signed", "CAST(x'ff' AS TEXT)"),
    ("created", "CAST(x'ff' AS TEXT)"),
    ("last_synced", "'a' || char(27) || '[31m'"),
    ("title", "printf('%.100000c', 'a')"),
]


@pytest.mark.parametrize(("key", "sql_value"), SHOWN_ONLY)
def test_a_bad_value_only_shown_is_left_out_and_every_command_works(
    cli, installed, data_dir, make_bundle, key, sql_value
):
    set_meta(data_dir, key, sql_value)
    for command in READS:
        result = cli(*command)
        assert result.code == 0, (command, result.err)
        assert_one_line_or_none(result.err)
    shown = cli("status", "--json").json()
    assert shown["library_version"] == 1
    assert shown.get(key) is None or key == "created"  # left out, as before a first sync
    assert "None" not in cli("status").out  # "Last updated: unknown", not Python's None
    assert cli("sync", make_bundle(INSTALLED_ARTICLES, version=1)).code == 0


DAMAGED = [
    ("manifest_sha256", "x'ff00'"),
    ("manifest_sha256", "'not a digest'"),
    ("synonyms", "NULL"),
    ("synonyms", "x'ff00'"),
    ("synonyms", "CAST(x'ff' AS TEXT)"),
    ("library_version", "CAST(x'ff' AS TEXT)"),
]


@pytest.mark.parametrize(("key", "sql_value"), DAMAGED)
def test_a_bad_value_sync_or_search_stand_on_is_a_damaged_library_a_sync_rebuilds(
    cli, installed, data_dir, make_bundle, key, sql_value
):
    set_meta(data_dir, key, sql_value)
    for command in [("status",), ("status", "--json"), ("search", "study")]:
        result = cli(*command)
        assert result.code == 5 and result.out == "", (command, result.err)
        (line,) = result.err.splitlines()
        assert "the library file is damaged" in line and line.endswith("a sync rebuilds it")
    assert cli("show", "alpha-study").code == 0  # what does not read `meta` still reads
    synced = cli("sync", make_bundle(INSTALLED_ARTICLES, version=1), "--json")
    assert synced.code == 0 and synced.json()["result"] == "updated", synced.err
    assert cli("status", "--json").json()["library_version"] == 1
    assert cli("search", "study").code == 0
    assert len(list(data_dir.glob("library.sqlite3.damaged-*"))) == 1


@pytest.mark.parametrize(
    ("column", "sql_value"),
    [("slug", "x'ff00'"), ("slug", "NULL"), ("name", "x'ff00'"), ("name", "CAST(x'ff' AS TEXT)")],
)
@pytest.mark.parametrize("json", [False, True], ids=["text", "json"])
def test_categories_whose_cells_are_not_text_are_a_damaged_library(
    cli, installed, data_dir, column, sql_value, json
):
    """The same rule for the library's categories (cells.py). Before: a blob or NULL
    slug was a TypeError in `categories` (exit 1), a blob name one in `--json`, and
    text that is not UTF-8 "cannot be used" with its bytes repeated in the message."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"UPDATE categories SET {column} = {sql_value} WHERE rowid = 1")
    conn.close()
    result = cli("categories", *(["--json"] if json else []))
    assert result.code == 5 and result.out == ""
    (line,) = result.err.splitlines()
    assert "the library file is damaged" in line
