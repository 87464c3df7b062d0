"""WrapButton: a push button whose words wrap (300% text on a 1024-px screen).

Checked on the article page's own wrapping buttons ("Report a problem with
this summary", "Back to <category>"), in the themed window: the words are
drawn on more lines, the height asked for grows as the width shrinks, and it
stays a push button for screen readers and keys, with the focus ring.
"""

from __future__ import annotations

import pytest

from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.qt import QAccessible, QApplication, QColor, QImage, Qt
from reader.ui.wrap_button import WrapButton
from tests.ui.helpers import EPIDURAL, colours, focus


@pytest.fixture
def page(make_window, make_shipped_data_dir):
    data = make_shipped_data_dir()  # the light theme (helpers.set_prefs)
    window = make_window(data)
    window.resize(1024, 768)
    window.set_scale(3.0)
    assert window.navigate(Location("article", EPIDURAL))
    QApplication.processEvents()
    return window.article_page


def ink_lines(image: QImage) -> int:
    """How many bands of dark (text) pixels lie one under another."""
    bands, inked = 0, False
    for y in range(image.height()):
        row = any(QColor(image.pixel(x, y)).lightness() < 90 for x in range(0, image.width(), 2))
        bands += row and not inked
        inked = row
    return bands


def test_words_wider_than_the_window_are_drawn_on_more_lines(page):
    report = page.report_button
    assert isinstance(report, WrapButton)
    words = report.fontMetrics().horizontalAdvance(report.text())
    assert words > report.width()  # on one line it would be cut
    assert ink_lines(report.grab().toImage()) == 2
    assert report.height() >= report.heightForWidth(report.width())


def test_the_height_asked_for_grows_as_the_width_shrinks(page):
    report = page.report_button
    one_line = report.sizeHint()
    assert report.heightForWidth(one_line.width()) == one_line.height()
    narrower = [report.heightForWidth(w) for w in (one_line.width(), 700, 450, 300)]
    assert narrower == sorted(narrower) and narrower[-1] >= 3 * narrower[0] // 2
    # Never narrower than its longest word: the window need not grow for it.
    longest = max(report.fontMetrics().horizontalAdvance(w) for w in report.text().split())
    assert longest < report.minimumSizeHint().width() < one_line.width()


def test_screen_readers_hear_a_push_button_named_as_labelled(page):
    QAccessible.setActive(True)
    try:
        found = QAccessible.queryAccessibleInterface(page.report_button)
        assert found.role() == QAccessible.Role.Button
        assert found.text(QAccessible.Text.Name) == "Report a problem with this summary"
    finally:
        QAccessible.setActive(False)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Space])
def test_enter_and_space_press_it(page, qtbot, key):
    back = page.back_button
    assert isinstance(back, WrapButton) and back.text().startswith("Back to ")
    focus(qtbot, back)
    qtbot.keyClick(back, key)
    qtbot.waitUntil(lambda: page.window().current_page() is not page)
    assert page.window().current_page() is page.window().pages["category"]


def test_the_focus_ring_is_drawn(page, qtbot):
    back, t = page.back_button, themes.LIGHT
    assert t.focus not in colours(back.grab().toImage())
    focus(qtbot, back)
    assert t.focus in colours(back.grab().toImage())


def test_pressed_it_draws_its_words_in_the_pressed_colours(page):
    back, t = page.back_button, themes.LIGHT
    back.setDown(True)  # the style sheet: accent background, accent text
    seen = colours(back.grab().toImage())
    back.setDown(False)
    assert t.accent in seen and t.accent_text in seen and t.text not in seen
    assert t.text in colours(back.grab().toImage())


def test_a_label_on_one_line_stays_on_one_line_when_focused(make_window, ui_data_dir, qtbot):
    """The focus ring is thicker than the frame: before, a button as wide as its
    words on one line ("Try again", a notice's action) wrapped them onto two as
    soon as it had the focus, so its words jumped as the reader tabbed to it."""
    window = make_window(ui_data_dir)
    notices = window.statusBar().notices
    notices.show_notice("test", "The summaries cannot be read.", "Try again", print)
    QApplication.processEvents()
    again = notices.shown("test").action_button
    metrics = again.fontMetrics()
    assert again.width() < metrics.horizontalAdvance("Try again") + 40  # snug: one line
    focus(qtbot, again)
    image = again.grab().toImage()  # dark words on the light focused fill
    inked = [
        y
        for y in range(image.height())
        if any(QColor(image.pixel(x, y)).lightness() < 90 for x in range(image.width()))
    ]
    assert inked[-1] - inked[0] < 1.5 * metrics.lineSpacing()  # one line, not two
