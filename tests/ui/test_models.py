"""The item models behind the card lists: Qt's model rules and incremental fetch."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.library.search import search
from reader.core.library.store import Library
from reader.core.library.sync import sync
from reader.ui import models
from reader.ui.cards import CardList
from reader.ui.models import (
    ArticleIdRole,
    ArticleListModel,
    DetailRole,
    MarkedRole,
    SearchResultsModel,
    TextRole,
    TitleRole,
)
from reader.ui.qt import QApplication, QModelIndex, Qt
from reader.ui.theme import LIGHT
from tests.bundles import bundle_spec

ROWS = 250


@pytest.fixture(scope="module")
def big_library_dir(tmp_path_factory) -> Path:
    """A library of 250 summaries in one category (and a few in another)."""
    root = tmp_path_factory.mktemp("models")
    articles = {
        f"item-{i:03d}": f"Title: Item {i:03d} about recovery\nCategories: general\n"
        f"Journal: Journal {i % 7}\nYear: {2000 + i % 20}\nEvidence-Level: Level {i % 3}\n\n"
        f"## Simple Explanation\n\nItem {i} explains recovery. A second sentence.\n"
        for i in range(ROWS)
    }
    articles["odd-one"] = (
        "Title: The odd one\nCategories: pain\n\n## Simple Explanation\n\nAbout wombats.\n"
    )
    added = {aid: f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}" for i, aid in enumerate(articles)}
    source = bundle_spec(articles, added=added).write(root / "bundle", "dir")
    sync(root / "data", source)
    return root / "data"


@pytest.fixture
def library(big_library_dir):
    with Library(big_library_dir) as library:
        yield library


def article_model(library, marked=frozenset(), total=None, parent=None):
    return ArticleListModel(
        lambda limit, offset: library.list_articles("general", limit, offset),
        library.count_articles("general") if total is None else total,
        lambda article_id: article_id in marked,
        parent,
    )


def test_article_model_passes_qt_model_checks_while_fetching(qtmodeltester, library):
    model = article_model(library)
    qtmodeltester.check(model)  # empty, with more to fetch
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtmodeltester.check(model)
    assert model.rowCount() == ROWS


def test_article_model_fetches_a_page_at_a_time_newest_first(library):
    calls = []

    def fetch(limit, offset):
        calls.append((limit, offset))
        return library.list_articles("general", limit, offset)

    model = ArticleListModel(fetch, ROWS)
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == models.PAGE_SIZE
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == ROWS and not model.canFetchMore()
    assert calls == [(100, 0), (100, 100), (100, 200)]
    added = [model.summary(r).added for r in range(ROWS)]
    assert added == sorted(added, reverse=True)
    assert model.summary(ROWS) is None and model.summary(-1) is None


def test_article_model_roles(library):
    model = article_model(library, marked={"item-249"})
    model.fetchMore()
    index = model.index(0, 0)
    summary = model.summary(0)
    assert summary.id == "item-249"
    assert index.data(Qt.ItemDataRole.DisplayRole) == index.data(TitleRole) == summary.title
    assert index.data(ArticleIdRole) == "item-249"
    assert index.data(DetailRole) == f"Journal {249 % 7}, {2000 + 249 % 20} · Evidence: Level 0"
    assert index.data(TextRole) == "Item 249 explains recovery."
    assert index.data(MarkedRole) is True
    assert model.index(1, 0).data(MarkedRole) is False
    assert ", bookmarked." in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.data(model.index(5000, 0)) is None


def test_bookmark_marks_refresh_without_a_reset(qtbot, library):
    marked = set()
    model = article_model(library, marked)
    model.fetchMore()
    with qtbot.waitSignal(model.dataChanged) as changed:
        marked.add("item-248")
        model.refresh_marks()
    assert changed.args[2] == [MarkedRole]
    assert model.index(1, 0).data(MarkedRole) is True


def test_fetch_more_from_a_rows_about_to_be_inserted_handler_adds_nothing_twice(library):
    """A listener may call fetchMore() while rows are being inserted (Qt's model tester does)."""
    model = article_model(library)
    model.rowsAboutToBeInserted.connect(lambda *_: model.fetchMore())
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.summary(r).id for r in range(model.rowCount())]
    assert len(ids) == len(set(ids)) == ROWS


def test_a_library_that_shrank_stops_the_fetching(library):
    model = article_model(library, total=ROWS + 50)  # the count said more than there is
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == ROWS


