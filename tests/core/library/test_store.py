"""Library reads: what the CLI and the window ask of a synced library.

One real library, synced once from a test bundle whose dates, categories
and pages are chosen so that every ordering rule shows: newest `added`
first, ties by title then id, categories and pages in the manifest's order.
"""

from __future__ import annotations

import re

import pytest

from reader.core.library.meta import LibraryMeta
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from reader.core.model import PageTitle
from tests.bundles import article_text, bundle_spec, full_article_text

CATEGORIES = [
    {"slug": "walking", "name": "Walking", "description": "Standing and walking again."},
    {"slug": "pain", "name": "Pain"},
    {"slug": "empty", "name": "Nobody here", "description": "A category with no articles."},
    {"slug": "general", "name": "General", "description": "Research in general."},
]
PAGES = {
    "disclaimer": ("Disclaimer", "## Not medical advice\n\nAsk your care team.\n"),
    "about": ("About this library", "## What this is\n\nA small test library.\n"),
}
ARTICLES = {
    "full": full_article_text("Full study", "zebrafish", "walking"),
    # tie-0: first by id, last by title, so the list shows which one decides
    "tie-0": article_text("B shares a day", ["pain", "general"], "Second on the shared day."),
    "tie-a": article_text("A shares a day", "general", "First on the shared day."),
    "tie-a2": article_text("A shares a day", "pain", "Same title: the id decides."),
    "old": article_text("Oldest study", ["general", "walking", "pain"], "The first one."),
}
ADDED = {"full": "2026-02-01", "tie-0": "2025-06-01", "tie-a": "2025-06-01",
         "tie-a2": "2025-06-01", "old": "2020-01-01"}  # fmt: skip
NEWEST_FIRST = ["full", "tie-a", "tie-a2", "tie-0", "old"]


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("store")
    spec = bundle_spec(
        ARTICLES, version=7, categories=CATEGORIES, pages=PAGES, added=ADDED, title="Store test"
    )
    result = sync(root / "data", spec.write(root / "bundle", "zip"))
    assert (result.result, result.version, result.added) == ("updated", 7, 5)
    return root / "data"


@pytest.fixture(scope="module")
def library(library_dir):
    with open_library(library_dir, create=False) as lib:
        yield lib


# --- status --------------------------------------------------------------------


def test_status_of_a_synced_library(library, library_dir):
    status = library.status()
    assert (status.library_version, status.articles, status.categories, status.pages) == (
        7, 5, 4, 2,
    )  # fmt: skip
    assert status.title == "Store test"
    assert status.data_dir == str(library_dir.resolve())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", status.last_synced)
    assert status.to_json() == {
        "library_version": 7,
        "articles": 5,
        "categories": 4,
        "pages": 2,
        "data_dir": str(library_dir.resolve()),
        "last_synced": status.last_synced,
        "expires": None,
    }


def test_a_library_that_does_not_exist_reads_as_empty_and_is_not_created(tmp_path):
    data_dir = tmp_path / "nothing-yet"
    with open_library(data_dir, create=False) as library:
        status = library.status()
        assert (status.library_version, status.articles, status.categories, status.pages) == (
            None, 0, 0, 0,
        )  # fmt: skip
        assert (status.last_synced, status.title, status.expires) == (None, None, None)
        assert library.list_articles() == []
        assert library.categories() == []
        assert library.count_articles() == 0
        assert library.get_article("full") is None
        assert library.pages() == []
        assert library.page_titles() == []
        assert library.meta() == LibraryMeta()
    assert not data_dir.exists()


# --- categories ------------------------------------------------------------------


def test_categories_in_manifest_order_with_their_counts(library):
    counted = [(c.category.slug, c.category.name, c.category.description, c.articles)
               for c in library.categories()]  # fmt: skip
    assert counted == [
        ("walking", "Walking", "Standing and walking again.", 2),
        ("pain", "Pain", None, 3),
        ("empty", "Nobody here", "A category with no articles.", 0),
        ("general", "General", "Research in general.", 3),
    ]
    assert library.categories()[1].to_json() == {
        "slug": "pain", "name": "Pain", "description": None, "articles": 3,
    }  # fmt: skip


def test_one_category_and_the_names(library):
    walking = library.category("walking")
    assert (walking.slug, walking.name, walking.description) == (
        "walking", "Walking", "Standing and walking again.",
    )  # fmt: skip
    assert library.category("astronomy") is None
    assert library.category_names() == {
        "walking": "Walking", "pain": "Pain", "empty": "Nobody here", "general": "General",
    }  # fmt: skip


def test_article_counts_per_category(library):
    assert library.count_articles() == 5
    counts = {slug: library.count_articles(slug) for slug in ("walking", "pain", "empty")}
    assert counts == {"walking": 2, "pain": 3, "empty": 0}
    assert library.count_articles("astronomy") == 0


# --- article lists -----------------------------------------------------------------


