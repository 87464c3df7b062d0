"""Focus goes straight to the new page after a move, with nothing heard on the way.

A screen reader speaks every focus change. Before, a move from inside a page
(Enter on a card, Alt+Home from the note box) hid the focused widget first:
Qt sent the focus along its chain to the toolbar (Back or Home), then the
stack gave it to the new page's last focused widget (the article's note box),
and only then did it reach the new page's heading: "Back", "Your notes", then
the heading, on every move.
"""

from __future__ import annotations

import pytest

from reader.ui.context import HOME, Location
from reader.ui.qt import QApplication, QPushButton, Qt
from tests.ui import library_content as content

CATEGORY = Location("category", "pain")


@pytest.fixture
def moves():
    """Every widget the focus reaches, in order."""
    seen: list = []

    def moved(_old, new) -> None:
        if new is not None:
            seen.append(new)

    app = QApplication.instance()
    app.focusChanged.connect(moved)
    yield seen
    app.focusChanged.disconnect(moved)


def test_each_move_by_keys_lands_on_the_new_page_at_once(window, qtbot, moves):
    window.navigate(CATEGORY)
    view = window.pages["category"].list
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    moves.clear()

    qtbot.keyClick(view, Qt.Key.Key_Return)  # the current card: its article

    page = window.article_page
    assert page.article.id == content.AMP_ID
    assert moves == [page.heading]

    note = page.note.edit
    note.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is note)
    moves.clear()
    qtbot.keyClick(note, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)

    assert window.current_location() == HOME
    assert moves == [window.pages["home"].first_focus()]

    moves.clear()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)

    assert window.current_location() == Location("article", content.AMP_ID)
    assert moves == [page.heading]  # not the note box it had before


def test_a_move_by_a_toolbar_or_breadcrumb_button_lands_at_once(window, qtbot, moves):
    """The button pressed can vanish in the move: Back is disabled at the start of
    the history, a breadcrumb is rebuilt. Before, the disabled Back passed the focus
    on along Qt's chain (to Home), heard there before the new page's heading (the
    breadcrumb did not: it is checked here as a guard)."""
    window.navigate(CATEGORY)
    back = window.back_button
    back.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is back)
    moves.clear()

    qtbot.keyClick(back, Qt.Key.Key_Return)  # back to Home: the start, Back disabled

    assert window.current_location() == HOME and not back.isEnabled()
    assert moves == [window.pages["home"].first_focus()]

    window.navigate(CATEGORY)
    QApplication.processEvents()  # the new crumbs are shown
    crumb = next(
        w for w in window.breadcrumb_row.findChildren(QPushButton)
        if w.accessibleName() == "Breadcrumb: Home" and w.isVisible()
    )  # fmt: skip
    crumb.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is crumb)
    moves.clear()

    qtbot.keyClick(crumb, Qt.Key.Key_Return)

    assert window.current_location() == HOME
    assert moves == [window.pages["home"].first_focus()]
