""" "Are you still reading?" shows all its words: nothing on it can be scrolled to.

Any key, wheel turn or touch on the prompt answers it, so words below the
screen's edge can never be reached. At 300% text on a laptop's screen
(1024x768, 1366x768, the test display's 800x800) the last line under the
button was cut through the middle and the ones after it were out of sight.
The prompt now tightens its spacing when its words would not fit. Its
countdown is heard in its own words.
"""

from __future__ import annotations

import pytest

from reader.ui.idle_prompt import ROOMY
from reader.ui.qt import QAccessible


def _open_prompt(kiosk, qtbot, scale: float):
    kiosk.set_scale(scale)
    prompt = kiosk.kiosk.prompt
    kiosk.kiosk.ask_if_still_reading()
    qtbot.waitUntil(prompt.isVisible)
    qtbot.waitUntil(lambda: prompt.explanation.height() > 0)
    return prompt


@pytest.mark.parametrize("scale", [1.0, 2.0, 3.0])
def test_all_of_the_prompt_is_on_the_screen(kiosk, qtbot, scale):
    prompt = _open_prompt(kiosk, qtbot, scale)
    viewport = prompt.scroll.viewport()

    bar = prompt.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=2000)  # once laid out: nothing to scroll
    bottom = prompt.explanation.mapTo(viewport, prompt.explanation.rect().bottomLeft()).y()
    assert bottom <= viewport.height()
    assert prompt.keep_button.height() >= 88  # still a large target for a tired hand
    prompt.keep_reading()


def test_where_all_fits_the_prompt_keeps_its_room(kiosk, qtbot):
    prompt = _open_prompt(kiosk, qtbot, 1.0)

    assert prompt.body.contentsMargins().top() == ROOMY[0]
    assert prompt.body.spacing() == ROOMY[1]
    prompt.keep_reading()


def test_the_countdown_is_heard_in_its_words(kiosk, qtbot):
    """It was named "Time left": a screen reader reading the prompt heard that, never
    how many seconds were left."""
    prompt = _open_prompt(kiosk, qtbot, 1.0)
    heard = QAccessible.queryAccessibleInterface(prompt.countdown).text(QAccessible.Text.Name)

    assert heard == prompt.countdown.text() == f"{prompt.seconds} seconds left"
    prompt.keep_reading()