def test_articles_newest_added_first_ties_by_title_then_id(library):
    listed = library.list_articles()
    assert [a.id for a in listed] == NEWEST_FIRST
    assert [a.added for a in listed] == [ADDED[i] for i in NEWEST_FIRST]
    assert listed[3].to_json() == {
        "id": "tie-0", "title": "B shares a day", "plain_title": None, "added": "2025-06-01",
        "categories": ["pain", "general"],
    }  # fmt: skip


def test_a_list_entry_carries_what_a_card_shows(library):
    [full] = library.list_articles(limit=1)
    assert (full.id, full.title, full.journal, full.year, full.evidence_level) == (
        "full", "Full study", "Test Journal", 2020, "Review",
    )  # fmt: skip
    assert full.categories == ["walking"]
    assert full.simple_explanation == "This study is about zebrafish and recovery."


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_pages_of_any_size_add_up_to_the_whole_list(library, size):
    pages = [library.list_articles(limit=size, offset=start) for start in range(0, 5, size)]
    assert [a.id for page in pages for a in page] == NEWEST_FIRST
    assert all(len(page) == size for page in pages[:-1])


def test_offset_and_limit_at_the_edges(library):
    assert [a.id for a in library.list_articles(limit=2, offset=1)] == ["tie-a", "tie-a2"]
    assert [a.id for a in library.list_articles(offset=3)] == ["tie-0", "old"]
    assert library.list_articles(limit=0) == []
    assert library.list_articles(offset=5) == []
    assert library.list_articles(limit=10, offset=99) == []


def test_a_category_list_is_ordered_and_paged_the_same_way(library):
    assert [a.id for a in library.list_articles("pain")] == ["tie-a2", "tie-0", "old"]
    assert [a.id for a in library.list_articles("general")] == ["tie-a", "tie-0", "old"]
    assert [a.id for a in library.list_articles("walking")] == ["full", "old"]
    assert [a.id for a in library.list_articles("pain", limit=1, offset=1)] == ["tie-0"]
    assert [a.id for a in library.list_articles("pain", limit=5, offset=2)] == ["old"]
    assert library.list_articles("empty") == []
    assert library.list_articles("astronomy") == []


# --- one article ------------------------------------------------------------------


def test_one_article_with_every_field(library):
    article = library.get_article("full")
    assert (article.id, article.title, article.categories) == ("full", "Full study", ["walking"])
    assert (article.journal, article.year, article.doi, article.published, article.added) == (
        "Test Journal", 2020, "10.1000/test-1", "2020-03-04", "2026-02-01",
    )  # fmt: skip
    assert (article.evidence_level, article.participants, article.study_duration) == (
        "Review", "12 adults", "6 months",
    )  # fmt: skip
    assert article.simple_explanation == "This study is about zebrafish and recovery."
    assert article.key_findings == ["The first finding.", "The second finding."]
    assert article.research_summary == "A longer summary of the research."
    assert [(s.heading, s.text) for s in article.practical_implications] == [
        ("Talk to your team", "Ask questions.")
    ]
    assert article.study_limitations == ["A small study."]
    assert article.extra_sections == []
    assert article.extra_meta == {}


def test_a_sparse_article_has_empty_fields_not_errors(library):
    article = library.get_article("tie-a2")
    assert (article.journal, article.year, article.doi, article.published) == (None,) * 4
    assert (article.evidence_level, article.participants, article.study_duration) == (None,) * 3
    assert article.key_findings == [] and article.study_limitations == []
    assert article.research_summary is None
    assert article.practical_implications == []
    assert article.simple_explanation == "Same title: the id decides."


def test_an_unknown_article_is_none(library):
    assert library.get_article("no-such-article") is None
    assert library.get_article("") is None


def test_titles_of_many_ids_leave_out_the_unknown_ones(library):
    ids = [f"missing-{i}" for i in range(1200)]
    ids[3], ids[700], ids[1199] = "old", "full", "tie-0"  # across the 500-id chunks
    assert library.article_titles(ids) == {
        "old": "Oldest study", "full": "Full study", "tie-0": "B shares a day",
    }  # fmt: skip
    assert library.article_titles([]) == {}


# --- pages ----------------------------------------------------------------------------


def test_pages_in_manifest_order_with_their_bodies(library):
    assert [(p.id, p.title, p.body) for p in library.pages()] == [
        ("disclaimer", "Disclaimer", "## Not medical advice\n\nAsk your care team.\n"),
        ("about", "About this library", "## What this is\n\nA small test library.\n"),
    ]


def test_page_titles_in_manifest_order_without_their_bodies(library):
    assert library.page_titles() == [
        PageTitle("disclaimer", "Disclaimer"), PageTitle("about", "About this library")
    ]  # fmt: skip
    assert [(p.id, p.title) for p in library.pages()] == [
        (p.id, p.title) for p in library.page_titles()
    ]


def test_one_page(library):
    about = library.get_page("about")
    assert (about.id, about.title) == ("about", "About this library")
    assert about.body.startswith("## What this is")
    assert library.get_page("no-such-page") is None
