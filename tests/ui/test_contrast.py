"""Contrast of every pair that matters, computed from the theme definitions (WCAG 2.x).

Text needs 4.5:1 (7:1 in high contrast); component borders, focus rings,
scroll-bar thumbs, search marks and the selection bar need 3:1 against
what is beside them (WCAG 1.4.11). The ratios use WCAG's relative luminance
(theme.contrast_ratio); the last tests check that the window really draws
those colours where the pairs say.
"""

from __future__ import annotations

import pytest

from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.qt import QApplication, QColor
from tests.ui import library_content as content
from tests.ui.helpers import focus


def pairs(t: themes.Theme) -> dict[str, tuple[str, str, float]]:
    """name -> (foreground, background, minimum ratio)."""
    text = 7.0 if t.key == "high-contrast" else 4.5
    return {
        "text on window": (t.text, t.window, text),
        "text on surface": (t.text, t.surface, text),
        "muted (and disabled) text on window": (t.muted, t.window, text),
        "muted text on surface": (t.muted, t.surface, text),
        "text on a filled button": (t.accent_text, t.accent, text),
        "links on window": (t.accent, t.window, text),
        "marked words on their mark": (t.mark_text, t.mark, text),
        "button and field borders on window": (t.border, t.window, 3.0),
        "button and field borders on surface": (t.border, t.surface, 3.0),
        "scroll-bar thumb on its track": (t.border, t.window, 3.0),
        "focus ring on window": (t.focus, t.window, 3.0),
        "focus ring on surface (cards, menus, a focused filled button)": (
            t.focus,
            t.surface,
            3.0,
        ),
        "search mark on surface": (t.mark, t.surface, 3.0),
        "search mark on window": (t.mark, t.window, 3.0),
        "selection bar on a card": (t.accent, t.surface, 3.0),
        "filled button on window": (t.accent, t.window, 3.0),
    }


@pytest.mark.parametrize("key", list(themes.THEMES))
def test_every_pair_reaches_its_minimum(key):
    low = {
        name: round(themes.contrast_ratio(fg, bg), 2)
        for name, (fg, bg, minimum) in pairs(themes.THEMES[key]).items()
        if themes.contrast_ratio(fg, bg) < minimum
    }
    assert low == {}


def test_the_formula_is_wcags():
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert themes.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert themes.contrast_ratio("#ffffff", "#777777") == themes.contrast_ratio("#777777", "#fff")


@pytest.mark.parametrize("key", list(themes.THEMES))
def test_matches_are_marked_by_more_than_colour(key):
    css = themes.mark_css(themes.THEMES[key])
    assert "font-weight: bold" in css and "text-decoration: underline" in css


def _pixel(widget, x: int, y: int) -> str:
    return QColor(widget.grab().toImage().pixel(x, y)).name()


@pytest.mark.parametrize("key", list(themes.THEMES))
def test_a_focused_filled_button_shows_the_ring_on_the_surface(window, qtbot, key):
    window.set_theme(key)
    t = themes.THEMES[key]
    window.navigate(Location("article", content.FULL_ID))
    window.print_current()
    qtbot.waitExposed(window.handout_dialog)
    primary = window.handout_dialog.print_button
    middle = primary.height() // 2
    assert _pixel(primary, primary.width() // 2, middle - 8) == t.accent  # unfocused: filled
    focus(qtbot, primary)
    assert _pixel(primary, 1, middle) == t.focus  # the ring
    assert _pixel(primary, 12, 6) == t.surface  # inside it the surface, not the accent
    window.handout_dialog.reject()


def test_the_scroll_bar_thumb_is_drawn_in_the_border_colour(window):
    window.set_theme("high-contrast")
    window.resize(800, 400)
    window.navigate(Location("article", content.FULL_ID))
    QApplication.processEvents()
    bar = window.current_page().scroll.verticalScrollBar()
    assert bar.isVisible() and bar.maximum() > 0
    assert bar.width() >= themes.MIN_TARGET_PX
    colours = {_pixel(bar, bar.width() // 2, y) for y in range(0, bar.height(), 4)}
    assert themes.HIGH_CONTRAST.border in colours  # the thumb: white on black


def test_a_disabled_button_looks_disabled(window):
    t = themes.LIGHT
    off, on = window.forward_button, window.home_button
    assert not off.isEnabled() and on.isEnabled()
    assert _pixel(on, on.width() // 2, on.height() - 8) == t.surface  # filled
    assert _pixel(off, off.width() // 2, off.height() - 8) == t.window  # not filled
    # and its border is dashed: some pixels along the bottom edge are not border
    edge = {_pixel(off, x, off.height() - 1) for x in range(10, off.width() - 10)}
    assert t.window in edge
