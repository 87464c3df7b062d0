"""An article's row as a damaged or edited library file may hold it.

Before, its cells were taken as the file gave them: a blob title reached
`list --json`, search and `show` as bytes (not JSON serializable), broken
`key_findings` JSON raised JSONDecodeError, a blob journal a TypeError in
the key facts' join. Now `record_from_row` (cells.py) checks each cell: an
optional field that is not of its type is left out, any other cell a sync
never writes is a damaged library, in one line.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import LibraryUnusable
from reader.core.library.cells import CellError, record_from_row
from reader.core.library.columns import article_columns, article_to_row
from reader.core.library.search import search
from reader.core.library.store import open_library
from reader.core.library.web_plan import library_digests
from reader.core.library.writer import read_installed
from reader.core.model import Article, ArticleSummary, Section
from tests.core.library.test_library_cells import AsText

SOUND = article_to_row(
    Article(
        id="a",
        title="A title",
        added="2025-01-01",
        categories=["general"],
        journal="J",
        year=2020,
        simple_explanation="Plain words.",
        key_findings=["One"],
        practical_implications=[Section("H", "T")],
    )
)
OPTIONAL = {
    "plain_title", "journal", "year", "doi", "published", "evidence_level", "study_type",
    "participants", "study_duration", "research_summary",
}  # fmt: skip
HOSTILE = [
    b"\xff\x00",
    None,
    7,
    1.5,
    "[broken",
    "{}",
    "[1]",
    '[{"heading": 1, "text": "t"}]',
    '{"k": 1}',
    "null",
    "[" * 100_000,  # nested past Python's stack
    "1" * 5000,  # more digits than int() reads
]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:12])
@pytest.mark.parametrize("record_type", [Article, ArticleSummary])
@pytest.mark.parametrize("column", [f.name for f in dataclasses.fields(Article)])
def test_a_cell_is_left_out_or_refused_never_passed_on(column, record_type, value):
    if column not in {f.name for f in dataclasses.fields(record_type)}:
        return
    row = {**SOUND, column: value}
    try:
        record = record_from_row(record_type, row)
    except CellError as exc:
        assert exc.column == column and column not in OPTIONAL
        return
    assert_typed(record)
    if column in OPTIONAL and not isinstance(value, str if column != "year" else int):
        assert getattr(record, column) is None


def assert_typed(record: Article | ArticleSummary) -> None:
    """Every field is of its declared type: what JSON, the terminal and the window take."""
    for name in ("id", "title", "simple_explanation"):
        assert isinstance(getattr(record, name), str)
    assert isinstance(record.added, str) or (type(record) is Article and record.added is None)
    assert record.year is None or type(record.year) is int
    for name in ("plain_title", "journal", "published", "evidence_level", "study_type"):
        assert getattr(record, name) is None or isinstance(getattr(record, name), str)
    for name in ("categories", "key_findings"):
        assert all(isinstance(item, str) for item in getattr(record, name))
    if isinstance(record, Article):
        for block in (*record.practical_implications, *record.extra_sections):
            assert isinstance(block.heading, str) and isinstance(block.text, str)
        assert all(isinstance(v, str) for v in record.extra_meta.values())
    json.dumps(record.to_json())  # what `list --json` and `show --json` print


def read_everything(data_dir: Path) -> None:
    """What the commands, the window and a sync read of the articles."""
    with open_library(data_dir, create=False, read_only=True) as library:
        summaries = library.list_articles()
        for summary in summaries:
            assert_typed(summary)
            article = library.get_article(summary.id)
            assert article is not None
            assert_typed(article)
        ids = [s.id for s in summaries] + ["alpha-study", "delta-study"]
        assert all(isinstance(t, str) for t in library.article_titles(ids).values())
        for word in ("pelican", "wombat", "study", "old"):
            for hit in search(library, word):
                assert isinstance(hit.headline, str) and isinstance(hit.snippet_text, str)
                json.dumps(hit.to_json())
                assert all(isinstance(c, str) for c in hit.categories)
        try:  # the cells a sync reads: the sync makes either a damaged library
            read_installed(library.conn)
        except CellError as exc:
            assert exc.column in ("id", "title", "added", "categories")
        except sqlite3.OperationalError as exc:
            assert str(exc).startswith("Could not decode to UTF-8")


CELL_VALUES = (
    st.text(max_size=20)
    | st.sampled_from(
        [
            "[]",
            '["x"]',
            "[1]",
            "{}",
            '{"a": "b"}',
            "[broken",
            "null",
            '[{"heading": "h", "text": "t"}]',
        ]
    )
    | st.binary(max_size=8)
    | st.binary(max_size=8).map(AsText)
    | st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
)


def test_any_article_cell_reads_or_is_a_damaged_library(installed, data_dir):
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        synced = conn.execute("SELECT rowid, * FROM articles").fetchall()
        names = [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
    conn.close()
    assert set(article_columns()) <= set(names)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(names), CELL_VALUES)
    def check(column, value):
        conn = sqlite3.connect(data_dir / "library.sqlite3")
        with conn:
            # The articles as synced again (the search index, external content, is kept).
            conn.executemany(
                f"UPDATE articles SET {', '.join(f'{n} = ?' for n in names)} WHERE rowid = ?",
                [(*row[1:], row[0]) for row in synced],
            )
            cell = "CAST(? AS TEXT)" if isinstance(value, AsText) else "?"
            stored = bytes(value) if isinstance(value, AsText) else value
            try:
                conn.execute(
                    f"UPDATE articles SET {column} = {cell} WHERE id = 'alpha-study'", (stored,)
                )
                stored_failed = False
            except sqlite3.IntegrityError:  # a NOT NULL or unique column: never in a file
                stored_failed = True
        conn.close()
        if stored_failed:
            return
        try:
            read_everything(data_dir)
        except LibraryUnusable as exc:
            assert exc.damaged and len(str(exc).splitlines()) == 1, str(exc)

    check()


@pytest.mark.parametrize("column", ["id", "sha256"])
def test_a_web_update_plans_a_whole_download_when_an_article_id_or_digest_is_not_utf8(
    installed, data_dir, column
):
    """Before: "Could not decode to UTF-8" escaped `library_digests` as a bare
    sqlite3.OperationalError (a web update's check crashed). Now it is the damaged
    library it is: no digests, so everything is downloaded and the sync rebuilds it."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"UPDATE articles SET {column} = CAST(x'ff' AS TEXT) WHERE id = 'alpha-study'")
    conn.close()
    digests = library_digests(data_dir)
    assert digests.articles == {} and digests.version is None
