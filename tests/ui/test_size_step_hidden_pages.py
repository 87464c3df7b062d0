"""A text-size step restyles the page shown only; the others take the new look when shown."""

from __future__ import annotations

import pytest

from reader.ui import theme as themes
from reader.ui.qt import QApplication, QLabel, QPushButton, Qt, QWidget
from reader.ui.widgets import CardButton
from tests.ui import library_content as content
from tests.ui.helpers import dispose, go

CTRL = Qt.KeyboardModifier.ControlModifier


def step(window, qtbot, key=Qt.Key.Key_Equal) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key, CTRL)
    QApplication.processEvents()


def looks(page: QWidget) -> list[tuple]:
    """What a size changes on a page: each visible button's and label's font and height.

    (Not widths: whether the page's scroll bar shows at a size may lag a step.)
    """
    return [
        (type(w).__name__, w.objectName(), w.font().pointSizeF(), w.height())
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


def test_home_after_two_steps_on_an_article_looks_as_if_opened_at_that_size(
    make_window, ui_data_dir, qtbot
):
    window = make_window(ui_data_dir)
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
    assert shown_after != small
    card = next(w for w in home.findChildren(CardButton) if w.isVisible())
    assert card.font().pointSizeF() == pytest.approx(themes.BASE_POINT_SIZE * 1.5)
    assert home.heading.font().pointSizeF() == pytest.approx(themes.BASE_POINT_SIZE * 1.6 * 1.5)
    assert home.category_buttons[0].height() >= themes.MIN_TARGET_PX
    # Focus lands on Home, on something shown.
    focus = QApplication.focusWidget()
    assert focus is not None and home.isAncestorOf(focus) and focus.isVisible()
    # The same fonts and heights as a Home opened at 150% (the size is remembered).
    dispose(window)
    del window, home, card, focus  # (qtbot would close the window again)
    again = make_window(ui_data_dir)
    QApplication.processEvents()
    assert again.prefs.scale == 1.5
    assert looks(again.pages["home"]) == shown_after


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


def test_parked_pages_are_deleted_with_the_window(make_window, ui_data_dir, qtbot):
    import shiboken6

    window = make_window(ui_data_dir)
    go(window, "home")
    go(window, "article", content.FULL_ID)
    step(window, qtbot)
    home = window.pages["home"]
    assert not window.isAncestorOf(home)
    dispose(window)
    del window  # (qtbot would close it again)
    # A page left alive would get the next window's font change and read closed files.
    assert not shiboken6.isValid(home)
