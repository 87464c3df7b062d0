"""Schema step 4: the plain headline and study type as columns, migrated from a schema-3 file.

An app of schema 3 kept `Plain-Title` and `Study-Type` as unknown keys in
`extra_meta`, and a sync reads only changed files, so the step must move
them into the columns (and the headline into the search text) itself. A
reading command on such a file, opened read-only and not migrated, shows the
same. The schema-3 files are real synced libraries with step 4 undone
(tests/core/library/old_schema.py).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from reader.core.library.schema import SCHEMA_STEPS
from reader.core.library.store import open_library
from tests.bundles import article_text, full_article_text
from tests.core.library.old_schema import back_to_schema_3

ARTICLES = {
    "plain": full_article_text(
        "Mean Arterial Blood Pressure Correlates with Neurological Recovery",
        "zebrafish",
        plain_title="Higher blood pressure early on went with better recovery in 74 people",
        study_type="cohort",
        published="2016-05-01",
    ),
    "odd-type": article_text(
        "A study whose type an old app let through",
        meta={"Study-Type": "Randomised Trial", "Funding": "A charity"},
    ),
    "bare": article_text("Bare study", simple="Nothing new here about quokka."),
}
READS = [
    ("show", "plain", "--json"),
    ("show", "odd-type", "--json"),
    ("show", "bare", "--json"),
    ("list", "--json"),
    ("list", "--category", "general", "--json"),
    ("search", "zebrafish", "--json"),
]


def _schema_3_library(cli, make_bundle, data_dir: Path) -> Path:
    """The ARTICLES as a schema-3 app would have stored them."""
    # A schema-3 app accepted any Study-Type: this app needs a valid one to sync.
    valid = {**ARTICLES, "odd-type": ARTICLES["odd-type"].replace("Randomised Trial", "cohort")}
    assert cli("sync", make_bundle(valid)).code == 0
    path = data_dir / "library.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "UPDATE articles SET study_type = 'Randomised Trial' WHERE id = 'odd-type'"
    )  # what the old app stored for the value it did not check
    conn.close()
    back_to_schema_3(path)
    return path


def test_step_4_moves_the_old_keys_into_their_columns_and_the_search(cli, make_bundle, data_dir):
    path = _schema_3_library(cli, make_bundle, data_dir)
    conn = sqlite3.connect(path)
    (meta,) = conn.execute("SELECT extra_meta FROM articles WHERE id = 'plain'").fetchone()
    conn.close()
    assert "plain-title" in meta and "study-type" in meta  # as schema 3 kept them
    assert cli("search", "74 people", "--json").json() == []

    with open_library(data_dir, create=False) as library:  # migrates
        version = library.conn.execute("PRAGMA user_version").fetchone()[0]
        plain = library.get_article("plain")
        odd = library.get_article("odd-type")
    assert version == len(SCHEMA_STEPS) == 4
    assert (
        plain.plain_title == "Higher blood pressure early on went with better recovery in 74 people"
    )
    assert plain.study_type == "cohort"
    assert plain.extra_meta == {}
    # A value not on the list stays what it was: an unknown key, not shown.
    assert odd.study_type is None
    assert odd.extra_meta == {"study-type": "Randomised Trial", "funding": "A charity"}
    hits = cli("search", "74 people", "--json").json()
    assert [h["id"] for h in hits] == ["plain"]
    assert hits[0]["plain_title"] == plain.plain_title


def test_reading_commands_read_a_schema_3_file_as_its_migration_does(
    cli, run_cli, make_bundle, data_dir, tmp_path
):
    path = _schema_3_library(cli, make_bundle, data_dir)
    migrated = tmp_path / "migrated"
    shutil.copytree(data_dir, migrated)
    open_library(migrated, create=False).close()
    before = path.read_bytes()

    old = [run_cli("--data-dir", data_dir, *command) for command in READS]
    new = [run_cli("--data-dir", migrated, *command) for command in READS]
    assert [r.code for r in old] == [0] * len(READS)
    searched = len(READS) - 1  # the search text of an old file lacks the headline
    assert [r.json() for r in old[:searched]] == [r.json() for r in new[:searched]]
    assert [(h["id"], h["plain_title"]) for h in old[searched].json()] == [
        (h["id"], h["plain_title"]) for h in new[searched].json()
    ]
    assert old[0].json()["plain_title"].startswith("Higher blood pressure")
    assert old[0].json()["study_type"] == "cohort"
    assert old[1].json()["study_type"] is None
    assert path.read_bytes() == before  # read as it is, not migrated


def test_the_window_order_is_by_publication_date_and_list_keeps_added(cli, make_bundle, data_dir):
    articles = {
        "old-paper-new-here": full_article_text("Old paper", "a", published="2014-08-01"),
        "new-paper": full_article_text("New paper", "b", published="2025-02-01"),
        "year-only": article_text("Year only", meta={"Year": "2019"}),
        "undated": article_text("Undated"),
        "mid-paper-old-here": full_article_text("Mid paper", "c", published="2019-03-01"),
    }
    added = {
        "mid-paper-old-here": "2024-01-01", "new-paper": "2024-06-01", "undated": "2024-07-01",
        "year-only": "2024-08-01", "old-paper-new-here": "2025-01-01",
    }  # fmt: skip
    assert cli("sync", make_bundle(articles, added=added)).code == 0
    by_added = [a["id"] for a in cli("list", "--json").json()]
    assert by_added == [
        "old-paper-new-here", "year-only", "undated", "new-paper", "mid-paper-old-here"
    ]  # fmt: skip
    with open_library(data_dir, create=False) as library:
        from reader.core.library.store import PUBLISHED

        everything = [a.id for a in library.list_articles(order=PUBLISHED)]
        general = [a.id for a in library.list_articles("general", order=PUBLISHED)]
        paged = [
            a.id
            for offset in range(0, 5, 2)
            for a in library.list_articles("general", 2, offset, order=PUBLISHED)
        ]
    # 2019-03-01 sorts above the bare year 2019 (same year, a day is more precise).
    expected = ["new-paper", "mid-paper-old-here", "year-only", "old-paper-new-here", "undated"]
    assert everything == general == paged == expected
