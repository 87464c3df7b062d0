"""Bookmarks: the toggle, Ctrl+D, stars in cards, the Bookmarks page with Undo."""

from __future__ import annotations

import re

from reader.core.personal.store import PersonalData
from reader.ui.models import ArticleIdRole, MarkedRole
from reader.ui.qt import Qt
from reader.ui.saved_pages import NOT_IN_LIBRARY
from tests.ui.helpers import (
    ARTICLES,
    CATEGORY,
    CELLS,
    EPIDURAL,
    HANDWRITING,
    SHOWN,
    card_texts,
    focus,
    go,
    open_article,
)


def _titles(page) -> list[str]:
    return [card_texts(row.card)[0] for row in page.rows]


def _marked_ids(window) -> set[str]:
    model = window.pages["category"].model
    while model.canFetchMore():
        model.fetchMore()
    return {
        model.index(r).data(ArticleIdRole)
        for r in range(model.rowCount())
        if model.index(r).data(MarkedRole)
    }


def test_toggle_click_bookmarks_and_unbookmarks(window, qtbot, data_dir):
    open_article(window, CELLS)
    toggle = window.article_page.bookmark
    assert (toggle.text(), toggle.accessibleName(), toggle.isChecked()) == (
        "☆ Bookmark",
        "Bookmark",
        False,
    )

    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)

    assert "Bookmarked" in toggle.text()
    assert toggle.accessibleName() == "Bookmarked"
    assert toggle.isChecked()
    with PersonalData(data_dir) as other:  # stored at once, visible to any connection
        saved = other.get_bookmark(CELLS)
    assert saved is not None
    assert saved.title == ARTICLES[CELLS]

    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)

    assert toggle.text() == "☆ Bookmark"
    assert toggle.accessibleName() == "Bookmark"
    assert not window.personal.is_bookmarked(CELLS)


def test_ctrl_d_toggles_the_bookmark(window, qtbot):
    open_article(window, EPIDURAL)
    toggle = window.article_page.bookmark

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.personal.is_bookmarked(EPIDURAL)
    assert toggle.accessibleName() == "Bookmarked"
    assert "Bookmarked" in toggle.text()

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not window.personal.is_bookmarked(EPIDURAL)
    assert toggle.accessibleName() == "Bookmark"


def test_ctrl_d_off_an_article_bookmarks_nothing_and_says_why(window, qtbot):
    """Before, nothing was shown or heard: a keyboard user on a list could not tell."""
    for kind, key in (("home", ""), ("category", CATEGORY), ("bookmarks", "")):
        go(window, kind, key)
        window.statusBar().clearMessage()
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert window.personal.list_bookmarks() == []
        assert window.statusBar().currentMessage() == "Open a summary to bookmark it.", kind


def test_bookmarked_article_has_a_star_in_category_list_and_home_card(window, qtbot):
    go(window, "category", CATEGORY)
    assert _marked_ids(window) == set()

    open_article(window, HANDWRITING)
    qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)

    go(window, "category", CATEGORY)
    assert _marked_ids(window) == {HANDWRITING}
    go(window, "home")
    titles = {card_texts(c)[0] for c in window.pages["home"].latest_cards}
    assert f"★ {SHOWN[HANDWRITING]}" in titles
    assert f"★ {SHOWN[CELLS]}" not in titles
    assert SHOWN[CELLS] in titles


def test_category_model_star_follows_the_toggle_without_reopening(window, qtbot):
    go(window, "category", CATEGORY)
    assert _marked_ids(window) == set()  # rows fetched, as a shown list does
    model = window.pages["category"].model
    open_article(window, CELLS)
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert _marked_ids(window) == {CELLS}


def test_ctrl_b_lists_bookmarks_newest_first_with_the_day_saved(window, qtbot):
    for article_id in (CELLS, EPIDURAL, HANDWRITING):  # quickly, all in one second
        open_article(window, article_id)
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    go(window, "home")

    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)

    page = window.bookmarks_page
    assert window.current_page() is page
    assert page.heading.text() == "Bookmarks"
    assert _titles(page) == [SHOWN[HANDWRITING], SHOWN[EPIDURAL], SHOWN[CELLS]]
    created = {b.article_id: b.created for b in window.personal.list_bookmarks()}
    for row in page.rows:
        day = created[row.entry.article_id][:10]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
        assert f"Saved {day}" in card_texts(row.card)


def test_bookmarks_page_orders_by_date_saved(window):
    ud = window.personal
    ud.add_bookmark(CELLS, ARTICLES[CELLS], "2026-03-01T10:00:00Z")
    ud.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-05-09T08:00:00Z")
    ud.add_bookmark(HANDWRITING, ARTICLES[HANDWRITING], "2025-12-24T23:59:59Z")
    go(window, "bookmarks")
    page = window.bookmarks_page
    assert _titles(page) == [SHOWN[EPIDURAL], SHOWN[CELLS], SHOWN[HANDWRITING]]
    assert [card_texts(r.card)[1] for r in page.rows] == [
        "Saved 2026-05-09",
        "Saved 2026-03-01",
        "Saved 2025-12-24",
    ]


