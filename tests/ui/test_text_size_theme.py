"""Text size 100%..300% for the whole interface, and the three themes; both remembered."""

from __future__ import annotations

import itertools

import pytest

from reader.ui import theme as themes
from reader.ui.qt import QApplication, QLabel, QPalette, QPushButton, Qt, QWidget
from reader.ui.settings import Preferences
from reader.ui.widgets import CardButton, ElidedLabel
from tests.ui import library_content as content
from tests.ui.helpers import describe, dispose, go, horizontally_clipped, window_rect

CTRL = Qt.KeyboardModifier.ControlModifier


def press(window, qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)


def font_points() -> float:
    return QApplication.instance().font().pointSizeF()


def test_ctrl_plus_steps_through_every_size_and_remembers_it(window, qtbot, ui_data_dir):
    assert themes.SCALES[0] == 1.0 and themes.SCALES[-1] == 3.0

    def heights_now() -> tuple[int, int]:
        return window.home_button.height(), window.pages["home"].category_buttons[0].height()

    heights = [heights_now()]
    for expected in themes.SCALES[1:]:
        press(window, qtbot, Qt.Key.Key_Equal)
        assert window.prefs.scale == expected
        assert Preferences(ui_data_dir).scale == expected  # on disk at once
        assert font_points() == pytest.approx(themes.BASE_POINT_SIZE * expected)
        assert f"Text size {round(expected * 100)}%" == window.statusBar().currentMessage()
        QApplication.processEvents()
        heights.append(heights_now())
    # The whole interface grows, buttons included, not only the article text;
    # the toolbar less than the page, so that there is room left to read.
    toolbar, page = ([h[i] for h in heights] for i in (0, 1))
    assert page == sorted(page) and page[-1] > 1.5 * page[0]
    assert toolbar == sorted(toolbar) and 1.2 * toolbar[0] < toolbar[-1] < page[-1]
    assert not window.bigger_button.isEnabled() and window.smaller_button.isEnabled()
    press(window, qtbot, Qt.Key.Key_Equal)  # stays at the largest
    assert Preferences(ui_data_dir).scale == 3.0
    for expected in reversed(themes.SCALES[:-1]):
        press(window, qtbot, Qt.Key.Key_Minus)
        assert Preferences(ui_data_dir).scale == expected
    assert not window.smaller_button.isEnabled() and window.bigger_button.isEnabled()
    press(window, qtbot, Qt.Key.Key_Minus)
    assert Preferences(ui_data_dir).scale == 1.0


def test_buttons_and_ctrl_0_reset(window, qtbot, ui_data_dir):
    qtbot.mouseClick(window.bigger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.bigger_button, Qt.MouseButton.LeftButton)
    assert Preferences(ui_data_dir).scale == 1.5
    qtbot.mouseClick(window.smaller_button, Qt.MouseButton.LeftButton)
    assert Preferences(ui_data_dir).scale == 1.25
    qtbot.mouseClick(window.reset_button, Qt.MouseButton.LeftButton)
    assert Preferences(ui_data_dir).scale == 1.0
    window.set_scale(2.5)
    press(window, qtbot, Qt.Key.Key_0)
    assert Preferences(ui_data_dir).scale == 1.0
    assert font_points() == pytest.approx(themes.BASE_POINT_SIZE)


def test_article_text_scales_with_the_interface(window):
    go(window, "article", content.FULL_ID)
    page = window.pages["article"]
    small = page.content.browsers()[0].document().size().height()
    window.set_scale(2.0)
    assert "font-size: 36.0pt" in window.ctx.css()  # h2 at 200%
    assert page.content.browsers()[0].document().size().height() > 1.5 * small


def test_text_size_is_remembered_across_restarts(make_window, ui_data_dir, qtbot):
    window = make_window(ui_data_dir)
    window.set_scale(2.5)
    dispose(window)
    again = make_window(ui_data_dir)
    assert again.prefs.scale == 2.5
    assert font_points() == pytest.approx(themes.BASE_POINT_SIZE * 2.5)
    assert Preferences(ui_data_dir).scale == 2.5


def test_a_stored_odd_scale_snaps_to_a_step(ui_data_dir):
    prefs = Preferences(ui_data_dir)
    prefs.scale = 2.2
    assert Preferences(ui_data_dir).scale == 2.0
    prefs._set("scale", "large")
    assert Preferences(ui_data_dir).scale == 1.0


# 300% in a 1280x800 window


