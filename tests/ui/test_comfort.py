"""Comfort settings beside text size and theme: line spacing and larger click targets."""

from __future__ import annotations

import pytest

from reader.ui import focus
from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.qt import QApplication, Qt
from reader.ui.settings import Preferences
from tests.ui import library_content as content
from tests.ui.helpers import dispose, menu_texts

SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_both_are_in_the_menu_with_keys(window):
    texts = menu_texts(window.menu)
    assert "Reading comfort" in texts
    for action, keys in (
        (window.commands.line_spacing, "Ctrl+Shift+L"),
        (window.commands.large_targets, "Ctrl+Shift+T"),
    ):
        assert action.text() in texts and action.isCheckable() and not action.isChecked()
        assert keys in [s.toString() for s in action.shortcuts()]


def test_line_spacing_by_key_is_applied_said_and_remembered(window, qtbot, ui_data_dir):
    window.navigate(Location("article", content.FULL_ID))
    bodies = window.current_page().content.browsers()  # the section bodies
    assert len(bodies) > 1

    def height() -> float:
        return sum(b.document().size().height() for b in bodies)

    before = height()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, SHIFT_CTRL)
    assert Preferences(ui_data_dir).line_spacing == 1.5
    assert window.commands.line_spacing.isChecked()
    assert window.statusBar().currentMessage() == "Line spacing 1.5×"
    assert all("line-height: 150%" in b.document().defaultStyleSheet() for b in bodies)
    assert height() > 1.1 * before  # headings and gaps stay
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, SHIFT_CTRL)
    assert Preferences(ui_data_dir).line_spacing == 1.0
    assert window.statusBar().currentMessage() == "Line spacing normal"


def test_larger_targets_make_every_button_64_px_and_are_remembered(make_window, ui_data_dir):
    window = make_window(ui_data_dir)
    assert window.home_button.height() < themes.LARGE_TARGET_PX
    window.commands.large_targets.trigger()  # from the menu
    QApplication.processEvents()
    assert window.statusBar().currentMessage() == "Larger click targets on"
    assert window.home_button.height() >= themes.LARGE_TARGET_PX
    assert window.search_field.height() >= themes.LARGE_TARGET_PX
    dispose(window)
    again = make_window(ui_data_dir)
    assert again.prefs.large_targets and again.commands.large_targets.isChecked()
    assert again.home_button.height() >= themes.LARGE_TARGET_PX


def test_odd_stored_values_fall_back(ui_data_dir):
    prefs = Preferences(ui_data_dir)
    prefs._set("line_spacing", "wide")
    prefs._set("large_targets", "maybe")
    assert Preferences(ui_data_dir).line_spacing == 1.0
    assert Preferences(ui_data_dir).large_targets is False


def test_larger_targets_make_controls_64_px_in_all_not_more(make_window, ui_data_dir):
    """A style sheet's min-height counts a control's content only: 64 there made
    every control 64 px plus its padding and border, even those the text had
    already made taller (at 300% on a 768-px screen the reading area fell below 55%)."""
    window = make_window(ui_data_dir)
    controls = (window.home_button, window.search_field, window.menu_button)
    window.set_scale(3.0)
    QApplication.processEvents()
    by_text = [c.height() for c in controls]
    assert min(by_text) > themes.LARGE_TARGET_PX  # the text made them large already
    window.commands.large_targets.trigger()
    QApplication.processEvents()
    assert [c.height() for c in controls] == by_text
    window.set_scale(1.0)
    QApplication.processEvents()
    assert [c.height() for c in controls] == [themes.LARGE_TARGET_PX] * len(controls)


def _top_in_view(page, widget) -> int:
    return widget.mapTo(page.scroll.viewport(), widget.rect().topLeft()).y()


@pytest.mark.parametrize("change", ["spacing", "targets"])
def test_a_comfort_change_keeps_the_focused_control_in_view(window, qtbot, change):
    window.resize(1024, 768)
    window.set_scale(3.0)
    window.navigate(Location("article", content.FULL_ID))
    page = window.article_page
    page.note.edit.setFocus()  # below the summary, which grows with the new look
    qtbot.wait(focus.SETTLE_MS + 100)  # the text size has settled: its relayouts are over
    assert 0 <= _top_in_view(page, page.note.edit) < page.scroll.viewport().height()
    key = Qt.Key.Key_L if change == "spacing" else Qt.Key.Key_T
    qtbot.keyClick(page.note.edit, key, SHIFT_CTRL)
    for _ in range(3):
        QApplication.processEvents()
    assert QApplication.focusWidget() is page.note.edit
    assert 0 <= _top_in_view(page, page.note.edit) < page.scroll.viewport().height()


@pytest.mark.parametrize("change", ["spacing", "targets", "text size"])
def test_a_new_look_keeps_the_reader_s_place_away_from_the_focus(window, change):
    """Scrolled down with the wheel (the heading keeps the focus), the reader keeps
    what they were reading at the top of the view; before, the text above grew
    under it, or the view jumped back to the heading."""
    window.resize(1024, 768)
    window.set_scale(2.0)
    window.navigate(Location("article", content.FULL_ID))
    page = window.article_page
    assert QApplication.focusWidget() is page.heading
    reading = page.feedback_title  # below every section of the summary
    for _ in range(3):
        QApplication.processEvents()
    bar = page.scroll.verticalScrollBar()
    bar.setValue(reading.mapTo(page.inner, reading.rect().topLeft()).y())
    QApplication.processEvents()
    assert _top_in_view(page, reading) == 0
    {
        "spacing": window.commands.line_spacing.trigger,
        "targets": window.commands.large_targets.trigger,
        "text size": lambda: window.step_scale(+1),
    }[change]()
    for _ in range(3):
        QApplication.processEvents()
    assert abs(_top_in_view(page, reading)) <= 8, _top_in_view(page, reading)
