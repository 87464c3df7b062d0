"""The link question is called what its title says, with its question as its description.

It was called "Leave the app?" while its title said "Open a web page?" (or
"Write an email?"), and had no description: a screen reader announced a
name the reader could not see, and the question only if asked for more.
"""

from __future__ import annotations

from reader.ui import dialogs


def test_the_link_question_is_called_what_its_title_says(window, qtbot):
    box = dialogs.ask_to_open(window, "https://example.org/study", lambda _url: None)
    qtbot.waitExposed(box)

    assert box.accessibleName() == box.windowTitle() == "Open a web page?"
    assert box.accessibleDescription() == box.text()
    assert "https://example.org/study" in box.accessibleDescription()
    box.reject()


def test_the_email_question_is_called_what_its_title_says(window, qtbot):
    box = dialogs.ask_to_open(window, "mailto:team@example.org", lambda _url: None)
    qtbot.waitExposed(box)

    assert box.accessibleName() == box.windowTitle() == "Write an email?"
    box.reject()
