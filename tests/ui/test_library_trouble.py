"""The library file goes bad under a running window: said, the page stays usable, then recovers.

A real window on a real library; then the file is damaged in place (bytes
overwritten), replaced by a copy another connection holds locked (BEGIN
EXCLUSIVE), or deleted. The reader then types a search, opens a summary, a
category, Back, Home and the Menu, as from the keyboard and mouse. pytest-qt
fails a test on an exception in a slot (before, each of these raised one and
left the window half-updated). Each time: a notice that says what happened
and is announced, the page shown unchanged, the typed search kept,
Bookmarks still open; and once the lock is let go, or a sync from outside
the window rebuilt or recreated the file, the window reads it again without
a restart.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader.core.library.sync import sync
from reader.ui import models, notice_bar, status_line
from reader.ui import theme as themes
from reader.ui.context import HOME, Location
from reader.ui.library_trouble import AGAIN, LIBRARY_UNREADABLE, STILL
from reader.ui.qt import QAccessible, QApplication, QColor, Qt
from reader.ui.widgets import button
from tests.ui import library_content as content
from tests.ui.helpers import announcements, colours, current, focus, go

# A popup menu grabs the keyboard; the offscreen test display cannot, and says so.
pytestmark = pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$")


@pytest.fixture
def heard(monkeypatch) -> list[str]:
    """What screen readers were told (notices and status-line messages)."""
    return announcements(monkeypatch, notice_bar, status_line)


def library_file(window) -> Path:
    return window.data_dir / "library.sqlite3"


def damage(path: Path) -> None:
    """Overwrite everything after the file's first 100 bytes, in place (same file)."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(100)
        f.write(b"\x55" * (size - 100))


def notice_text(window) -> str | None:
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    return notice.text if notice is not None else None


def type_search(window, qtbot, text: str) -> None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, text)
    qtbot.waitUntil(lambda: not window.search_timer.isActive())
    QApplication.processEvents()