def test_search_model_passes_qt_model_checks(qtmodeltester, library):
    model = SearchResultsModel(lambda slugs: ", ".join(s.title() for s in slugs))
    qtmodeltester.check(model)
    hits = search(library, "recovery", limit=50)
    assert len(hits) == 50
    model.set_hits(hits)
    qtmodeltester.check(model)
    index = model.index(0, 0)
    assert index.data(TitleRole) == hits[0].title
    assert index.data(ArticleIdRole) == hits[0].id
    assert "<mark>recovery</mark>" in index.data(TextRole)
    assert index.data(DetailRole) == "General"
    assert "\x02" not in index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.hit(0) == hits[0] and model.hit(50) is None
    model.set_hits([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_search_snippet_html_is_escaped(library):
    from reader.core.library.search import SearchHit

    hit = SearchHit("x", "<b>t</b>", "a <script> \x02word\x03 & b", 1.0, ("general",))
    model = SearchResultsModel(lambda slugs: "General")
    model.set_hits([hit])
    html = model.index(0, 0).data(TextRole)
    assert html == "a &lt;script&gt; <mark>word</mark> &amp; b"


def shown_card_list(qtbot, library) -> tuple[CardList, object]:
    """A card list of the whole library, shown at 600x400, and its model."""
    view = CardList(lambda: LIGHT)
    qtbot.addWidget(view)
    model = article_model(library, parent=view)
    view.setModel(model)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def test_a_card_list_fetches_as_it_scrolls(qtbot, library):
    view, model = shown_card_list(qtbot, library)
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    assert model.rowCount() == models.PAGE_SIZE  # only what the view needs
    assert view.currentIndex().row() == 0
    bar = view.verticalScrollBar()
    seen = [model.rowCount()]
    for _ in range(200):
        bar.setValue(bar.maximum())
        QApplication.processEvents()
        seen.append(model.rowCount())
        if not model.canFetchMore():
            break
    assert model.rowCount() == ROWS
    assert seen == sorted(seen) and set(seen) <= {100, 200, 250}
    # Single click opens, from the last card too.
    last = model.index(ROWS - 1, 0)
    view.scrollTo(last)
    with qtbot.waitSignal(view.activated_id) as opened:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(last).center()
        )
    assert opened.args == [model.summary(ROWS - 1).id]


def test_each_card_is_measured_once_however_many_rows_follow(qtbot, library, monkeypatch):
    """The view re-measures every row after each fetch: that must not redo the layout."""
    from reader.ui import cards

    measured = []
    real = cards.CardDelegate._document

    def counting(self, index, width, font, star=None):
        if star is True:  # the sizing path
            measured.append(index.row())
        return real(self, index, width, font, star)

    monkeypatch.setattr(cards.CardDelegate, "_document", counting)
    view, model = shown_card_list(qtbot, library)
    qtbot.waitUntil(lambda: model.rowCount() == models.PAGE_SIZE)
    QApplication.processEvents()
    measured.clear()
    while model.canFetchMore():
        model.fetchMore()
        QApplication.processEvents()
    assert model.rowCount() == ROWS
    # Only the new rows were measured, once each (not every row after every fetch).
    assert sorted(measured) == list(range(models.PAGE_SIZE, ROWS))
    measured.clear()
    view.resize(500, 400)  # a new width: every row once more
    QApplication.processEvents()
    assert sorted(set(measured)) == list(range(ROWS)) and len(measured) == ROWS


def test_new_search_results_are_measured_afresh(qtbot, library):
    from reader.core.library.search import SearchHit

    def hits(text):
        return [SearchHit(f"id-{i}", f"Title {i}", text, 1.0, ("general",)) for i in range(3)]

    view = CardList(lambda: LIGHT, text_is_html=True)
    qtbot.addWidget(view)
    model = SearchResultsModel(lambda slugs: "General", view)
    view.setModel(model)
    view.resize(400, 600)
    view.show()
    qtbot.waitExposed(view)
    model.set_hits(hits("A very long snippet about recovery. " * 20))
    QApplication.processEvents()
    tall = view.visualRect(model.index(0, 0)).height()
    model.set_hits(hits("Short."))
    QApplication.processEvents()
    short = view.visualRect(model.index(0, 0)).height()
    assert short < tall / 2
    fresh = CardList(lambda: LIGHT, text_is_html=True)
    qtbot.addWidget(fresh)
    fresh.setModel(model)
    fresh.resize(400, 600)
    fresh.show()
    qtbot.waitExposed(fresh)
    assert fresh.visualRect(model.index(0, 0)).height() == short
