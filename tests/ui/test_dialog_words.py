"""Dialogs whose words scroll at large text open showing whole lines.

At 300% text the words of Report a problem, Print or save as PDF and (on a
narrow screen) Update settings are taller than the screen leaves them, so
they scroll (screen_fit.DialogWords). Before, the scrolling area's edge
fell through a line: Report a problem opened with half of the summary's
headline under its heading. Checked on what is drawn: the area's last row
of pixels is background only, so no line of words crosses its edge.
"""

from __future__ import annotations

import pytest

from reader.ui import screen_fit
from reader.ui.qt import QApplication, QColor, QRect
from reader.ui.screen_fit import DialogWords
from tests.ui.helpers import CELLS, open_article

# The test display's screen (800x800), and a 1024x768 laptop's as screen_fit sees it.
SCREENS = {"test-display": None, "1024x768": (1024, 768)}


@pytest.fixture(params=list(SCREENS))
def large_text_window(request, make_window, make_shipped_data_dir, monkeypatch):
    window = make_window(make_shipped_data_dir())
    size = SCREENS[request.param]
    if size is not None:
        monkeypatch.setattr(screen_fit, "available", lambda _widget: QRect(0, 0, *size))
        window.resize(*size)
    window.set_scale(3.0)
    open_article(window, CELLS)
    return window


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def cut_at_the_edge(dialog) -> list[str]:
    """The scrolling words whose bottom edge goes through something drawn."""
    found = []
    for area in dialog.findChildren(DialogWords):
        if not area.isVisible() or area.verticalScrollBar().maximum() == 0:
            continue  # the words fit: nothing scrolls
        assert area.verticalScrollBar().value() == 0  # opened at the top
        image = area.viewport().grab().toImage()
        background = QColor(image.pixel(0, 0))
        bottom = image.height() - 1
        drawn = {image.pixel(x, bottom) for x in range(image.width())} - {background.rgb()}
        if drawn:
            found.append(f"{type(dialog).__name__}: the edge at {bottom + 1} px cuts a line")
    return found


def test_report_a_problem_opens_with_its_heading_whole_and_no_half_line(large_text_window):
    """Failed before: the edge went through the headline ("Cells put into the hurt
    spinal cord", its lower half hidden)."""
    window = large_text_window
    window.article_page.report_button.click()
    dialog = window.article_page.report_dialog
    settle()
    words = dialog.findChild(DialogWords)
    assert words.verticalScrollBar().maximum() > 0  # it does scroll at 300%
    if window.size().toTuple() == SCREENS["1024x768"]:  # the test display is narrower:
        # its heading takes three lines at 300%, whole lines of it shown
        heading = words.widget().findChildren(type(dialog.label))[0]
        assert heading.y() + heading.height() <= words.viewport().height()
    assert cut_at_the_edge(dialog) == []
    assert dialog.edit.height() >= 160  # the room went to the box, not lost
    assert dialog.height() <= screen_fit.available(dialog).height()
    dialog.reject()


def test_the_other_dialogs_that_scroll_open_at_whole_lines(large_text_window):
    window = large_text_window
    window.print_current()
    problems = cut_at_the_edge(window.handout_dialog)
    window.handout_dialog.reject()
    window.commands.update_settings.trigger()
    settings = window.updates.web().settings_dialog
    settle()
    problems += cut_at_the_edge(settings)
    settings.reject()
    assert problems == []
