"""Issue 15 in the window: plain headlines, study types explained, All summaries,
newest research first, and "Report a problem with this summary".

The window runs over a small bundle of its own that has the new fields
(the test library of the other window tests has none, and must look as
before: the last tests here check that too).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.bundle.study_types import heading_explains
from reader.core.library.sync import sync
from reader.core.model import ArticleSummary
from reader.ui.cards import CardDelegate, CardList
from reader.ui.focus import SETTLE_MS
from reader.ui.guide_links import heading_position
from reader.ui.links import anchors
from reader.ui.models import ArticleListModel, DetailRole, TextRole, TitleRole
from reader.ui.qt import (
    QApplication,
    QImage,
    QPainter,
    QStyleOptionViewItem,
    Qt,
    QTextCursor,
)
from reader.ui.theme import LIGHT
from tests.bundles import HOW_TO_READ, PAGES, article_text, bundle_spec, full_article_text
from tests.ui.helpers import current, go, set_prefs

HEADLINE = "Walking got better in 12 adults who trained with a robot suit"
PAPER = "Robotic Exoskeleton Gait Training in Chronic Incomplete Spinal Cord Injury"
ARTICLES = {
    # Oldest in the library, newest research: first in every window list.
    "suit": full_article_text(
        PAPER, "zebrafish", "walking", plain_title=HEADLINE, study_type="cohort",
        published="2025-02-01",
    ),
    "old-paper": full_article_text("An old paper without a plain headline", "quokka",
                                   published="2014-08-01"),
    "year-only": article_text("A paper with only a year", "walking",
                              meta={"Year": "2019", "Evidence-Level": "Survey"}),
}  # fmt: skip


def click_link(qtbot, browser, href: str) -> None:
    """Click the link to `href` in `browser` where it is drawn, as a reader would.

    First the window's new look settles: till then every relayout scrolls the
    page back to the focus (focus.FocusFollower), as after a text-size step.
    """
    qtbot.wait(SETTLE_MS)
    link = next(a for a in anchors(browser) if a.href == href)
    cursor = QTextCursor(browser.document())
    cursor.setPosition((link.start + link.end) // 2)
    qtbot.mouseClick(
        browser.viewport(), Qt.MouseButton.LeftButton, pos=browser.cursorRect(cursor).center()
    )


@pytest.fixture
def plain_data_dir(qapp, tmp_path: Path) -> Path:
    spec = bundle_spec(ARTICLES, pages={**PAGES, "how-to-read": HOW_TO_READ})
    data = tmp_path / "data"
    sync(data, spec.write(tmp_path / "bundle", "dir"))
    set_prefs(data)
    return data


@pytest.fixture
def plain_window(make_window, plain_data_dir):
    return make_window(plain_data_dir)


def test_home_cards_lead_with_the_headline_newest_research_first(plain_window):
    cards = plain_window.pages["home"].latest_cards
    assert [c.accessibleName().split(".")[0] for c in cards] == [
        HEADLINE, "A paper with only a year", "An old paper without a plain headline"
    ]  # fmt: skip
    assert f"From the paper: {PAPER}." in cards[0].accessibleName()
    # The teaser is the Simple Explanation's first sentence: the library writes it
    # as the finding (tests/content), where a first Key Finding may be the method.
    card_text = [label.text() for label in cards[0]._labels]
    assert card_text[0] == HEADLINE
    assert card_text[-1] == "This study is about zebrafish and recovery."


def test_all_summaries_is_offered_on_home_and_lists_every_article(plain_window, qtbot):
    home = plain_window.pages["home"]
    every = home.all_button
    assert every.text() == "All summaries (3)"
    qtbot.mouseClick(every, Qt.MouseButton.LeftButton)
    page = current(plain_window)
    assert page is plain_window.pages["category"]
    assert page.heading.text() == "All summaries"
    assert page.count.text() == "3 summaries, newest first"
    model = page.list.model()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    titles = [model.index(r, 0).data(TitleRole) for r in range(model.rowCount())]
    assert titles == [HEADLINE, "A paper with only a year", "An old paper without a plain headline"]
    walking = [model.index(r, 0).data(TitleRole) for r in range(2)]
    go(plain_window, "category", "walking")
    model = current(plain_window).list.model()
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert [model.index(r, 0).data(TitleRole) for r in range(model.rowCount())] == walking


def test_the_article_page_shows_the_headline_and_the_paper_beneath(plain_window):
    go(plain_window, "article", "suit")
    page = current(plain_window)
    assert page.heading.text() == HEADLINE
    assert page.source.isVisible() and page.source.text() == f"From the paper: {PAPER}"
    assert page.source.y() > page.heading.y()
    assert page.crumbs()[-1][0] == HEADLINE
    go(plain_window, "article", "old-paper")
    assert page.heading.text() == "An old paper without a plain headline"
    assert not page.source.isVisible()


def test_the_evidence_card_explains_the_type_and_links_to_its_part_of_how_to_read(
    plain_window, qtbot
):
    go(plain_window, "article", "suit")
    page = current(plain_window)
    text = page.content.toPlainText()
    assert "Cohort study. People followed over time." in text
    assert "Moderate evidence: Can show that two things go together" in text
    assert "Review" in text  # the free-text Evidence-Level stays, as detail
    assert "What does this mean?" in text
    card = page.content.facts.evidence  # the Evidence card's text, in its fact card
    assert card.isVisible() and "Cohort study. People followed over time." in card.toPlainText()
    click_link(qtbot, card, "page:how-to-read#cohort")
    guide = current(plain_window)
    assert guide is plain_window.pages["page"]
    assert guide.heading.text() == "How to read a summary"
    bar = guide.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0)
    # The "Cohort study" heading is at the top of what the reader sees.
    top = heading_position(guide.content, "cohort")
    assert top is not None
    seen = guide.content.mapTo(guide.scroll.widget(), guide.content.rect().topLeft()).y() + top
    assert bar.value() <= seen <= bar.value() + 40
    assert plain_window.link_prompt is None  # no "Leave the app?" question: an inner link


def test_without_a_study_type_the_link_opens_how_to_read_at_its_top(plain_window, qtbot):
    go(plain_window, "article", "year-only")
    page = current(plain_window)
    assert "Survey" in page.content.toPlainText()
    click_link(qtbot, page.content.facts.evidence, "page:how-to-read")
    guide = current(plain_window)
    assert guide.heading.text() == "How to read a summary"
    QApplication.processEvents()
    assert guide.scroll.verticalScrollBar().value() == 0


def test_search_results_and_bookmarks_show_the_headline(plain_window, qtbot):
    plain_window.navigator.search("robot suit")
    QApplication.processEvents()
    results = current(plain_window).list.model()
    assert results.rowCount() == 1
    assert results.index(0, 0).data(TitleRole) == HEADLINE
    assert f"From the paper: {PAPER}" in results.index(0, 0).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    plain_window.personal.add_bookmark("suit", PAPER)
    go(plain_window, "bookmarks")
    (row,) = current(plain_window).rows
    assert HEADLINE in row.card.accessibleName()


def test_report_a_problem_is_saved_in_the_note_and_exported(plain_window, qtbot, tmp_path):
    go(plain_window, "article", "suit")
    page = current(plain_window)
    page.note.edit.setPlainText("Ask Dr Lee about this")
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Report a problem with this summary"
    assert "Export bookmarks and notes" in dialog.explained.text()
    assert "Nothing is sent" in dialog.explained.text()
    assert dialog.edit.lineWrapMode() == dialog.edit.LineWrapMode.WidgetWidth
    for control in (dialog.save_button, dialog.cancel_button, dialog.edit):
        assert control.width() >= 44 and control.height() >= 44
    # Nothing typed: nothing saved, and the dialog says why.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.state.text() == "Please describe the problem first."
    qtbot.keyClicks(dialog.edit, "The 12 adults were")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)  # a new line in the box ...
    qtbot.keyClicks(dialog.edit, "all men, not adults")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    note = plain_window.personal.get_note("suit")
    first, second = note.text.split("\n")
    assert first == "Ask Dr Lee about this"  # typed a moment before: kept, first
    day = note.updated[:10]
    # ... is one line in the note: one report, one line
    assert second == f"Problem reported ({day}): The 12 adults were all men, not adults"
    assert page.note.edit.toPlainText() == note.text  # the note box shows it
    out = tmp_path / "mine.json"
    plain_window.personal.export_file(out)
    (exported,) = json.loads(out.read_text(encoding="utf-8"))["notes"]
    assert exported["article_id"] == "suit" and exported["text"].endswith("not adults")


def test_the_test_library_without_the_fields_looks_as_before(window):
    """No plain headline: the paper's title everywhere, no "From the paper" line."""
    go(window, "article", "full-study")
    page = current(window)
    assert page.heading.text() == "Walking again after spinal stimulation"
    assert not page.source.isVisible()
    assert "Small trial" in page.content.toPlainText()
    card = page.content.facts.evidence
    assert card.toPlainText() == "Small trial\nWhat does this mean?"
    assert [a.href for a in anchors(card)] == ["page:how-to-read"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plain_title=st.text(max_size=120))
