"""A focused card taller than the page's view shows from its first line.

At 1024x768 with 300% text and larger targets, Home's latest-research cards
are taller than the view (660-730 px for 584). Tab scrolled each to its top,
then Qt's scroll area centred it: the headline's first line was above the
view ("With pulses from a" cut off) and the reader started mid-sentence.
"""

from __future__ import annotations

import pytest

from reader.ui.context import HOME
from reader.ui.qt import QApplication, QPoint, Qt
from tests.ui.helpers import describe


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_tab_shows_a_tall_cards_first_line(make_window, make_shipped_data_dir, qtbot, size):
    window = make_window(make_shipped_data_dir())
    window.resize(*size)
    window.prefs.large_targets = True
    window.set_scale(3.0)
    assert window.navigate(HOME)
    for _ in range(3):
        QApplication.processEvents()  # the Tab order follows the new layout
    home = window.pages["home"]
    home.first_focus().setFocus()  # the heading, as when Home opens
    viewport = home.scroll.viewport()
    tall, hidden = [], []
    for _ in home.latest_cards:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QApplication.processEvents()
        card = QApplication.focusWidget()
        assert card in home.latest_cards, describe(card)
        top = card.mapTo(viewport, QPoint(0, 0)).y()
        if card.height() > viewport.height():
            tall.append(card)
            if top < 0:
                hidden.append(f"{describe(card)[:60]}: its top {-top} px above the view")
        elif top < 0 or top + card.height() > viewport.height():
            hidden.append(f"{describe(card)[:60]}: at {top} in a {viewport.height()}-px view")
    # At 1024 px some card is taller than the view: the test must see one.
    assert tall or size[0] > 1024
    assert hidden == []
