"""Bookmarks and My notes as a keyboard and a screen reader meet them while the rows change.

Removing, undoing and a text-size step rebuild the rows. Focus must go
straight from where it was to where it lands (the next row, the restored
row, the same row), never through the toolbar's Back button on the way: a
screen reader speaks every focus change, so a detour is heard as "Back" and
may talk over what follows. And what was done ("Bookmark restored") is
announced after focus has settled, so the focus change does not cut it off.
"""

from __future__ import annotations

import pytest

from reader.ui import saved_pages
from reader.ui.qt import QApplication, Qt
from tests.ui.helpers import ARTICLES, CELLS, EPIDURAL, HANDWRITING, focus, go


@pytest.fixture
def heard(monkeypatch):
    """Focus changes and announcements, in the order a screen reader gets them."""
    events: list[tuple[str, object]] = []
    monkeypatch.setattr(
        saved_pages, "announce", lambda _w, text, **_k: events.append(("said", text))
    )

    def moved(_old, new) -> None:
        if new is not None:
            events.append(("focus", new))

    app = QApplication.instance()
    app.focusChanged.connect(moved)
    yield events
    app.focusChanged.disconnect(moved)


@pytest.fixture
def three_bookmarks(window):
    ud = window.personal
    ud.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T09:30:00Z")
    ud.add_bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-02-01T09:30:00Z")
    ud.add_bookmark(HANDWRITING, ARTICLES[HANDWRITING], "2026-03-01T09:30:00Z")
    go(window, "bookmarks")
    return window.bookmarks_page


def _focused(events) -> list:
    return [what for kind, what in events if kind == "focus"]


def test_delete_moves_focus_straight_to_the_next_row_then_says_so(
    window, qtbot, three_bookmarks, heard
):
    page = three_bookmarks
    focus(qtbot, page.rows[1].card)
    heard.clear()

    qtbot.keyClick(page.rows[1].card, Qt.Key.Key_Delete)

    assert _focused(heard) == [page.rows[1].card]  # CELLS, now second; no detour
    assert page.rows[1].entry.article_id == CELLS
    assert heard[-1] == ("said", "Bookmark removed. Press Control Z to undo.")


def test_ctrl_z_lands_on_the_restored_row_and_announces_after(
    window, qtbot, three_bookmarks, heard
):
    page = three_bookmarks
    focus(qtbot, page.rows[1].card)
    qtbot.keyClick(page.rows[1].card, Qt.Key.Key_Delete)
    heard.clear()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    restored = page.rows[1]
    assert restored.entry.article_id == EPIDURAL
    assert _focused(heard) == [restored.card]
    assert heard[-1] == ("said", "Bookmark restored")


def test_the_undo_button_of_an_emptied_list_hands_focus_to_the_restored_row(window, qtbot, heard):
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Ask about the trial")
    go(window, "notes")
    page = window.current_page()
    focus(qtbot, page.rows[0].remove)
    qtbot.keyClick(page.rows[0].remove, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.undo_button  # the list is empty
    heard.clear()

    qtbot.keyClick(page.undo_button, Qt.Key.Key_Return)

    assert _focused(heard) == [page.rows[0].card]  # not Back when the Undo row hides
    assert heard[-1] == ("said", "Note restored")
    assert not page.undo_bar.isVisible()


def test_a_text_size_step_keeps_focus_on_the_same_row(window, qtbot, three_bookmarks, heard):
    page = three_bookmarks
    focus(qtbot, page.rows[2].remove)
    heard.clear()

    qtbot.keyClick(page.rows[2].remove, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)

    assert window.ctx.scale() > 1
    assert QApplication.focusWidget() is page.rows[2].remove
    assert page.rows[2].entry.article_id == CELLS
    assert _focused(heard) == [page.rows[2].remove]
