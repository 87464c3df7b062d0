"""The reading commands on a library whose article rows were damaged or edited.

Before, an article's cells were taken as the file gave them: a blob `title`
crashed `list --json`, `search` and `show` (TypeError: bytes are not JSON
serializable, exit 1), a blob `key_findings` crashed `list` and `show`
(JSONDecodeError), a blob `journal` crashed `show` (TypeError in a join).
Now each cell is checked where a row becomes a record (cells.py): a field an
article may leave out is left out when it is not of its type; any other
value a sync never writes makes the library damaged, in one line, exit 5,
and a newer sync rebuilds it.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from reader.core.library.columns import stored_fields
from reader.core.model import Article, ArticleSummary
from tests.bundles import INSTALLED_ARTICLES, article_text

COMMANDS = [
    ("list",),
    ("list", "--json"),
    ("show", "alpha-study"),
    ("show", "alpha-study", "--json"),
    ("search", "pelican"),
    ("search", "pelican", "--json"),
    ("categories",),
    ("status",),
]
BAD = ["x'ff00'", "NULL", "7", "1.5", "CAST(x'ff' AS TEXT)", "'[broken'", "'{}'"]
# Fields an article may leave out: one that is not of its type is left out.
OPTIONAL = {
    "plain_title", "journal", "year", "doi", "published", "evidence_level", "study_type",
    "participants", "study_duration", "research_summary",
}  # fmt: skip
# The cells each command reads of an article (a search hit's, a list's summary, all).
READS = {
    "search": {"id", "title", "categories", "plain_title"},
    "list": set(stored_fields(ArticleSummary)),
    "show": set(stored_fields(Article)),
}
JSON_COLUMNS = {
    "categories", "key_findings", "practical_implications", "study_limitations",
    "extra_sections", "extra_meta",
}  # fmt: skip


def set_article_cell(data_dir, column: str, sql_value: str) -> str:
    """The value in alpha-study's cell; returns its SQLite type (a TEXT column keeps 7 as '7')."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"UPDATE articles SET {column} = {sql_value} WHERE id = 'alpha-study'")
        (kind,) = conn.execute(
            f"SELECT typeof({column}) FROM articles WHERE rowid = (SELECT rowid FROM articles"
            f" WHERE {column} IS {sql_value})"
        ).fetchone()
    conn.close()
    return kind


def expected_damage(column: str, sql_value: str, kind: str) -> bool:
    if sql_value == "CAST(x'ff' AS TEXT)":
        return True  # text that is not UTF-8 is damage anywhere in the file
    if column in OPTIONAL:
        return False
    if column in JSON_COLUMNS:
        # NULL reads as empty, as it always did; '{}' is a map, right for extra_meta only
        return not (kind == "null" or (sql_value == "'{}'" and column == "extra_meta"))
    return kind != "text"


@pytest.mark.parametrize("sql_value", BAD)
@pytest.mark.parametrize("column", stored_fields(Article))
def test_every_command_reads_on_or_says_damaged_in_one_line(
    cli, installed, data_dir, column, sql_value
):
    kind = set_article_cell(data_dir, column, sql_value)
    damage = expected_damage(column, sql_value, kind)
    for command in COMMANDS:
        result = cli(*command)
        assert "Traceback" not in result.err and len(result.err.splitlines()) <= 1, (
            command,
            result.err,
        )
        reads_articles = column in READS.get(command[0], ())
        if column == "id" and command[0] == "show":
            assert result.code == 2  # not found: `alpha-study` is no longer its id
        elif damage and reads_articles:
            assert result.code == 5 and result.out == "", (command, result.err)
            assert "the library file is damaged" in result.err
        elif sql_value == "CAST(x'ff' AS TEXT)" and result.code == 5:
            assert "damaged" in result.err  # reads no article cell it may still read
        else:
            assert result.code == 0, (command, result.err)
            if "--json" in command:
                json.loads(result.out)
    if column in OPTIONAL and sql_value != "CAST(x'ff' AS TEXT)":
        shown = cli("show", "alpha-study", "--json").json()
        if kind not in ("text", "integer") or (column == "year" and kind == "text"):
            assert shown[column] is None  # left out, as if the article had none