def layout_problems(window) -> list[str]:
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        rect = window_rect(widget)
        if rect.left() < 0 or rect.right() >= window.width():
            problems.append(f"{describe(widget)} at {rect} is outside the window")
        clipper = horizontally_clipped(widget)
        if clipper is not None:
            problems.append(f"{describe(widget)} is cut off by {describe(clipper)}")
        # Words that cannot wrap must get their full width.
        if (
            isinstance(widget, QPushButton)
            and not isinstance(widget, CardButton)
            and widget.width() < widget.sizeHint().width()
        ):
            problems.append(f"{describe(widget)} is squeezed: {widget.width()} px")
        if (
            isinstance(widget, QLabel)
            and widget.text()
            and not widget.wordWrap()
            and not isinstance(widget, ElidedLabel)
            and widget.width() < widget.sizeHint().width()
        ):
            problems.append(f"label {widget.text()[:30]!r} is cut: {widget.width()} px")
    for row in (window.toolbar_row, window.breadcrumb_row):
        children = [w for w in row.findChildren(QWidget) if w.isVisible() and w.parent() is row]
        for a, b in itertools.combinations(children, 2):
            if a.geometry().intersects(b.geometry()):
                problems.append(f"{describe(a)} overlaps {describe(b)}")
        for child in children:
            if not row.rect().contains(child.geometry()):
                problems.append(f"{describe(child)} sticks out of its row")
    return problems


@pytest.mark.parametrize(
    "kind, key",
    [
        ("article", content.FULL_ID),
        ("category", "pain"),
        ("home", ""),
        ("search", "filler"),
        ("page", "about"),
    ],
)
def test_at_300_percent_nothing_is_clipped_or_overlapping(window, qtbot, kind, key):
    window.set_scale(3.0)
    window.resize(1280, 800)
    go(window, kind, key)
    qtbot.waitUntil(lambda: window.size().width() == 1280)
    QApplication.processEvents()
    assert window.width() == 1280 and window.height() == 800  # the window did not grow
    assert layout_problems(window) == []
    # The toolbar kept one line; what did not fit is under More.
    toolbar = [w for w in window.toolbar_row.findChildren(QPushButton) if w.isVisible()]
    assert len({w.y() for w in toolbar}) == 1
    assert window.toolbar_row.more_button in toolbar
    # The page scrolls vertically, and still has room to read in.
    page = window.stack.currentWidget()
    assert page.scroll.viewport().height() >= 200
    if kind == "article":
        assert page.scroll.verticalScrollBar().maximum() > 0
        heading = page.heading
        assert heading.wordWrap() and heading.height() > heading.fontMetrics().height()


# Themes


@pytest.mark.parametrize("key", list(themes.THEMES))
def test_theme_text_contrast(key):
    t = themes.THEMES[key]
    minimum = 7.0 if key == "high-contrast" else 4.5
    pairs = {
        "text on window": (t.text, t.window),
        "text on surface": (t.text, t.surface),
        "muted on surface": (t.muted, t.surface),
        "muted on window": (t.muted, t.window),
        "button text on accent": (t.accent_text, t.accent),
        "links on window": (t.accent, t.window),
        "marked words": (t.mark_text, t.mark),
    }
    low = {name: round(themes.contrast_ratio(*pair), 2) for name, pair in pairs.items()}
    assert {n: r for n, r in low.items() if r < minimum} == {}
    # The focus ring stands out from the background (non-text contrast, 3:1).
    assert themes.contrast_ratio(t.focus, t.window) >= 3.0


def test_high_contrast_reaches_seven_to_one():
    t = themes.HIGH_CONTRAST
    assert themes.contrast_ratio(t.text, t.window) >= 7
    assert themes.contrast_ratio(t.text, t.surface) >= 7
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_choosing_a_theme_applies_and_remembers_it(window, ui_data_dir):
    for action in window.commands.themes.actions():
        action.trigger()
        key = action.data()
        assert Preferences(ui_data_dir).theme == key
        assert action.isChecked()
        palette = QApplication.instance().palette()
        assert palette.color(QPalette.ColorRole.Window).name() == themes.THEMES[key].window
        assert palette.color(QPalette.ColorRole.WindowText).name() == themes.THEMES[key].text
        assert themes.THEMES[key].focus in window.styleSheet()
        assert [a.isChecked() for a in window.commands.themes.actions()].count(True) == 1


def test_theme_is_remembered_across_restarts(make_window, ui_data_dir):
    window = make_window(ui_data_dir)
    window.set_theme("high-contrast")
    dispose(window)
    again = make_window(ui_data_dir)
    assert again.ctx.theme() is themes.HIGH_CONTRAST
    window_color = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    assert window_color.name() == "#000000"


@pytest.mark.parametrize("dark", [True, False])
def test_first_start_follows_the_system_preference(qapp, tmp_path, monkeypatch, dark):
    from reader.ui import settings

    monkeypatch.setattr(settings, "system_prefers_dark", lambda: dark)
    prefs = Preferences(tmp_path / "new")
    assert prefs.theme == ("dark" if dark else "light")
    prefs.theme = "high-contrast"  # once chosen, the system no longer decides
    assert Preferences(tmp_path / "new").theme == "high-contrast"


def test_article_text_uses_the_theme_colours(window):
    go(window, "article", content.FULL_ID)
    window.set_theme("dark")
    css = window.pages["article"].content.browsers()[0].document().defaultStyleSheet()
    assert themes.DARK.text in css and themes.DARK.accent in css
