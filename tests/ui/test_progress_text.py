"""The update's progress dialog speaks at the reader's text size, as a message box does.

It was a stock QProgressDialog capped at 125% text (15 pt) whatever size the
reader chose: at 300% the one thing on screen during an update was the
smallest text in the app. Its label now wraps, so it takes the chosen size
(or the largest step that fits the screen) and grows as its words change.
Real updates from a bundle on disk, cancelled once the dialog is checked.
"""

from __future__ import annotations

from reader.ui.qt import QAccessible, QLabel, QProgressBar, QPushButton
from reader.ui.screen_fit import FRAME_ALLOWANCE, available
from reader.ui.theme import BASE_POINT_SIZE

TIMEOUT = 20_000


def start_and_look(window, qtbot, ui_bundles, check) -> None:
    """Start an update, run `check(dialog)` while its dialog is up, then cancel it."""
    controller = window.updates.start(str(ui_bundles.big))
    try:
        check(controller.dialog)
    finally:
        controller.cancel()
        with qtbot.waitSignal(controller.done, timeout=TIMEOUT):
            pass
        controller.message_box.done(0)


def points(widget) -> float:
    return widget.font().pointSizeF()


def whole_and_on_screen(dialog) -> None:
    room = available(dialog)
    assert dialog.width() <= room.width() - FRAME_ALLOWANCE[0], (dialog.size(), room)
    assert dialog.height() <= room.height() - FRAME_ALLOWANCE[1], (dialog.size(), room)
    label = dialog.findChild(QLabel)
    assert label.heightForWidth(label.width()) <= label.height(), "the words are cut off"
    for part in (dialog.findChild(QProgressBar), dialog.findChild(QPushButton)):
        assert dialog.rect().contains(part.geometry()), part


def test_at_300_percent_the_progress_is_at_300_percent(window, qtbot, ui_bundles):
    window.set_scale(3.0)

    def check(dialog):
        assert dialog.isVisible()
        label = dialog.findChild(QLabel)
        assert points(label) == BASE_POINT_SIZE * 3.0  # was 15 pt, the stock dialogs' cap
        assert points(dialog.findChild(QPushButton)) == BASE_POINT_SIZE * 3.0
        whole_and_on_screen(dialog)

    start_and_look(window, qtbot, ui_bundles, check)


def test_longer_words_wrap_and_the_dialog_grows_to_show_them(window, qtbot, ui_bundles):
    window.set_scale(3.0)

    def check(dialog):
        before = dialog.height()
        dialog.setLabelText("Checking the signature of the update: " * 3)
        assert dialog.height() > before
        whole_and_on_screen(dialog)

    start_and_look(window, qtbot, ui_bundles, check)


def test_at_100_percent_the_dialog_is_as_before(window, qtbot, ui_bundles):
    def check(dialog):
        assert points(dialog.findChild(QLabel)) == BASE_POINT_SIZE
        assert dialog.styleSheet() == ""
        whole_and_on_screen(dialog)

    start_and_look(window, qtbot, ui_bundles, check)


def test_a_screen_reader_hears_the_title_and_a_named_bar(window, qtbot, ui_bundles):
    """The dialog was called "Update progress" while its title said "Updating the
    library", and its bar had no name: Orca met a bare "progress bar"."""

    def check(dialog):
        assert dialog.accessibleName() == dialog.windowTitle() == "Updating the library"
        bar = QAccessible.queryAccessibleInterface(dialog.findChild(QProgressBar))
        assert bar.text(QAccessible.Text.Name) == "Update progress"

    start_and_look(window, qtbot, ui_bundles, check)