@pytest.mark.parametrize(
    ("column", "sql_value"),
    [("title", "x'ff00'"), ("added", "NULL"), ("categories", "'[1]'"), ("id", "x'00'")],
)
def test_a_newer_sync_rebuilds_a_library_whose_article_cells_it_reads_are_damaged(
    cli, installed, data_dir, make_bundle, column, sql_value
):
    """The cells a sync reads of every article (`read_installed`): the rebuild's own
    check (placing.py) sees them too, so the damaged file is set aside and rebuilt."""
    set_article_cell(data_dir, column, sql_value)
    assert cli("list").code == 5
    synced = cli("sync", make_bundle(INSTALLED_ARTICLES, version=2), "--json")
    assert synced.code == 0 and synced.json()["result"] == "updated", synced.err
    assert cli("show", "alpha-study", "--json").json()["title"] == "Old alpha title"
    assert len(list(data_dir.glob("library.sqlite3.damaged-*"))) == 1


def test_a_newer_sync_rewrites_a_changed_article_whose_cells_were_damaged(
    cli, installed, data_dir, make_bundle
):
    set_article_cell(data_dir, "key_findings", "'[broken'")
    assert cli("show", "alpha-study").code == 5
    changed = {**INSTALLED_ARTICLES, "alpha-study": article_text("New alpha", "general", "Hi.")}
    synced = cli("sync", make_bundle(changed, version=2), "--json")
    assert synced.code == 0 and synced.json()["updated"] == 1, synced.err
    assert cli("show", "alpha-study", "--json").json()["key_findings"] == []
    assert cli("list", "--json").code == 0


@pytest.mark.parametrize("column", ["title", "simple_explanation", "categories", "journal"])
def test_text_that_is_not_utf8_is_said_in_the_one_damaged_library_sentence(
    cli, installed, data_dir, column
):
    """Before: "the library file is damaged (some of its text is not UTF-8)", the one
    damaged library that did not say "a sync rebuilds it". Now it is the sentence of
    every other damaged cell (`cells.damaged`), naming the column, for every command
    that reads it; the others read on."""
    set_article_cell(data_dir, column, "CAST(x'41ff' AS TEXT)")
    sentence = (
        f"sci-reader: {data_dir / 'library.sqlite3'}: the library file is damaged"
        f" (text in its {column} column, not UTF-8); a sync rebuilds it\n"
    )
    for command in COMMANDS:
        result = cli(*command)
        if column in READS.get(command[0], ()):
            assert (result.code, result.out, result.err) == (5, "", sentence), command
        else:
            assert result.code == 0, (command, result.err)


@pytest.mark.parametrize("bundle", ["same", "newer"])
@pytest.mark.parametrize(
    ("column", "sql_value"),
    [
        ("simple_explanation", "x'ff00'"),
        ("simple_explanation", "CAST(x'41ff' AS TEXT)"),
        ("key_findings", "'[broken'"),
        ("key_findings", "CAST(x'5b2241ff225d' AS TEXT)"),
        ("practical_implications", "x'5b5d'"),
        ("extra_sections", "'[broken'"),
    ],
)
def test_a_sync_rebuilds_a_damaged_cell_of_an_article_it_keeps(
    cli, installed, data_dir, make_bundle, bundle, column, sql_value
):
    """Before: `show` said the library was damaged and that a sync rebuilds it, but
    `sync` of the same bundle said "Already up to date" (and one of a newer bundle
    that left the article unchanged kept the row), so `show` failed for ever."""
    set_article_cell(data_dir, column, sql_value)
    shown = cli("show", "alpha-study")
    assert shown.code == 5 and shown.err.endswith("; a sync rebuilds it\n"), shown.err
    articles = dict(INSTALLED_ARTICLES)
    if bundle == "newer":
        articles["delta-study"] = article_text("New delta", "general", "Hi.")
    version = 1 if bundle == "same" else 2

    synced = cli("sync", make_bundle(articles, version=version, kind="zip"))

    assert (synced.code, synced.err) == (0, "")
    # failed before: "Library updated to version 1: 3 added, ..." for a repair
    assert synced.out == (
        f"Library repaired: version {version}, {len(articles)} summaries. The damaged file "
        "is kept in the data folder (library.sqlite3.damaged-…).\n"
    )
    assert cli("show", "alpha-study", "--json").json()["title"] == "Old alpha title"
    assert len(list(data_dir.glob("library.sqlite3.damaged-*"))) == 1
    assert cli("sync", make_bundle(articles, version=version, kind="zip")).out.startswith(
        "Already up to date"
    )


def test_a_repair_keeps_the_json_of_every_sync(cli, installed, data_dir, make_bundle):
    set_article_cell(data_dir, "key_findings", "'[broken'")

    synced = cli("sync", make_bundle(dict(INSTALLED_ARTICLES), version=1, kind="zip"), "--json")

    assert synced.json() == {
        "result": "updated", "version": 1, "added": len(INSTALLED_ARTICLES), "updated": 0,
        "withdrawn": 0, "unchanged": 0,
    }  # fmt: skip