def test_toolbar_button_opens_bookmarks(window, qtbot):
    qtbot.mouseClick(window.bookmarks_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.bookmarks_page
    assert window.bookmarks_page.rows == []
    assert "No bookmarks yet" in window.bookmarks_page.intro.text()


def test_open_a_bookmark_by_click(window, qtbot):
    window.personal.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL])
    go(window, "bookmarks")
    qtbot.mouseClick(window.bookmarks_page.rows[0].card, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.article_page
    assert window.article_page.article.id == EPIDURAL


def test_open_a_bookmark_with_enter(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    window.personal.add_bookmark(HANDWRITING, ARTICLES[HANDWRITING], "2026-02-01T00:00:00Z")
    go(window, "bookmarks")
    second = window.bookmarks_page.rows[1]
    assert second.entry.article_id == CELLS
    focus(qtbot, second.card)

    qtbot.keyClick(second.card, Qt.Key.Key_Return)

    assert window.current_page() is window.article_page
    assert window.article_page.article.id == CELLS


def test_remove_button_then_undo_button(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    window.personal.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-02-01T00:00:00Z")
    go(window, "bookmarks")
    page = window.bookmarks_page
    assert not page.undo_bar.isVisible()

    qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)

    assert not window.personal.is_bookmarked(EPIDURAL)
    assert _titles(page) == [SHOWN[CELLS]]
    assert page.undo_bar.isVisible()
    assert ARTICLES[EPIDURAL] in page.undo_label.text()

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)

    restored = window.personal.get_bookmark(EPIDURAL)
    assert restored is not None
    assert restored.created == "2026-02-01T00:00:00Z"
    assert _titles(page) == [SHOWN[EPIDURAL], SHOWN[CELLS]]
    assert not page.undo_bar.isVisible()


def test_delete_key_removes_the_focused_row_and_ctrl_z_restores_it(window, qtbot):
    ud = window.personal
    ud.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T09:30:00Z")
    ud.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-02-01T09:30:00Z")
    ud.add_bookmark(HANDWRITING, ARTICLES[HANDWRITING], "2026-03-01T09:30:00Z")
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    page = window.bookmarks_page
    middle = page.rows[1]
    assert middle.entry.article_id == EPIDURAL
    focus(qtbot, middle.card)

    qtbot.keyClick(middle.card, Qt.Key.Key_Delete)

    assert [b.article_id for b in ud.list_bookmarks()] == [HANDWRITING, CELLS]
    assert _titles(page) == [SHOWN[HANDWRITING], SHOWN[CELLS]]
    assert page.undo_bar.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert ud.get_bookmark(EPIDURAL).created == "2026-02-01T09:30:00Z"
    assert _titles(page) == [SHOWN[HANDWRITING], SHOWN[EPIDURAL], SHOWN[CELLS]]
    assert not page.undo_bar.isVisible()


def test_delete_key_on_the_remove_button_removes_that_row(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    go(window, "bookmarks")
    row = window.bookmarks_page.rows[0]
    focus(qtbot, row.remove)
    qtbot.keyClick(row.remove, Qt.Key.Key_Delete)
    assert window.personal.list_bookmarks() == []


def test_removing_needs_no_confirmation_dialog(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    go(window, "bookmarks")
    qtbot.mouseClick(window.bookmarks_page.rows[0].remove, Qt.MouseButton.LeftButton)
    from reader.ui.qt import QApplication, QDialog, QMessageBox

    dialogs = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog | QMessageBox) and w.isVisible()
    ]
    assert dialogs == []
    assert window.personal.list_bookmarks() == []


def test_undo_has_no_time_limit_and_lasts_until_the_next_removal(window, qtbot):
    from reader.ui.qt import QApplication, QTimer

    ud = window.personal
    ud.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    ud.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-02-01T00:00:00Z")
    go(window, "bookmarks")
    page = window.bookmarks_page
    assert [r.entry.article_id for r in page.rows] == [EPIDURAL, CELLS]

    qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)
    # Nothing counts down: no timer of the page is running (WCAG 2.2.1).
    assert not [t for t in page.findChildren(QTimer) if t.isActive()]
    assert page.undo_bar.isVisible()
    # Focus went to the next row, not to the breadcrumb or nowhere.
    assert QApplication.focusWidget() is page.rows[0].card
    assert page.rows[0].entry.article_id == CELLS

    qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)  # the next removal
    assert QApplication.focusWidget() is page.undo_button  # the list is empty
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [b.article_id for b in ud.list_bookmarks()] == [CELLS]  # only the last one
    assert QApplication.focusWidget() is page.rows[0].card
    assert not page.undo_bar.isVisible()


def test_undo_is_forgotten_when_the_reader_leaves_the_page(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    go(window, "bookmarks")
    page = window.bookmarks_page
    qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)
    go(window, "home")
    go(window, "bookmarks")
    assert not page.undo_bar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.personal.list_bookmarks() == []


def test_undo_restores_after_going_elsewhere_only_on_the_page(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    go(window, "bookmarks")
    qtbot.mouseClick(window.bookmarks_page.rows[0].remove, Qt.MouseButton.LeftButton)
    go(window, "home")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.personal.list_bookmarks() == []  # Ctrl+Z elsewhere touches nothing


def test_toggle_reflects_removal_from_the_bookmarks_page(window, qtbot):
    open_article(window, CELLS)
    qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)
    go(window, "bookmarks")
    qtbot.mouseClick(window.bookmarks_page.rows[0].remove, Qt.MouseButton.LeftButton)
    open_article(window, CELLS)
    assert window.article_page.bookmark.accessibleName() == "Bookmark"
    assert not window.article_page.bookmark.isChecked()


def test_withdrawn_bookmark_card_says_so(window):
    window.personal.add_bookmark("gone-2001", "An article since withdrawn", "2026-01-02T00:00:00Z")
    go(window, "bookmarks")
    (row,) = window.bookmarks_page.rows
    assert card_texts(row.card) == [
        "An article since withdrawn",
        "Saved 2026-01-02",
        NOT_IN_LIBRARY,
    ]
