"""Qt's own file and print dialogs at the reader's text size, within the screen.

The style sheet capped them at 125% (15 pt) whatever the reader chose. Real
dialogs, opened from the window's own buttons and menu entries, measured while
open (a file dialog blocks in its own event loop: a timer looks at it, then
cancels it). The screen is the offscreen one (800x800), or a laptop's
1024x768 or 1366x768 for the fitting (reader.ui.stock_dialogs.available).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QToolButton

from reader.ui import stock_dialogs
from reader.ui.qt import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRect,
    Qt,
    QTimer,
)
from reader.ui.screen_fit import available
from reader.ui.theme import BASE_POINT_SIZE, MIN_TARGET_PX, STOCK_DIALOG_SCALE
from tests.ui.helpers import CELLS, open_article

CAP = BASE_POINT_SIZE * STOCK_DIALOG_SCALE
SPIN_TEXT = "qt_spinbox_lineedit"  # inside a number box: the box is the target
SCREENS = {"offscreen": None, "1024x768": (1024, 768), "1366x768": (1366, 768)}


@pytest.fixture(params=list(SCREENS))
def screen(request, monkeypatch) -> QRect | None:
    size = SCREENS[request.param]
    if size is not None:
        monkeypatch.setattr(stock_dialogs, "available", lambda _widget: QRect(0, 0, *size))
    return size


@pytest.fixture
def large_text_window(make_window, make_shipped_data_dir):
    window = make_window(make_shipped_data_dir())
    window.set_scale(3.0)
    open_article(window, CELLS)
    return window


def words_points(dialog: QDialog) -> set[float]:
    words = dialog.findChildren(QLabel) + dialog.findChildren(QLineEdit)  # a tuple crashed PySide
    return {w.font().pointSizeF() for w in words if w.isVisible()}


def problems(dialog: QDialog) -> list[str]:
    """A dialog larger than the screen, off it, a button's words cut, a target under 44 px."""
    found = []
    room = stock_dialogs.available(dialog)
    frame = dialog.frameGeometry()
    if not room.contains(frame):
        found.append(f"{frame.getRect()} is off the screen {room.getRect()}")
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap() and label.width() < label.sizeHint().width():
            found.append(f"{label.text()!r} is {label.width()} px for {label.sizeHint().width()}")
    for button in dialog.findChildren(QPushButton):
        if not button.isVisible():
            continue
        if button.width() < button.sizeHint().width():
            found.append(
                f"{button.text()!r} is {button.width()} px for {button.sizeHint().width()}"
            )
    controls = dialog.findChildren(QPushButton) + dialog.findChildren(QComboBox)
    controls += [w for w in dialog.findChildren(QLineEdit) if w.objectName() != SPIN_TEXT]
    controls += dialog.findChildren(QToolButton)  # the file dialog's Back, Up, New folder
    for widget in controls + dialog.findChildren(QAbstractSpinBox):
        if widget.isVisible() and min(widget.width(), widget.height()) < MIN_TARGET_PX:
            found.append(f"{widget.objectName() or widget.text()} is {widget.size().toTuple()}")
    return found


def open_file_dialog(qtbot, window, opens, kind="QFileDialog") -> tuple[set[float], list[str]]:
    """`opens()` opens a modal `kind` (a file dialog) that blocks: what it showed, once
    it was cancelled."""
    seen = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.inherits(kind):
            QTimer.singleShot(20, look)
            return
        QApplication.processEvents()
        seen["points"], seen["problems"] = words_points(dialog), problems(dialog)
        dialog.reject()

    QTimer.singleShot(0, look)
    opens()
    qtbot.waitUntil(lambda: "points" in seen)
    return seen["points"], seen["problems"]


def test_save_as_pdf_opens_at_the_readers_text_size_within_the_screen(
    large_text_window, qtbot, screen
):
    window = large_text_window
    window.print_current()
    handout = window.handout_dialog
    points, wrong = open_file_dialog(qtbot, window, handout.pdf_button.click)
    assert wrong == []
    assert len(points) == 1 and points.pop() > CAP  # was 15 pt, whatever the reader chose
    handout.reject()


def test_export_follows_large_text_at_300_percent_on_a_wide_laptop(
    large_text_window, qtbot, screen
):
    points, wrong = open_file_dialog(
        qtbot, large_text_window, large_text_window.commands.export.trigger
    )
    assert wrong == []
    assert len(points) == 1 and min(points) > CAP
    if screen == (1366, 768):  # room for 300% itself
        assert points == {BASE_POINT_SIZE * 3.0}


def test_at_100_percent_a_file_dialog_is_at_100_percent(make_window, make_shipped_data_dir, qtbot):
    window = make_window(make_shipped_data_dir())
    points, wrong = open_file_dialog(qtbot, window, window.commands.import_.trigger)
    assert (points, wrong) == ({BASE_POINT_SIZE}, [])


def open_print_dialog(window, qtbot):
    """The print dialog, as Print in the handout dialog opens it."""
    window.print_current()
    window.handout_dialog.print_button.click()
    dialog = window.handout_dialog.print_dialog
    qtbot.waitUntil(dialog.isVisible)
    QApplication.processEvents()
    return dialog


def test_the_print_dialog_with_its_options_shown_fits_at_the_largest_text(
    large_text_window, qtbot, screen
):
    dialog = open_print_dialog(large_text_window, qtbot)
    points = words_points(dialog)
    assert len(points) == 1 and points.pop() > CAP, words_points(dialog)
    assert problems(dialog) == []
    options = next(b for b in dialog.findChildren(QPushButton) if "Options" in b.text())
    options.click()  # copies, pages: the dialog grows
    QApplication.processEvents()
    assert problems(dialog) == []
    assert available(dialog).contains(dialog.frameGeometry())
    dialog.reject()


def test_the_print_dialogs_properties_keep_ok_and_cancel_on_the_screen(
    large_text_window, qtbot, screen
):
    """Paper, orientation, margins: 1,014 px tall at any text size, OK below the screen."""
    window = large_text_window
    printing = open_print_dialog(window, qtbot)
    properties = printing.findChild(QPushButton, "properties")
    points, wrong = open_file_dialog(qtbot, window, properties.click, "QPrintPropertiesDialog")
    assert wrong == []
    assert len(points) == 1
    if screen is not None:  # the 800-px-wide test screen has room for the cap only
        assert min(points) > CAP
    printing.reject()


def system_drawn_dialog(parent, *_args):
    """What Qt does for a dialog the system draws (Windows, macOS): its own widget is
    shown off the screen, so that the call blocks, while the system's window is open."""
    dialog = QFileDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    dialog.show()
    dialog.hide()
    dialog.deleteLater()
    return "", ""


@pytest.mark.parametrize(("scale", "said"), [(3.0, True), (1.0, False)])
def test_a_dialog_the_system_draws_is_said_to_keep_the_systems_text_size(
    make_window, make_shipped_data_dir, monkeypatch, scale, said
):
    window = make_window(make_shipped_data_dir())
    window.set_scale(scale)
    window.statusBar().clearMessage()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(system_drawn_dialog))
    window.commands.export.trigger()
    assert (window.statusBar().currentMessage() == stock_dialogs.SYSTEM_DRAWN) is said
