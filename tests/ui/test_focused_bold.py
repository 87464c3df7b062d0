"""Buttons whose words turn bold when focused keep them whole at their natural size.

The theme draws a focused primary or checked button's words in bold, inside a
focus ring thicker than its frame. Qt sized push buttons for the unfocused
look, so at its natural width a focused one cut its words at both ends: "ave
the repor" (Save the report), "ownloa" (Download). Every button of those kinds
in the real pages and dialogs is focused here at its natural size, in each
theme, at 100% and 300% text, with and without larger click targets.
"""

from __future__ import annotations

import pytest

from reader.core.kiosk_pin import PinAttempts
from reader.core.library.web_update import UpdatePlan
from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.dialogs import disclaimer_dialog
from reader.ui.qt import (
    QApplication,
    QFont,
    QFontMetrics,
    QPoint,
    QPushButton,
    QRect,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from reader.ui.widgets import CardButton
from tests.ui.helpers import CELLS, describe, focus

# The buttons the theme bolds that each pass must find (more may be found).
EXPECTED = {
    "Save the report",  # report a problem
    "Download",  # a web update's cost
    "Save",  # update settings
    "Print…",  # print or save a handout
    "I understand",  # the disclaimer
    "Keep reading",  # the kiosk's idle prompt
    "OK",  # the kiosk's PIN pad
    "Leave kiosk mode (until restart)",  # the PIN accepted
    "Back to the kiosk",  # the PIN dialog of a kiosk with no PIN set
    "Check for updates",  # a notice's action (a wrapping button)
    "★ Bookmarked",  # checkable, on the article page: its words once checked
    "Yes, it helped",
    "No, it did not",
    "Newest research first",  # checkable, on All summaries
    "New in this library first",
}
LOOKS = [(scale, large) for scale in (1.0, 3.0) for large in (False, True)]


def turns_bold(button: QPushButton) -> bool:
    return not isinstance(button, CardButton) and (
        button.property("role") == "primary" or button.isCheckable()
    )


def bold_buttons(top: QWidget) -> list[QPushButton]:
    return [b for b in top.findChildren(QPushButton) if b.isVisible() and turns_bold(b)]


def cut_when_focused(qtbot, button: QPushButton) -> str | None:
    """Why `button`, focused (and checked, if it can be) at its natural size, cuts
    its bold words or changes width, or None."""
    if button.isCheckable() and not button.isChecked():
        button.click()  # chosen, as a reader would: the bold look is the checked one's
        assert button.isChecked(), describe(button)
        QApplication.processEvents()  # laid out for its new words (Bookmarked)
    natural, placed = button.sizeHint(), button.width()
    focus(qtbot, button)
    QApplication.processEvents()  # a layout that would move it has run
    if button.sizeHint() != natural or button.width() != placed:
        return f"{describe(button)} is {placed} px wide, focused {button.width()}"
    option = QStyleOptionButton()
    button.initStyleOption(option)  # focused: the focus ring's frame
    option.rect = QRect(QPoint(0, 0), natural)
    inside = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    bold = QFont(button.font())
    bold.setBold(True)
    words = QFontMetrics(bold).horizontalAdvance(button.text().replace("&&", "&"))
    if words > inside.width():
        return f"{describe(button)}: {words} px of bold words in {inside.width()} px"
    return None


def check(qtbot, top: QWidget, found: list[str], seen: set[str]) -> None:
    QApplication.processEvents()
    for button in bold_buttons(top):
        if why := cut_when_focused(qtbot, button):
            found.append(why)
        seen.add(button.text())


def dialogs_checked(window, qtbot, found: list[str], seen: set[str]) -> None:
    """Open each dialog with such a button as the window opens it, and check it."""
    from reader.ui.idle_prompt import IdlePrompt
    from reader.ui.pin_dialog import PinDialog
    from reader.ui.update_dialogs import CostDialog

    window.navigate(Location("article", CELLS))
    window.article_page.report_button.click()
    check(qtbot, window.article_page.report_dialog, found, seen)
    window.article_page.report_dialog.reject()
    window.print_current()
    check(qtbot, window.handout_dialog, found, seen)
    window.handout_dialog.reject()
    settings = window.updates.web().open_settings()
    check(qtbot, settings, found, seen)
    settings.reject()
    plan = UpdatePlan("https://example.org/library/", 3, 12, 4, 1, 3_400_000, False, None)
    cost = CostDialog(window, plan)
    cost.open()
    check(qtbot, cost, found, seen)
    cost.reject()
    disclaimer = disclaimer_dialog(window, window.library.get_page("disclaimer"), window.ctx.css())
    disclaimer.open()
    check(qtbot, disclaimer, found, seen)
    disclaimer.accept()
    # The kiosk's own dialogs, made as kiosk.py makes them, over this window.
    prompt = IdlePrompt(window, 20)
    prompt.start()
    check(qtbot, prompt, found, seen)
    prompt.keep_reading()
    for pin_hash in ("a hash", None):
        pin = PinDialog(window, pin_hash, PinAttempts(), check=lambda _pin, _hash: True)
        pin.start()
        check(qtbot, pin, found, seen)
        if pin_hash is not None:
            pin.pin.setText("1234")
            pin.try_pin()  # accepted: the choices
            check(qtbot, pin, found, seen)
        pin.reject()
    window.activateWindow()  # offscreen, a closed cover leaves no window active
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.mark.parametrize("theme", list(themes.THEMES))
def test_focused_bold_words_fit_every_button_at_its_natural_size(
    make_window, make_shipped_data_dir, qtbot, theme
):
    window = make_window(make_shipped_data_dir())
    window.resize(1024, 768)
    window.set_theme(theme)
    found: list[str] = []
    for scale, large in LOOKS:
        window.prefs.large_targets = large
        window.set_scale(scale)
        seen: set[str] = set()
        where = f"{round(scale * 100)}%{' larger targets' if large else ''}"
        before = len(found)
        window.navigate(Location("article", CELLS))
        check(qtbot, window, found, seen)
        window.navigate(Location("category", ""))  # All summaries: the order's two buttons
        check(qtbot, window, found, seen)
        notices = window.statusBar().notices
        notices.show_notice("test", "May be out of date.", "Check for updates", print)
        check(qtbot, window, found, seen)
        notices.hide_notice("test")
        dialogs_checked(window, qtbot, found, seen)
        found[before:] = [f"{where}: {why}" for why in found[before:]]
        assert seen >= EXPECTED, EXPECTED - seen
    assert found == [], "\n".join(found)
