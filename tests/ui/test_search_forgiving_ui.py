"""Typing mistakes in the window: "Showing results for", and the way back to the words as typed."""

from __future__ import annotations

import pytest

from reader.ui import search_page
from reader.ui.context import Location
from reader.ui.models import ArticleIdRole
from reader.ui.qt import QApplication, Qt
from tests.ui import library_content as content


@pytest.fixture
def announcements(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(search_page, "announce", lambda _w, text, **_k: said.append(text))
    return said


def type_and_wait(window, qtbot, text: str) -> None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, text)
    qtbot.waitUntil(
        lambda: window.current_location() == Location("search", window.search_field.text())
    )


def result_ids(page) -> list[str]:
    return [page.model.index(r, 0).data(ArticleIdRole) for r in range(page.model.rowCount())]


def test_a_mistyped_word_shows_results_for_the_corrected_one(window, qtbot, announcements):
    type_and_wait(window, qtbot, "zebrafsh")  # zebrafish, one letter missing
    page = window.pages["search"]
    assert result_ids(page) == [content.FULL_ID]
    assert page.message.text() == "Showing results for “zebrafish”. No summaries match “zebrafsh”."
    button = page.exact_button
    assert button.isVisible()
    assert button.text() == "Search instead for “zebrafsh”"
    assert button.accessibleName() == "Search instead for “zebrafsh”"
    assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert min(button.width(), button.height()) >= 44

    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)  # the keyboard's way, as a click
    assert page.message.text() == "No summaries match “zebrafsh”. Try fewer or different words."
    assert result_ids(page) == []
    assert not button.isVisible()
    assert announcements[-1] == page.message.text()  # said at once, not after a pause
    assert window.search_field.text() == "zebrafsh"  # the words as typed stay


def test_changing_the_words_forgives_again(window, qtbot, announcements):
    type_and_wait(window, qtbot, "zebrafsh")
    page = window.pages["search"]
    page.exact_button.click()
    assert result_ids(page) == []
    qtbot.keyClick(window.search_field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: window.current_location() == Location("search", "zebrafs"))
    assert result_ids(page) == [content.FULL_ID]
    assert page.exact_button.isVisible()


def test_an_exact_match_needs_no_correction(window, qtbot):
    type_and_wait(window, qtbot, "zebrafish")
    page = window.pages["search"]
    assert page.message.text() == "1 summary matches “zebrafish”."
    assert not page.exact_button.isVisible()
    assert QApplication.focusWidget() is window.search_field