def open_menu(window, qtbot) -> list[str]:
    """The Menu opened as a reader opens it (its aboutToShow reads the pages); its entries."""
    menu = window.menu
    menu.popup(window.menu_button.mapToGlobal(window.menu_button.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    shown = [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()
    QApplication.processEvents()
    return shown


def test_a_damaged_library_is_said_the_page_stays_and_a_sync_repairs_it(
    window, qtbot, heard, ui_bundles
):
    go(window, "category", "pain")
    go(window, "article", content.FULL_ID)
    headline = current(window).heading.text()
    damage(library_file(window))

    type_search(window, qtbot, "walking")
    words = notice_text(window)
    assert words is not None and "damaged" in words and "bookmarks and notes are safe" in words
    assert words in heard  # announced
    assert "Update library" in words  # what repairs it
    assert window.current_location() == Location("article", content.FULL_ID)
    assert current(window).heading.text() == headline  # the page as it was
    assert window.search_field.text() == "walking"  # nothing typed is lost

    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)  # Back: the category
    assert window.current_location() == Location("article", content.FULL_ID)
    assert window.statusBar().currentMessage() == STILL and STILL in heard
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == Location("article", content.FULL_ID)
    assert "Quit" in open_menu(window, qtbot)  # the Menu opens, its pages as last read

    go(window, "bookmarks")  # personal data: its own file
    assert window.current_location() == Location("bookmarks")

    sync(window.data_dir, ui_bundles.v1)  # as `sci-reader sync` does: sets it aside, rebuilds
    assert list(window.data_dir.glob("library.sqlite3.damaged-*"))

    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == Location("article", content.FULL_ID)
    assert notice_text(window) is None and AGAIN in heard
    type_search(window, qtbot, " study")
    assert window.current_location() == Location("search", "walking study")
    assert window.pages["search"].first_result() is not None
    qtbot.waitUntil(lambda: window.status_label.text().startswith("Library version 1"))


def test_a_library_replaced_and_held_locked_is_said_and_read_when_let_go(
    window, qtbot, heard, tmp_path
):
    path = library_file(window)
    # Another program puts a copy in its place (a rollback journal, as a restored
    # backup may have) and holds it in a write transaction.
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    other = sqlite3.connect(copy, isolation_level=None)
    other.execute("PRAGMA journal_mode = DELETE")
    os.replace(copy, path)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE meta SET value = value")
    try:
        qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
        words = notice_text(window)
        assert words is not None and "in use by another program" in words
        assert window.current_location() == HOME
        type_search(window, qtbot, "pain")
        assert window.current_location() == HOME and window.search_field.text() == "pain"
        assert window.statusBar().currentMessage() == STILL
        go(window, "notes")  # My notes: personal data, not the library
    finally:
        other.execute("COMMIT")
        other.close()

    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    assert notice is not None and notice.action_button.text() == "Try again"
    qtbot.mouseClick(notice.action_button, Qt.MouseButton.LeftButton)
    assert notice_text(window) is None and AGAIN in heard
    type_search(window, qtbot, " relief")
    assert window.current_location() == Location("search", "pain relief")
    go(window, "category", "pain")


def test_a_deleted_library_is_said_and_a_new_one_is_read(window, qtbot, heard, ui_bundles):
    go(window, "category", "pain")
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (window.data_dir / name).unlink(missing_ok=True)

    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    words = notice_text(window)
    assert words is not None and "missing" in words and words in heard
    assert window.current_location() == Location("category", "pain")
    assert "Quit" in open_menu(window, qtbot)
    assert not library_file(window).exists()  # not made again empty by the window
    type_search(window, qtbot, "walk")
    assert window.current_location() == Location("category", "pain")
    go(window, "bookmarks")

    sync(window.data_dir, ui_bundles.v1)  # a first sync from outside makes a new file
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME
    assert notice_text(window) is None and AGAIN in heard
    assert current(window).all_button is not None  # Home lists the library again


def test_a_list_that_cannot_load_more_says_so_and_keeps_its_cards(
    make_window, ui_data_dir, qtbot, heard, monkeypatch
):
    monkeypatch.setattr(models, "PAGE_SIZE", 2)  # a long list, as in a big library
    window = make_window(ui_data_dir)
    go(window, "category", "")  # All summaries: fetched a page at a time, as it scrolls
    model = current(window).model
    cards = model.rowCount()
    assert model.has_more()
    garbage = window.data_dir / "garbage"
    garbage.write_bytes(b"not a library at all" * 400)
    os.replace(garbage, library_file(window))  # another program put this in its place

    model.fetchMore()  # what scrolling near the end does
    assert model.rowCount() == cards  # the cards shown stay
    words = notice_text(window)
    assert words is not None and "damaged" in words and words in heard


def delete_library(window) -> None:
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (window.data_dir / name).unlink(missing_ok=True)


@pytest.mark.parametrize("theme", list(themes.THEMES))
def test_try_again_keeps_its_words_visible_when_focused(window, qtbot, theme):
    """A focused primary button turns light so its ring shows; its words must turn
    dark with it. Before, Try again kept its unfocused colour (white on the light
    theme's white): a keyboard user saw an empty box."""
    window.set_theme(theme)
    t = themes.THEMES[theme]
    go(window, "category", "pain")
    delete_library(window)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    button = window.statusBar().notices.shown(LIBRARY_UNREADABLE).action_button
    assert button.text() == "Try again" and not button.hasFocus()
    plain = colours(button.grab().toImage())
    assert t.accent in plain and t.accent_text in plain
    focus(qtbot, button)
    focused = colours(button.grab().toImage())
    assert t.focus in focused and t.text in focused


def test_try_again_that_fails_again_keeps_the_keyboard_on_it(window, qtbot, heard):
    """Before, pressing Try again hid the notice (Qt moved the focus on, to the
    toolbar's first button) and the failure showed it again: a keyboard or
    switch user had to find Try again anew after each try."""
    go(window, "category", "pain")
    delete_library(window)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    words = notice_text(window)
    button = window.statusBar().notices.shown(LIBRARY_UNREADABLE).action_button
    focus(qtbot, button)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    assert notice is not None and notice.text == words and heard.count(words) == 2
    assert QApplication.focusWidget() is notice.action_button


def test_the_notice_is_read_and_tabbed_in_the_order_it_is_seen(window, qtbot, accessibility_on):
    """Its words, Try again, then Hide, as drawn left to right. Before, Hide (made
    with the notice) came first for Tab and for a screen reader's reading order,
    and Tab went from Try again out of the notice, right to left."""
    go(window, "category", "pain")
    delete_library(window)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    again, hide = notice.action_button, notice.hide_button
    assert again.x() < hide.x()
    found = QAccessible.queryAccessibleInterface(notice)
    names = [found.child(i).text(QAccessible.Text.Name) for i in range(found.childCount())]
    assert names == [notice.text, "Try again", "Hide this notice"]
    focus(qtbot, again)
    qtbot.keyClick(again, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is hide
    qtbot.keyClick(hide, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is again


@pytest.mark.parametrize("answer", ["Hide", "Try again"])
def test_a_notice_gone_from_the_keyboard_leaves_the_focus_on_the_page(
    window, qtbot, ui_bundles, answer
):
    """Hide, or a Try again that worked, takes the notice away from under the focus.
    Before, Qt moved the focus on to the toolbar's first button ("Back"): a screen
    reader said "Back, button" instead of where the reader is. Now the page has it,
    as after a move (its first focus)."""
    go(window, "category", "pain")
    delete_library(window)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    pressed = notice.hide_button if answer == "Hide" else notice.action_button
    sync(window.data_dir, ui_bundles.v1)  # readable again, for Try again
    focus(qtbot, pressed)
    qtbot.keyClick(pressed, Qt.Key.Key_Space)
    assert window.statusBar().notices.shown(LIBRARY_UNREADABLE) is None
    assert QApplication.focusWidget() is current(window).first_focus()


def test_a_library_whose_version_is_not_one_opens_as_damaged_and_a_sync_repairs_it(
    make_window, ui_data_dir, qtbot, heard, ui_bundles
):
    """An edited `library_version` (not a version a sync writes): before, the window
    did not start (a ValueError traceback for "x"; for any such value, the first-start
    check of an empty library raised outside the guard of every other read)."""
    with sqlite3.connect(ui_data_dir / "library.sqlite3") as conn:
        conn.execute("UPDATE meta SET value = 'x' WHERE key = 'library_version'")
    conn.close()
    window = make_window(ui_data_dir, first_start_import=True)
    words = notice_text(window)
    assert words is not None and "damaged" in words and "Update library" in words
    assert words in heard
    assert window.status_label.text() == "Library: cannot be read right now"
    QApplication.processEvents()  # the first-start import would start now: none does
    assert window.updates.controller is None

    sync(window.data_dir, ui_bundles.v1)  # sets it aside, rebuilds
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    qtbot.mouseClick(notice.action_button, Qt.MouseButton.LeftButton)  # Try again
    assert notice_text(window) is None and AGAIN in heard
    assert window.status_label.text().startswith("Library version 1")
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME
    assert current(window).heading.text() == "Window test library"


def words_drawn(image, theme) -> tuple[int, int]:
    """(pixels nearer the theme's text colour than its surface, lines of them) inside
    a focused primary button's ring: its words, drawn dark on light (or light on dark)."""
    text, surface = QColor(theme.text), QColor(theme.surface)

    def apart(a, b) -> int:
        return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())

    inner = image.copy(8, 8, image.width() - 16, image.height() - 16)  # not the ring
    rows = set()
    count = 0
    for y in range(inner.height()):
        for x in range(inner.width()):
            colour = QColor(inner.pixel(x, y))
            if apart(colour, text) < apart(colour, surface):
                count += 1
                rows.add(y)
    lines = sum(1 for y in rows if y - 1 not in rows)
    return count, lines


@pytest.mark.parametrize("theme", list(themes.THEMES))
def test_try_again_is_drawn_bold_when_focused_like_other_buttons(window, qtbot, theme):
    """A focused primary button's words are bold (theme), Qt's buttons draw them so;
    Try again draws its own (its words wrap) and, before, drew them in the
    unfocused weight: 225 pixels of its words against a plain button's 374 (light theme)."""
    window.set_theme(theme)
    go(window, "category", "pain")
    delete_library(window)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    wrapping = notice.action_button
    plain = button("Try again", "Try again (plain)", role="primary")  # Qt draws its words
    plain.setStyleSheet(wrapping.styleSheet())
    notice.layout().insertWidget(1, plain)
    inks = []
    for shown in (wrapping, plain):
        focus(qtbot, shown)
        QApplication.processEvents()
        plain.setFixedSize(wrapping.size())  # the same room: Qt's own would be cut
        ink, lines = words_drawn(shown.grab().toImage(), themes.THEMES[theme])
        assert lines == 1  # the words on one line, as unfocused
        inks.append(ink)
    assert abs(inks[0] - inks[1]) <= inks[1] // 10, inks