def test_any_plain_title_is_drawn_as_text_on_a_card(qapp, plain_title):
    summary = ArticleSummary(
        id="x", title="Paper", plain_title=plain_title or None, added="2025-01-01",
        categories=["general"], key_findings=[plain_title],
    )  # fmt: skip
    model = ArticleListModel(lambda limit, offset: [summary][offset : offset + limit], 1)
    model.fetchMore()
    index = model.index(0, 0)
    assert index.data(TitleRole) == (plain_title or "Paper")
    assert isinstance(index.data(TextRole), str)
    for uniform in (False, True):
        view = CardList(lambda: LIGHT, uniform=uniform)
        view.setModel(model)
        view.resize(400, 300)
        delegate = view.itemDelegate()
        option = QStyleOptionViewItem()
        option.rect = view.visualRect(index)
        option.font = view.font()
        assert delegate.sizeHint(option, index).height() > 0
        image = QImage(400, 300, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        if isinstance(delegate, CardDelegate) and not uniform:
            shown = delegate._document(index, 300.0, view.font()).toPlainText()
            assert " ".join((plain_title or "Paper").split()) in " ".join(shown.split())
        view.deleteLater()
    assert html.escape(plain_title) == html.escape(plain_title)  # escaping never raises


def test_a_heading_leads_to_a_type_by_its_anchor():
    assert heading_explains("Cohort study", "cohort")
    assert heading_explains("Randomized trial", "randomized-trial")
    assert not heading_explains("Non-randomized trial", "randomized-trial")
    assert not heading_explains("Case series", "case-report")
    assert not heading_explains("Anything", "")
    # The headings of the library's How to read page (the content's own names).
    assert heading_explains("Survey or snapshot study", "cross-sectional")
    assert heading_explains("Animal or laboratory study", "laboratory")
    assert not heading_explains("Survey or snapshot study", "cohort")


def test_all_summaries_can_list_new_in_this_library_first_and_says_so(plain_window, qtbot):
    go(plain_window, "category", "")
    page = current(plain_window)
    research, added = page.order_choice.buttons.values()
    assert research.isChecked() and not added.isChecked()
    assert added.text() == "New in this library first"
    qtbot.mouseClick(added, Qt.MouseButton.LeftButton)
    assert added.isChecked() and not research.isChecked()
    assert page.count.text() == "3 summaries, New in this library first"
    model = page.list.model()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    # bundle_spec adds the articles a day apart, the first given the oldest.
    assert [model.index(r, 0).data(TitleRole) for r in range(3)] == [
        "A paper with only a year", "An old paper without a plain headline", HEADLINE
    ]  # fmt: skip
    detail = model.index(0, 0).data(DetailRole)
    assert detail.startswith("New in this library: 2025-01-03")
    assert "New in this library: 2025-01-03" in model.index(0, 0).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    go(plain_window, "category", "walking")  # a category: research order, no choice
    assert not page.order_choice.isVisible()
    qtbot.waitUntil(lambda: page.list.model().rowCount() == 2)
    assert "New in this library" not in page.list.model().index(0, 0).data(DetailRole)
    assert page.count.text() == "2 summaries, newest first"
