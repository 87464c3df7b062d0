""" "Was this summary helpful?": Yes/No, stored at once, shown, changeable."""

from __future__ import annotations

from reader.core.personal.store import PersonalData
from reader.ui.qt import Qt
from tests.ui.helpers import CELLS, EPIDURAL, go, open_article


def _stored(data_dir, article_id):
    with PersonalData(data_dir) as other:  # a new connection: it is on disk, not in memory
        return other.get_feedback(article_id)


def test_yes_then_no_is_stored_at_once_and_shown_exclusively(window, qtbot, data_dir):
    open_article(window, CELLS)
    box = window.article_page.feedback
    assert window.article_page.feedback_title.text() == "Was this summary helpful?"
    assert (box.yes.isChecked(), box.no.isChecked()) == (False, False)
    assert box.thanks.text() == ""
    assert _stored(data_dir, CELLS) is None

    qtbot.mouseClick(box.yes, Qt.MouseButton.LeftButton)

    assert _stored(data_dir, CELLS).helpful is True
    assert (box.yes.isChecked(), box.no.isChecked()) == (True, False)
    assert box.thanks.text().startswith("Thank you")
    assert box.thanks.isVisible()

    qtbot.mouseClick(box.no, Qt.MouseButton.LeftButton)

    assert _stored(data_dir, CELLS).helpful is False
    assert (box.yes.isChecked(), box.no.isChecked()) == (False, True)
    assert "Thank you" in box.thanks.text()


def test_buttons_say_their_answer_in_words(window):
    open_article(window, CELLS)
    box = window.article_page.feedback
    assert "Yes" in box.yes.text()
    assert "No" in box.no.text()
    assert box.yes.accessibleName().startswith("Yes")
    assert box.no.accessibleName().startswith("No")


def test_keyboard_space_answers(window, qtbot, data_dir):
    open_article(window, EPIDURAL)
    box = window.article_page.feedback
    box.no.setFocus()
    qtbot.keyClick(box.no, Qt.Key.Key_Space)
    assert _stored(data_dir, EPIDURAL).helpful is False
    assert box.no.isChecked()


def test_reopening_the_article_shows_the_stored_choice(window, qtbot):
    open_article(window, CELLS)
    qtbot.mouseClick(window.article_page.feedback.no, Qt.MouseButton.LeftButton)
    open_article(window, EPIDURAL)
    box = window.article_page.feedback
    assert (box.yes.isChecked(), box.no.isChecked()) == (False, False)  # not carried over
    assert box.thanks.text() == ""

    go(window, "home")
    open_article(window, CELLS)

    assert (box.yes.isChecked(), box.no.isChecked()) == (False, True)


def test_choice_survives_a_new_window(make_window, data_dir, qtbot):
    first = make_window(data_dir)
    open_article(first, CELLS)
    qtbot.mouseClick(first.article_page.feedback.yes, Qt.MouseButton.LeftButton)
    first.close()

    second = make_window(data_dir)
    open_article(second, CELLS)
    assert second.article_page.feedback.yes.isChecked()
    assert not second.article_page.feedback.no.isChecked()


def test_changing_the_answer_keeps_one_entry(window, qtbot):
    open_article(window, CELLS)
    box = window.article_page.feedback
    for button in (box.yes, box.no, box.yes):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    entries = window.personal.list_feedback()
    assert [(f.article_id, f.helpful) for f in entries] == [(CELLS, True)]


def test_clicking_the_chosen_answer_again_keeps_it_selected(window, qtbot, data_dir):
    open_article(window, CELLS)
    box = window.article_page.feedback
    qtbot.mouseClick(box.yes, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(box.yes, Qt.MouseButton.LeftButton)
    assert (box.yes.isChecked(), box.no.isChecked()) == (True, False)
    assert _stored(data_dir, CELLS).helpful is True


def test_tab_reaches_both_answers(window, qtbot):
    open_article(window, CELLS)
    box = window.article_page.feedback
    box.yes.setFocus()
    qtbot.waitUntil(box.yes.hasFocus)
    qtbot.keyClick(box.yes, Qt.Key.Key_Tab)
    assert box.no.hasFocus()


def test_space_on_the_chosen_answer_never_unselects_it_on_the_way(window, qtbot):
    """A screen reader hears each change of a radio button's state. Before, Space on
    the chosen answer unchecked it, then the answer checked it again: "not selected",
    "selected". Now it stays selected throughout, and the answer is saved again."""
    open_article(window, CELLS)
    box = window.article_page.feedback
    box.yes.setFocus()
    qtbot.keyClick(box.yes, Qt.Key.Key_Space)
    assert box.yes.isChecked()
    changes: list[bool] = []
    box.yes.toggled.connect(changes.append)

    qtbot.keyClick(box.yes, Qt.Key.Key_Space)

    assert changes == []
    assert box.yes.isChecked() and not box.no.isChecked()
    assert box.thanks.text().startswith("Thank you")
