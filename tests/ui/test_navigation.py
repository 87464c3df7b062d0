"""Back/Forward history, Home, and where keyboard focus lands after each move."""

from __future__ import annotations

from reader.ui.context import HOME, Location
from reader.ui.qt import QApplication, Qt
from tests.ui import library_content as content
from tests.ui.helpers import current, go

CATEGORY = Location("category", "pain")
ARTICLE = Location("article", content.AMP_ID)  # Pain's newest research (2019)


def walk(window, qtbot) -> None:
    """Home -> Pain -> its newest article, by clicking as a person would."""
    pain = [b for b in window.pages["home"].category_buttons if b.text().startswith("Pain")]
    qtbot.mouseClick(pain[0], Qt.MouseButton.LeftButton)
    view = window.pages["category"].list
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.history == [HOME, CATEGORY, ARTICLE]


def focused_on_heading(window) -> bool:
    """Focus is where a page starts: its heading, or a list page's first card."""
    page = current(window)
    if page is window.pages["category"]:  # rows may still be coming; the first becomes current
        return QApplication.focusWidget() is page.list
    return QApplication.focusWidget() is page.heading


def test_focus_lands_on_the_main_heading_after_each_navigation(window):
    assert focused_on_heading(window)
    for location in (CATEGORY, ARTICLE, Location("page", "about"), HOME):
        window.navigate(location)
        assert focused_on_heading(window), location
        assert current(window).heading.text()
        assert current(window).scroll.verticalScrollBar().value() == 0


def test_back_and_forward_buttons_walk_the_history(window, qtbot):
    walk(window, qtbot)
    assert window.back_button.isEnabled() and not window.forward_button.isEnabled()
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == CATEGORY and focused_on_heading(window)
    qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME
    assert not window.back_button.isEnabled() and window.forward_button.isEnabled()
    qtbot.mouseClick(window.forward_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.forward_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == ARTICLE and focused_on_heading(window)
    assert current(window).heading.text() == content.AMP_TITLE


def test_alt_left_and_alt_right(window, qtbot):
    walk(window, qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_location() == CATEGORY
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_location() == HOME
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_location() == CATEGORY
    assert focused_on_heading(window)


def test_backspace_goes_back_but_not_while_typing(window, qtbot):
    walk(window, qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    assert window.current_location() == CATEGORY
    # In the search field Backspace deletes a letter and stays put.
    window.search_field.setFocus()
    window.search_field.setText("abc")
    window.search_field.end(False)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Backspace)
    assert window.search_field.text() == "ab"
    assert window.current_location() == CATEGORY


def test_backspace_in_the_note_field_deletes_a_letter(window, qtbot):
    window.navigate(ARTICLE)
    note = window.pages["article"].note.edit
    note.setFocus()
    qtbot.keyClicks(note, "xy")
    qtbot.keyClick(note, Qt.Key.Key_Backspace)
    assert note.toPlainText() == "x"
    assert window.current_location() == ARTICLE


def test_mouse_back_and_forward_buttons(window, qtbot):
    qtbot.waitUntil(lambda: window.mouse_buttons.on)  # a moment after the first paint
    walk(window, qtbot)
    target = current(window).heading
    qtbot.mouseClick(target, Qt.MouseButton.BackButton)
    assert window.current_location() == CATEGORY
    qtbot.mouseClick(current(window).heading, Qt.MouseButton.BackButton)
    assert window.current_location() == HOME
    qtbot.mouseClick(current(window).heading, Qt.MouseButton.ForwardButton)
    assert window.current_location() == CATEGORY


def test_home_button_and_alt_home(window, qtbot):
    walk(window, qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert window.current_location() == HOME and focused_on_heading(window)
    window.navigate(CATEGORY)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME and focused_on_heading(window)
    assert window.history == [HOME, CATEGORY, ARTICLE, HOME, CATEGORY, HOME]


def test_a_new_step_after_going_back_drops_the_forward_history(window, qtbot):
    walk(window, qtbot)
    window.go_back()
    window.go_back()
    go(window, "page", "about")
    assert window.history == [HOME, Location("page", "about")]
    assert not window.forward_button.isEnabled()


def test_the_same_place_twice_is_one_history_entry(window):
    go(window, "category", "pain")
    go(window, "category", "pain")
    assert window.history == [HOME, CATEGORY]


def test_back_to_category_button_and_chips(window, qtbot):
    walk(window, qtbot)
    article = window.pages["article"]
    assert article.back_button.text() == "Back to Pain"
    qtbot.mouseClick(article.back_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == CATEGORY and focused_on_heading(window)
