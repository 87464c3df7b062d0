"""Every clickable target at least 44x44 px at 100% text (64 with "larger click targets",
also at 300% text with wider line spacing, where the text makes most targets larger).

Walks every page and the print dialog with real content and measures every
visible control a hand can press: buttons, fields, check boxes, radio
buttons, scroll bars, and every line of every menu; also a withdrawn
summary's note (and its Undo bar) and the notice a library that cannot be
read brings (Try again, Hide).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSlider, QMenu

from reader.ui import theme as themes
from reader.ui.context import HOME, Location
from reader.ui.library_trouble import LIBRARY_UNREADABLE
from reader.ui.qt import QApplication, QLineEdit, QPlainTextEdit, QWidget
from tests.ui.helpers import ARTICLES, CATEGORY, CELLS, WITHDRAWN, describe

GONE = "withdrawn-before-2020"
PAGES = [
    HOME,
    Location("category", CATEGORY),
    Location("article", CELLS),
    Location("search", "spinal"),
    Location("bookmarks"),
    Location("notes"),
    Location("page", "about"),
    Location("withdrawn", GONE),  # a note and bookmark whose summary an update withdrew
    Location("withdrawn", WITHDRAWN),  # one back in the library: "Open the summary"
]
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QAbstractSlider)


def small_targets(top: QWidget, minimum: int) -> list[str]:
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        if widget.window() is not top or isinstance(widget.parentWidget(), QLineEdit):
            continue  # a line edit's own clear button: the field is the target
        if isinstance(widget, QAbstractSlider):
            size = min(widget.width(), widget.height())  # a bar is long one way
            if size < minimum:
                found.append(f"{describe(widget)} is {size} px thick")
        elif widget.width() < minimum or widget.height() < minimum:
            found.append(f"{describe(widget)} is {widget.width()}x{widget.height()}")
    return found


def small_menu_lines(menu: QMenu, minimum: int) -> list[str]:
    menu.ensurePolished()
    menu.adjustSize()
    found = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        if menu.actionGeometry(action).height() < minimum:
            found.append(f"{menu.title()} > {action.text()}: {menu.actionGeometry(action)}")
        if action.menu() is not None:
            found += small_menu_lines(action.menu(), minimum)
    return found


@pytest.fixture
def full_window(make_window, make_shipped_data_dir):
    window = make_window(make_shipped_data_dir())
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    window.personal.set_note(CELLS, ARTICLES[CELLS], "A note.")
    # Kept about an article the library does not hold: what a withdrawal leaves.
    window.personal.set_note(GONE, "A withdrawn paper", "Its note.")
    window.personal.add_bookmark(GONE, "A withdrawn paper", "2026-01-01T00:00:00Z")
    window.personal.set_note(WITHDRAWN, ARTICLES[WITHDRAWN], "A note.")
    window.resize(1024, 700)  # short enough that long pages show their scroll bar
    return window


@pytest.mark.parametrize(
    ("large", "scale", "spacing"),
    [(False, 1.0, 1.0), (True, 1.0, 1.0), (True, 3.0, 1.5)],
    ids=["normal", "larger-targets", "larger-targets-300-wide-spacing"],
)
def test_every_target_is_big_enough(full_window, qtbot, large, scale, spacing):
    window = full_window
    window.prefs.large_targets = large
    window.prefs.line_spacing = spacing
    window.set_scale(scale)
    minimum = themes.LARGE_TARGET_PX if large else themes.MIN_TARGET_PX
    problems = []
    for location in PAGES:
        assert window.navigate(location)
        QApplication.processEvents()
        assert window.current_location() == location
        problems += [f"{location}: {p}" for p in small_targets(window, minimum)]
    window.navigate(Location("withdrawn", GONE))
    window.current_page().delete_button.click()  # its Undo bar
    problems += [f"undo: {p}" for p in small_targets(window, minimum)]
    window.navigate(Location("article", CELLS))
    window.print_current()
    dialog = window.handout_dialog
    qtbot.waitExposed(dialog)
    assert dialog.include_notes.isVisible()
    problems += [f"print dialog: {p}" for p in small_targets(dialog, minimum)]
    dialog.reject()
    window.menu.aboutToShow.emit()  # About and help: the library's pages
    problems += small_menu_lines(window.menu, minimum)
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (window.data_dir / name).unlink(missing_ok=True)
    window.navigate(HOME)  # cannot be read: the notice with Try again and Hide
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    assert notice is not None and notice.action_button.isVisible()
    problems += [f"library notice: {p}" for p in small_targets(window, minimum)]
    assert problems == []
