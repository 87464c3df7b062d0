"""Accessibility baseline of every new control, and what screen readers are told.

Baseline: reachable with Tab, a visible focus ring, a non-empty accessible
name, at least 44x44 px. Announcements ("Bookmark added") go out through
QAccessible.updateAccessibility; PySide6 offers no way to install an update
handler (QAccessible.installUpdateHandler is not bound), so the tests switch
accessibility on, run every announcing action (an error there would fail the
test through pytest-qt), and read what a screen reader would read through
QAccessible.queryAccessibleInterface.
"""

from __future__ import annotations

import pytest

from reader.ui.qt import QAccessible, QApplication, Qt, QWidget
from tests.ui.helpers import ARTICLES, CELLS, EPIDURAL, SHOWN, focus, go, open_article

MIN = 44


def _check_baseline(widget: QWidget, label: str) -> None:
    assert widget.isVisible(), f"{label} is not shown"
    assert widget.accessibleName().strip(), f"{label} has no accessible name"
    assert widget.width() >= MIN and widget.height() >= MIN, (
        f"{label} is {widget.width()}x{widget.height()}, smaller than {MIN}x{MIN}"
    )
    assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, f"{label} cannot be reached with Tab"
    assert widget.isEnabled(), f"{label} is disabled"


def _article_controls(window) -> dict[str, QWidget]:
    page = window.article_page
    return {
        "bookmark toggle": page.bookmark,
        "print button": page.print_button,
        "Yes": page.feedback.yes,
        "No": page.feedback.no,
        "note edit": page.note.edit,
    }


def _tab_through(qtbot, start: QWidget, limit: int = 150) -> list[QWidget]:
    focus(qtbot, start)
    seen = []
    for _ in range(limit):
        current = QApplication.focusWidget()
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        if after is None or after is start:
            break
        seen.append(after)
    return seen


def _focus_ring_shows(qtbot, widget: QWidget, elsewhere: QWidget) -> bool:
    focus(qtbot, elsewhere)
    without = widget.grab().toImage()
    focus(qtbot, widget)
    with_focus = widget.grab().toImage()
    return without != with_focus


@pytest.fixture
def on_article(window):
    open_article(window, CELLS)
    window.personal.set_note(EPIDURAL, ARTICLES[EPIDURAL], "A note")
    return window


def test_article_controls_meet_the_baseline(on_article):
    for label, widget in _article_controls(on_article).items():
        _check_baseline(widget, label)


def test_article_controls_are_reached_with_tab_in_reading_order(on_article, qtbot):
    window = on_article
    controls = _article_controls(window)
    visited = _tab_through(qtbot, window.article_page.heading)
    order = [visited.index(w) for w in controls.values() if w in visited]
    missing = [name for name, w in controls.items() if w not in visited]
    assert missing == []
    assert order == sorted(order)


def test_tab_leaves_the_notes_box_instead_of_typing_a_tab(on_article, qtbot):
    edit = on_article.article_page.note.edit
    focus(qtbot, edit)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not edit
    assert "\t" not in edit.toPlainText()


def test_article_controls_show_a_focus_ring(on_article, qtbot):
    heading = on_article.article_page.heading
    for label, widget in _article_controls(on_article).items():
        assert _focus_ring_shows(qtbot, widget, heading), f"{label}: no visible focus change"


def test_saved_pages_controls_meet_the_baseline(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    window.personal.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-02-01T00:00:00Z")
    window.personal.set_note(CELLS, ARTICLES[CELLS], "A note")
    go(window, "bookmarks")
    page = window.bookmarks_page
    _check_baseline(page.print_button, "print list button")
    for i, row in enumerate(page.rows):
        _check_baseline(row.card, f"bookmark card {i}")
        _check_baseline(row.remove, f"Remove button {i}")
        shown = SHOWN[row.entry.article_id]
        assert shown in row.card.accessibleName()
        assert row.remove.accessibleName() == f"Remove bookmark: {shown}"
    qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)
    _check_baseline(page.undo_button, "Undo button")
    assert QApplication.focusWidget() is page.rows[0].card  # the next row, not lost

    go(window, "notes")
    (row,) = window.pages["notes"].rows
    _check_baseline(row.card, "note card")
    _check_baseline(row.remove, "note Remove button")
    assert SHOWN[CELLS] in row.card.accessibleName()


def test_bookmarks_rows_are_reached_with_tab_and_show_focus(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    window.personal.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-02-01T00:00:00Z")
    go(window, "bookmarks")
    page = window.bookmarks_page
    wanted = [page.print_button]
    for row in page.rows:
        wanted += [row.card, row.remove]
    visited = _tab_through(qtbot, page.heading)
    assert [visited.index(w) for w in wanted] == sorted(visited.index(w) for w in wanted)
    for widget in wanted:
        assert _focus_ring_shows(qtbot, widget, page.heading)


def test_after_undo_focus_goes_to_the_restored_row(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    go(window, "bookmarks")
    page = window.bookmarks_page
    qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.undo_button, Qt.Key.Key_Space)
    assert len(page.rows) == 1
    assert QApplication.focusWidget() is page.rows[0].card


def test_handout_dialog_controls_meet_the_baseline(on_article, qtbot):
    window = on_article
    open_article(window, EPIDURAL)
    window.print_current()
    dialog = window.handout_dialog
    qtbot.waitExposed(dialog)
    for label, widget in {
        "Include my notes": dialog.include_notes,
        "Print": dialog.print_button,
        "Save as PDF": dialog.pdf_button,
        "Cancel": dialog.cancel_button,
    }.items():
        _check_baseline(widget, label)
    dialog.reject()


def _name(widget: QWidget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_bookmark_toggle_tells_screen_readers(on_article, qtbot, accessibility_on):
    toggle = on_article.article_page.bookmark
    assert _name(toggle) == "Bookmark"

    qtbot.keyClick(on_article, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)

    interface = QAccessible.queryAccessibleInterface(toggle)
    assert interface.text(QAccessible.Text.Name) == "Bookmarked"
    assert interface.state().checkable and interface.state().checked
    assert toggle.accessibleName() == "Bookmarked"

    focus(qtbot, toggle)
    qtbot.keyClick(toggle, Qt.Key.Key_Space)

    assert _name(toggle) == "Bookmark"
    assert not QAccessible.queryAccessibleInterface(toggle).state().checked


def test_feedback_thank_you_is_read_by_screen_readers(on_article, qtbot, accessibility_on):
    box = on_article.article_page.feedback
    qtbot.mouseClick(box.yes, Qt.MouseButton.LeftButton)
    assert "Thank you" in _name(box.thanks)
    assert QAccessible.queryAccessibleInterface(box.yes).state().checked


def test_remove_and_undo_announce_without_error(window, qtbot, accessibility_on):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    window.personal.set_note(CELLS, ARTICLES[CELLS], "A note")
    for kind in ("bookmarks", "notes"):
        go(window, kind)
        page = window.current_page()
        qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)
        assert _name(page.undo_button) == "Undo remove"
        assert ARTICLES[CELLS] in page.undo_label.text()
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert len(page.rows) == 1


def test_note_editor_is_named_for_screen_readers(on_article, qtbot, accessibility_on):
    edit = on_article.article_page.note.edit
    assert _name(edit) == "Your notes (only on this computer)"
    description = QAccessible.queryAccessibleInterface(edit).text(QAccessible.Text.Description)
    assert "automatically" in description
