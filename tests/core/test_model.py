"""The model is the one list of an article's fields: the table, rows and JSON agree with it."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime

import pytest

from reader.core.bundle.article import parse_article
from reader.core.bundle.manifest import Entry
from reader.core.library.cells import record_from_row
from reader.core.library.columns import (
    ENTRY_COLUMNS,
    SEARCH_COLUMNS,
    article_columns,
    article_to_row,
    stored_fields,
)
from reader.core.library.rows import article_row, row_fields
from reader.core.library.store import open_library
from reader.core.model import (
    Article,
    ArticleSummary,
    LibraryStatus,
    Section,
    how,
    key_facts,
    shown_json,
)
from reader.core.text.article_html import article_body_html
from reader.core.text.handout import article_handout
from tests.bundles import full_article_text

FULL = full_article_text(
    "Full study", "zebrafish", plain_title="Walking got better in 12 adults", study_type="cohort"
)
SHOWN = [f.name for f in dataclasses.fields(Article) if f.metadata.get("shown", True)]


def table_columns(data_dir, table: str) -> set[str]:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    finally:
        conn.close()


def a_full_article() -> Article:
    problems: list = []
    article = parse_article("full", FULL, "articles/full.md", problems)
    assert problems == [] and article is not None
    article.added = "2025-03-02"
    article.extra_meta = {"funding": "A charity"}
    article.extra_sections = [Section("Glossary", "Words.")]
    return article


def test_the_articles_table_has_one_column_per_field_plus_file_and_search_text(
    cli, make_bundle, data_dir
):
    assert cli("sync", make_bundle()).code == 0
    columns = table_columns(data_dir, "articles")
    assert columns == set(article_columns())
    assert columns == set(stored_fields(Article)) | set(ENTRY_COLUMNS) | set(SEARCH_COLUMNS)


def test_show_json_has_exactly_the_shown_fields_in_their_order(cli, make_bundle):
    assert cli("sync", make_bundle()).code == 0
    shown = cli("show", "alpha-study", "--json").json()
    assert list(shown) == SHOWN
    assert set(SHOWN) == set(stored_fields(Article)) - {"extra_meta"}
    assert cli("list", "--json").json()[0].keys() == {
        "id", "title", "plain_title", "added", "categories"
    }  # fmt: skip


def test_an_article_comes_back_from_its_library_row_unchanged(cli, make_bundle, data_dir):
    article = a_full_article()
    sync_row = row_fields(article_row(article, Entry("full", "articles/full.md", "0" * 64, 1)))
    assert set(sync_row) - {"category_list"} == set(article_columns())
    assert sync_row == {
        **article_to_row(article),
        "path": "articles/full.md",
        "sha256": "0" * 64,
        "size": 1,
        "search_summary": article.search_texts()[0],
        "search_details": article.search_texts()[1],
        "category_list": article.categories,
    }
    assert record_from_row(Article, article_to_row(article)) == article
    # and through a real library file
    assert cli("sync", make_bundle({"full": FULL}, added={"full": "2025-03-02"})).code == 0
    with open_library(data_dir, create=False) as library:
        stored = library.get_article("full")
        (summary,) = library.list_articles()
    assert stored == dataclasses.replace(article, extra_meta={}, extra_sections=[])
    assert summary == record_from_row(ArticleSummary, article_to_row(stored))
    assert summary.to_json() == {
        "id": "full",
        "title": "Full study",
        "plain_title": "Walking got better in 12 adults",
        "added": "2025-03-02",
        "categories": ["general"],
    }


def test_a_new_field_needs_only_its_declaration():
    """What adding a field to `Article` gives without another line: row, read back, JSON."""
    bigger = dataclasses.make_dataclass(
        "BiggerArticle",
        [("sponsor", str | None, dataclasses.field(default=None))],
        bases=(Article,),
        kw_only=True,
    )
    article = bigger(**{f: getattr(a_full_article(), f) for f in stored_fields(Article)})
    article.sponsor = "A charity"
    row = article_to_row(article)
    assert row["sponsor"] == "A charity"
    assert "sponsor" in article_columns(bigger)
    assert record_from_row(bigger, row) == article
    assert shown_json(article)["sponsor"] == "A charity"
    assert list(shown_json(article))[-1] == "sponsor"


def test_a_new_section_or_fact_is_drawn_on_the_page_and_the_handout():
    bigger = dataclasses.make_dataclass(
        "BiggerArticle",
        [
            (
                "funding",
                str | None,
                dataclasses.field(default=None, metadata=how(heading="Who Paid")),
            ),
            (
                "setting",
                str | None,
                dataclasses.field(default=None, metadata=how(fact=(4, "Setting"))),
            ),
        ],
        bases=(Article,),
        kw_only=True,
    )
    article = bigger(**{f: getattr(a_full_article(), f) for f in stored_fields(Article)})
    article.funding = "A *charity*."
    article.setting = "Clinic"
    assert [label for label, _value in key_facts(article)] == [
        "Study duration", "Participants", "Evidence level", "Setting",
    ]  # fmt: skip
    page = article_body_html(article)
    assert "<h2>Who Paid</h2>\n<p>A <em>charity</em>.</p>" in page
    assert page.index("Study Limitations") < page.index("Who Paid") < page.index("Glossary")
    assert '<p class="card-label">Setting</p><p class="card-value">Clinic</p>' in page
    paper = article_handout(article)
    assert "<h2>Who paid</h2><p>A <em>charity</em>.</p>" in paper
    assert "<td><b>Setting</b><br>Clinic</td>" in paper
    assert "Research summary" not in paper and "Research Summary" in page


def test_json_lists_and_blocks_are_copies_in_the_contract_shape():
    article = a_full_article()
    shown = article.to_json()
    assert shown["practical_implications"] == [
        {"heading": "Talk to your team", "text": "Ask questions."}
    ]
    assert shown["extra_sections"] == [{"heading": "Glossary", "text": "Words."}]
    shown["key_findings"].append("changed")
    assert article.key_findings == ["The first finding.", "The second finding."]
    row = article_to_row(article)
    assert (
        row["practical_implications"]
        == '[{"heading": "Talk to your team", "text": "Ask questions."}]'
    )
    assert row["extra_meta"] == '{"funding": "A charity"}'


def status(expires: str | None, last_synced: str | None = "2026-12-31T23:45:00Z") -> LibraryStatus:
    return LibraryStatus(2, 1, 1, 1, "/d", last_synced, expires=expires)


NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expires", "last_synced", "out_of_date"),
    [
        (None, "2026-12-31T23:45:00Z", False),
        ("", "2026-12-31T23:45:00Z", False),
        # 23:30 UTC, before the sync; as text it sorts after it
        ("2027-01-01T00:30:00+01:00", "2026-12-31T23:45:00Z", True),
        # 00:50 UTC, after the sync; as text it sorts before it
        ("2026-12-31T23:50:00-01:00", "2027-01-01T00:10:00Z", False),
        ("2026-12-31", "2026-12-31T00:00:01Z", True),  # a date alone is midnight UTC
        ("2026-12-31T23:45:00Z", "2026-12-31T23:45:00Z", False),
        ("2026-05-01T00:00:00Z", None, True),  # before now
        ("2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z", True),  # expired since the sync
        ("not a date", "2026-12-31T23:45:00Z", False),
    ],
)
def test_out_of_date_compares_moments_not_text(expires, last_synced, out_of_date):
    assert status(expires, last_synced).may_be_out_of_date(now=NOW) is out_of_date


def test_status_json_shows_expires_and_leaves_out_title():
    # CLI.md's configuration section added "expires" to `status --json`.
    assert status("2027-01-01").to_json() == {
        "library_version": 2,
        "articles": 1,
        "categories": 1,
        "pages": 1,
        "data_dir": "/d",
        "last_synced": "2026-12-31T23:45:00Z",
        "expires": "2027-01-01",
    }
