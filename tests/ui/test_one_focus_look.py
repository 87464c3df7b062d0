"""A button reached by Tab has the one focus look, the ring, and nothing over its words.

Qt's Fusion style also drew its own focus box after a Tab: a tinted
rectangle over the button's contents. On a card at 300% text that was a
pale blue block over the headline and the first sentence (a second focus
look, under the words the reader came to read).
"""

from __future__ import annotations

from collections import Counter

import pytest

from reader.ui import theme as themes
from reader.ui.context import HOME
from reader.ui.qt import QApplication, QColor, Qt


@pytest.mark.parametrize("key", list(themes.THEMES))
def test_a_card_reached_by_tab_shows_its_surface_inside_the_ring(
    make_window, make_shipped_data_dir, qtbot, key
):
    window = make_window(make_shipped_data_dir())
    window.resize(1024, 768)
    window.set_theme(key)
    window.set_scale(3.0)
    assert window.navigate(HOME)
    for _ in range(3):
        QApplication.processEvents()
    home = window.pages["home"]
    home.first_focus().setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    card = QApplication.focusWidget()
    assert card is home.latest_cards[0]
    image = card.grab().toImage()
    inside = card.contentsRect().adjusted(60, 60, -60, -60)  # past the ring and padding
    counts = Counter(
        QColor(image.pixel(x, y)).name()
        for x in range(inside.left(), inside.right(), 3)
        for y in range(inside.top(), inside.bottom(), 3)
    )
    surface = themes.THEMES[key].surface
    assert counts.most_common(1)[0][0] == surface, counts.most_common(3)
