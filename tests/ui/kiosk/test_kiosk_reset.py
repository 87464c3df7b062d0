"""Kiosk mode's reset: what the next visitor could otherwise get back of the last one.

Beside test_kiosk_visit.py (the visit's data, the prompt): here the traces a
reset must not leave in widgets and in the system, reached by the keys and
clicks anyone can use (Ctrl+Z, a middle click, the Menu's check marks).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QClipboard

from reader.core.library.store import ADDED, PUBLISHED
from reader.core.text.messages import NEW_IN_LIBRARY
from reader.ui import read_aloud, read_aloud_bar, speech_engine
from reader.ui.context import HOME
from reader.ui.qt import QApplication, QEvent, QLabel, QPoint, Qt
from reader.ui.safe_browser import SafeTextBrowser
from tests.ui import library_content as content
from tests.ui.helpers import go

Mode = QClipboard.Mode


def test_ctrl_z_in_the_search_field_does_not_bring_back_the_last_search(kiosk, qtbot):
    kiosk.search_field.setFocus()
    qtbot.keyClicks(kiosk.search_field, "walking")
    kiosk.run_search()
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    kiosk.search_field.setFocus()
    qtbot.keyClick(kiosk.search_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.search_field.text() == ""
    assert not kiosk.search_field.isUndoAvailable()


def test_enter_in_the_empty_search_box_opens_nothing_of_the_last_search(kiosk, qtbot):
    # It opened the last visitor's first result: what they had searched for.
    kiosk.search_field.setFocus()
    qtbot.keyClicks(kiosk.search_field, "quokka")
    kiosk.run_search()
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    kiosk.search_field.setFocus()
    qtbot.keyClick(kiosk.search_field, Qt.Key.Key_Return)
    assert kiosk.current_location() == HOME
    page = kiosk.pages["search"]
    assert page.first_result() is None and page.model.rowCount() == 0
    assert "quokka" not in page.message.text()


def test_home_shows_no_star_of_the_last_visitors_bookmarks(kiosk, qtbot):
    # Home is drawn when the reset goes back to it, before the visit is forgotten: its
    # card still said "★" (bookmarked) to the next visitor.
    go(kiosk, "article", content.FULL_ID)
    qtbot.keyClick(kiosk, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert kiosk.personal.is_bookmarked(content.FULL_ID)
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    cards = kiosk.pages["home"].latest_cards
    names = [card.accessibleName() for card in cards]
    shown = [label.text() for card in cards for label in card.findChildren(QLabel)]
    assert [name for name in names if content.FULL_TITLE in name]  # the card is there
    assert [name for name in names if "bookmarked" in name] == []
    assert [text for text in shown if "★" in text] == []


def test_copied_text_is_gone(kiosk):
    QApplication.clipboard().setText("my diagnosis")
    kiosk.kiosk.reset()
    assert QApplication.clipboard().text() == ""


class RecordingClipboard:
    """A system with all three clipboards (X11 has the selection, macOS the find buffer)."""

    def __init__(self):
        self.cleared: list[QClipboard.Mode] = []

    def clear(self, mode=Mode.Clipboard):
        self.cleared.append(mode)

    def supportsSelection(self) -> bool:
        return True

    def supportsFindBuffer(self) -> bool:
        return True


def test_every_clipboard_the_system_has_is_emptied(kiosk, monkeypatch):
    clipboard = RecordingClipboard()
    monkeypatch.setattr(QApplication, "clipboard", staticmethod(lambda: clipboard))
    kiosk.kiosk.reset()
    assert set(clipboard.cleared) == {Mode.Clipboard, Mode.Selection, Mode.FindBuffer}


def test_selected_text_cannot_be_pasted_with_a_middle_click(kiosk, qtbot):
    clipboard = QApplication.clipboard()
    if not clipboard.supportsSelection():  # X11 only (run under Xvfb: QT_QPA_PLATFORM=xcb)
        pytest.skip("this display has no selection clipboard")
    go(kiosk, "article", content.FULL_ID)
    text = next(b for b in kiosk.pages["article"].findChildren(SafeTextBrowser) if b.isVisible())
    viewport = text.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(5, 10))
    qtbot.mouseMove(viewport, QPoint(200, 12))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 12))
    qtbot.waitUntil(lambda: clipboard.text(Mode.Selection) != "")
    kiosk.kiosk.reset()
    assert clipboard.text(Mode.Selection) == ""


def test_the_menu_shows_the_comfort_settings_of_the_new_visit(kiosk):
    kiosk.commands.line_spacing.trigger()
    kiosk.commands.large_targets.trigger()
    assert kiosk.commands.line_spacing.isChecked() and kiosk.commands.large_targets.isChecked()
    kiosk.kiosk.reset()
    assert (kiosk.prefs.line_spacing, kiosk.prefs.large_targets) == (1.0, False)
    assert not kiosk.commands.line_spacing.isChecked()
    assert not kiosk.commands.large_targets.isChecked()
    kiosk.commands.line_spacing.trigger()  # one press turns it on, as the check mark said
    assert kiosk.prefs.line_spacing == 1.5


@pytest.fixture
def mock_voice(qtbot):
    """Qt's silent mock engine (voices "Bob" and "Anne"), started."""
    read_aloud.use_engine(read_aloud.MOCK)
    voice = speech_engine.start_voice()
    qtbot.waitUntil(lambda: voice.ready)
    yield voice
    read_aloud.use_engine(None)


