"""A text-size step restyles the page shown only; the others take the new look when shown."""

from __future__ import annotations

import pytest

from reader.ui import theme as themes
from reader.ui.qt import QApplication, QLabel, QPushButton, Qt, QWidget
from reader.ui.widgets import CardButton
from tests.ui import library_content as content
from tests.ui.helpers import go

CTRL = Qt.KeyboardModifier.ControlModifier


def step(window, qtbot, key=Qt.Key.Key_Equal) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)
    QApplication.processEvents()


def looks(page: QWidget) -> list[tuple]:
    """What a size changes on a page: each visible button's and label's font and size."""
    return [
        (type(w).__name__, w.objectName(), w.font().pointSizeF(), w.size().toTuple())
        for w in page.findChildren(QWidget)
        if isinstance(w, (QPushButton, QLabel)) and w.isVisible()
    ]


def test_a_step_on_an_article_leaves_the_hidden_pages_out_of_the_restyle(window, qtbot):
    go(window, "home")
    go(window, "category", content.CATEGORIES[0]["slug"])
    go(window, "article", content.FULL_ID)
    step(window, qtbot)
    assert window.isAncestorOf(window.pages["article"])
    assert not window.isAncestorOf(window.pages["home"])
    assert not window.isAncestorOf(window.pages["category"])
    assert window.stack.currentWidget() is window.pages["article"]


def test_home_after_two_steps_on_an_article_looks_as_if_stepped_on_home(window, qtbot):
    go(window, "home")
    small = looks(window.pages["home"])
    go(window, "article", content.FULL_ID)
    step(window, qtbot)
    step(window, qtbot)
    assert window.prefs.scale == 1.5
    window.navigator.go_back()
    QApplication.processEvents()
    home = window.pages["home"]
    assert window.stack.currentWidget() is home and window.isAncestorOf(home)
    shown_after = looks(home)
    # The same sizes as a Home that was on screen through the same steps.
    step(window, qtbot, Qt.Key.Key_Minus)
    step(window, qtbot, Qt.Key.Key_Minus)
    assert looks(home) == small
    step(window, qtbot)
    step(window, qtbot)
    assert shown_after == looks(home)
    card = next(w for w in home.findChildren(CardButton) if w.isVisible())
    assert card.font().pointSizeF() == pytest.approx(themes.BASE_POINT_SIZE * 1.5)
    assert home.heading.font().pointSizeF() == pytest.approx(themes.BASE_POINT_SIZE * 1.6 * 1.5)
    button = home.category_buttons[0]
    assert button.height() >= themes.MIN_TARGET_PX
    # Focus lands on Home, on something shown.
    focus = QApplication.focusWidget()
    assert focus is not None and home.isAncestorOf(focus) and focus.isVisible()


def test_an_article_shown_again_after_steps_elsewhere_has_the_new_size(window, qtbot):
    go(window, "article", content.FULL_ID)
    page = window.pages["article"]
    before = looks(page)
    go(window, "home")
    step(window, qtbot)
    step(window, qtbot)
    go(window, "article", content.FULL_ID)
    assert "font-size: 27.0pt" in window.ctx.css()  # h2 at 150%
    assert page.heading.font().pointSizeF() == pytest.approx(themes.BASE_POINT_SIZE * 1.6 * 1.5)
    assert looks(page) != before
    after = looks(page)
    step(window, qtbot, Qt.Key.Key_Minus)
    step(window, qtbot)
    assert looks(page) == after
