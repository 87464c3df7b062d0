"""A message box speaks at the reader's text size, as large as fits the screen.

Qt's stock dialogs are capped at 125% text by the style sheet (their layouts
do not wrap); a message box's words do wrap, so it takes the size the reader
chose, or the largest step below it at which the box still fits the screen.
Real boxes, opened by the window's own helper, on the offscreen screen.
"""

from __future__ import annotations

from reader.ui import dialogs
from reader.ui.qt import QLabel, QMessageBox
from reader.ui.screen_fit import FRAME_ALLOWANCE, available
from reader.ui.theme import BASE_POINT_SIZE, STOCK_DIALOG_SCALE

SHORT = "Library updated to version 5: 3 new summaries, 1 changed."


def text_points(box: QMessageBox) -> float:
    return box.findChild(QLabel, "qt_msgbox_label").font().pointSizeF()


def open_box(window, qtbot, message: str) -> QMessageBox:
    box = dialogs.tell(window, "The library was not updated", message, False)
    qtbot.waitUntil(box.isVisible)
    return box


def fits(box: QMessageBox) -> bool:
    room = available(box)
    return box.width() <= room.width() and box.height() <= room.height() - FRAME_ALLOWANCE[1]


def test_at_300_percent_a_short_message_is_at_300_percent(window, qtbot):
    window.set_scale(3.0)
    box = open_box(window, qtbot, SHORT)
    assert text_points(box) == BASE_POINT_SIZE * 3.0  # was capped at 125%: 15 pt
    assert fits(box)
    box.done(0)


def test_a_message_too_long_at_300_percent_takes_the_largest_step_that_fits(window, qtbot):
    window.set_scale(3.0)
    long = " ".join(["Nothing was changed: the library you had is still here."] * 8)
    box = open_box(window, qtbot, long)
    points = text_points(box)
    assert BASE_POINT_SIZE * STOCK_DIALOG_SCALE < points < BASE_POINT_SIZE * 3.0, points
    assert fits(box), (box.size(), available(box))
    box.done(0)


def test_words_no_step_can_fit_keep_the_cap(window, qtbot):
    window.set_scale(3.0)
    box = open_box(window, qtbot, " ".join(["A very long message."] * 200))
    assert text_points(box) == BASE_POINT_SIZE * STOCK_DIALOG_SCALE
    box.done(0)


def test_at_100_percent_nothing_changes(window, qtbot):
    box = open_box(window, qtbot, SHORT)
    assert text_points(box) == BASE_POINT_SIZE
    assert box.styleSheet() == ""
    box.done(0)


def test_the_leave_the_app_question_grows_too(window, qtbot):
    window.set_scale(2.0)
    box = dialogs.ask_to_open(window, "https://doi.org/10.1038/s41586-018-0649-2", lambda url: None)
    qtbot.waitUntil(box.isVisible)
    assert text_points(box) == BASE_POINT_SIZE * 2.0
    box.done(0)


def test_buttons_with_long_words_are_not_cut_at_300_percent(window, qtbot):
    """Qt sized a box from its buttons' least widths, which the style sheet's min-width
    sets below long words: at 300% "Close without saving" showed "e without sa"."""
    from reader.ui.screen_fit import fit_message_box

    window.set_scale(3.0)
    box = QMessageBox(QMessageBox.Icon.Question, "Close without saving?",
                      "Your report is not saved yet. Close the window and lose it?",
                      parent=window)  # fmt: skip
    box.addButton("Keep writing", QMessageBox.ButtonRole.RejectRole)
    box.addButton("Close without saving", QMessageBox.ButtonRole.DestructiveRole)
    fit_message_box(box).open()
    qtbot.waitUntil(box.isVisible)

    cut = [(b.text(), b.width(), b.sizeHint().width()) for b in box.buttons()
           if b.width() < b.sizeHint().width()]  # fmt: skip
    assert cut == []
    assert fits(box)
    assert text_points(box) > BASE_POINT_SIZE * STOCK_DIALOG_SCALE  # not the cap
    box.done(0)