def test_the_next_visitor_hears_the_default_voice_again(kiosk, qtbot, mock_voice):
    default = mock_voice.voice_name()
    other = next(v.name() for v in mock_voice.availableVoices() if v.name() != default)
    go(kiosk, "article", content.FULL_ID)
    controls = kiosk.pages["article"].read_aloud
    controls.play.click()
    controls.reading.set_voice(other)  # the visitor's choice in Voice… > Voice
    assert mock_voice.voice_name() == other
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    go(kiosk, "article", content.FULL_ID)
    controls.play.click()
    controls.voice_menu.aboutToShow.emit()
    checked = [a.text() for a in controls.voices.actions() if a.isChecked()]
    assert checked == ["Default voice"]  # what the menu says is what is heard
    assert mock_voice.voice_name() == default
    qtbot.waitUntil(lambda: mock_voice._tts.voice().name() == default)


def test_the_read_aloud_bar_says_nothing_of_the_last_visitor(kiosk, qtbot, mock_voice):
    go(kiosk, "article", content.FULL_ID)
    bar = kiosk.pages["article"].read_aloud
    qtbot.mouseClick(bar.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.reading.state == read_aloud.READING)
    qtbot.mouseClick(bar.play, Qt.MouseButton.LeftButton)  # paused, and the visitor walks away
    assert bar.status.accessibleName().startswith("Paused")
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    go(kiosk, "article", content.FULL_ID)
    # It said "Stopped reading." to the next visitor: seen, hovered and heard.
    assert bar.status.isHidden() and bar.status.text() == ""
    assert (bar.status.accessibleName(), bar.status.toolTip()) == ("", "")
    assert bar.accessibleDescription() == read_aloud_bar.KEYS
    assert bar.play.accessibleName() == "Read aloud"


@pytest.mark.parametrize("allow_print", [True, False])
def test_report_a_problem_says_what_a_kiosk_does_with_it(make_kiosk, qtbot, allow_print):
    window = make_kiosk(allow_print=allow_print)
    go(window, "article", content.FULL_ID)
    page = window.pages["article"]
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    told = page.report_dialog.explained.text()
    assert "Export" not in told  # the kiosk's Menu has no Export
    assert "until your visit ends" in told
    assert ("print the summary with your notes" in told) is allow_print
    assert "tell the staff" in told


def test_a_report_typed_and_its_question_are_gone(kiosk, qtbot):
    """A half-typed report asks before Escape throws it away (report_problem); the
    reset closes it, and that question, without asking anyone."""
    go(kiosk, "article", content.FULL_ID)
    page = kiosk.pages["article"]
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    qtbot.keyClicks(dialog.edit, "my diagnosis")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())

    kiosk.kiosk.reset()

    assert not dialog.isVisible() and not dialog.question.isVisible()
    kiosk.disclaimer_dialog.accept()


def test_no_report_dialog_of_a_visit_is_kept(kiosk, qtbot):
    # Each "Report a problem" opened stayed in the window, hidden, with the words typed in
    # it, after the reset too: one more for every report, each restyled with the window.
    from reader.ui.report_problem import ReportProblemDialog

    page = kiosk.pages["article"]
    for _ in range(3):
        go(kiosk, "article", content.FULL_ID)
        qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(page.report_dialog.edit, "my diagnosis")
        page.report_dialog.done(0)
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert page.findChildren(ReportProblemDialog) == []


def test_the_note_box_keeps_no_words_of_the_last_visit(kiosk, qtbot):
    go(kiosk, "article", content.FULL_ID)
    note = kiosk.pages["article"].note
    note.edit.setFocus()
    qtbot.keyClicks(note.edit, "my diagnosis")
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    assert note.edit.toPlainText() == "" and note.state.text() == ""
    assert kiosk.personal.list_notes() == []


def test_the_order_of_all_summaries_is_the_usual_one_again(kiosk):
    go(kiosk, "category", "")  # All summaries
    page = kiosk.pages["category"]
    page.order_choice.buttons[ADDED].click()
    assert page.count.text().endswith(f"{NEW_IN_LIBRARY} first")
    kiosk.kiosk.reset()
    kiosk.disclaimer_dialog.accept()
    go(kiosk, "category", "")
    assert page.order_choice.order == PUBLISHED
    assert page.order_choice.buttons[PUBLISHED].isChecked()
    assert not page.order_choice.buttons[ADDED].isChecked()
    assert page.count.text().endswith("newest first")
