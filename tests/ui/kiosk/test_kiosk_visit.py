"""Kiosk mode between visitors: nothing personal written, "Are you still reading?", the reset."""

from __future__ import annotations

import os

import pytest

from reader.core.personal.store import PersonalData
from reader.ui import idle_prompt
from reader.ui.context import HOME
from reader.ui.qt import QAccessible, QApplication, QDialog, QEvent, QKeyEvent, Qt, QTimer
from tests.ui import library_content as content
from tests.ui.helpers import go


def snapshot(folder) -> dict[str, tuple[bytes, int]]:
    """Every file in the data folder: its bytes and modification time (ns)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def visit(window, qtbot) -> None:
    """What a visitor does: a bookmark, feedback, a note, a search, a bigger dark look."""
    go(window, "article", content.FULL_ID)
    page = window.pages["article"]
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.feedback.yes, Qt.MouseButton.LeftButton)
    page.note.edit.setFocus()
    qtbot.keyClicks(page.note.edit, "Ask Dr Lee")
    page.note.flush()
    window.set_theme("dark")
    window.step_scale(+1)
    window.search_field.setText("walking")
    window.run_search()


def test_nothing_personal_reaches_the_disk(make_kiosk, ui_data_dir, qtbot):
    with PersonalData(ui_data_dir) as before_kiosk:  # the machine's own file, used earlier
        before_kiosk.add_bookmark(content.SPARSE_ID, content.SPARSE_TITLE)
    files = snapshot(ui_data_dir)
    assert {"userdata.sqlite3", "settings.ini"} <= set(files)

    window = make_kiosk()
    assert window.personal.list_bookmarks() == []  # the last user's entries are not shown
    visit(window, qtbot)
    store = window.personal
    assert [b.article_id for b in store.list_bookmarks()] == [content.FULL_ID]
    assert store.get_feedback(content.FULL_ID).helpful is True
    assert store.get_note(content.FULL_ID).text == "Ask Dr Lee"
    go(window, "bookmarks")
    assert len(window.pages["bookmarks"].rows) == 1  # the visitor sees their own
    window.kiosk.reset()
    window.kiosk.quit()
    assert not window.isVisible()

    assert snapshot(ui_data_dir) == files  # byte for byte, and not even touched


def test_idle_prompt_then_reset_clears_the_visit(make_kiosk, qtbot, short_prompt):
    window = make_kiosk(idle_timeout_seconds=60, idle_prompt_seconds=2, text_size=150)
    assert window.prefs.scale == 1.5  # the clinic's text size
    visit(window, qtbot)  # with time to spare on a busy machine
    go(window, "article", content.FULL_ID)
    window.kiosk.watcher.timer.setInterval(300)
    qtbot.keyClick(window, Qt.Key.Key_Tab)  # the visitor's last input
    prompt = window.kiosk.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=4000)
    assert prompt.title.text() == "Are you still reading?"
    assert prompt.countdown.text() == "2 seconds left"
    assert prompt.countdown.isVisible()
    # The window manager activates the prompt a moment after it is shown (the
    # prompt is modal meanwhile); from then on Enter is "Keep reading".
    qtbot.waitUntil(prompt.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is prompt.keep_button and prompt.keep_button.isDefault()
    assert prompt.keep_button.height() >= 120 and prompt.keep_button.width() >= 360
    qtbot.waitUntil(lambda: prompt.countdown.text() == "1 second left", timeout=2500)

    qtbot.waitUntil(lambda: not prompt.isVisible(), timeout=3000)
    assert window.current_location() == HOME and window.history == [HOME]
    assert not window.back_button.isEnabled()
    assert window.search_field.text() == ""
    store = window.personal
    assert (store.list_bookmarks(), store.list_feedback(), store.list_notes()) == ([], [], [])
    assert (window.prefs.theme, window.prefs.scale) == ("light", 1.5)
    assert window.ctx.theme().key == "light"
    # The next visitor is told the disclaimer again.
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    assert window.disclaimer_dialog.isVisible()
    # The article page shows nothing of the last visit when opened again.
    window.disclaimer_dialog.accept()
    go(window, "article", content.FULL_ID)
    page = window.pages["article"]
    assert page.note.edit.toPlainText() == ""
    assert not page.bookmark.isChecked() and not page.feedback.yes.isChecked()


def test_a_fresh_kiosk_does_not_ask_until_someone_comes(make_kiosk, qtbot, short_prompt):
    window = make_kiosk(idle_timeout_seconds=0.3)
    window.kiosk.watcher.fresh()  # as after a reset: answering the disclaimer was input
    qtbot.wait(800)
    assert not window.kiosk.prompt.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    qtbot.waitUntil(window.kiosk.prompt.isVisible, timeout=3000)


# A popup menu grabs the keyboard; the offscreen test display cannot, and says so.
@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$")
def test_reset_closes_open_dialogs_and_menus(kiosk, qtbot):
    go(kiosk, "article", content.FULL_ID)
    kiosk.print_current()
    assert kiosk.handout_dialog.isVisible()
    kiosk.kiosk.reset()
    assert not kiosk.handout_dialog.isVisible()
    kiosk.disclaimer_dialog.accept()
    kiosk.menu.popup(kiosk.mapToGlobal(kiosk.rect().center()))
    qtbot.waitUntil(kiosk.menu.isVisible)
    kiosk.kiosk.reset()
    assert not kiosk.menu.isVisible()
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not kiosk] == [
        kiosk.disclaimer_dialog
    ]


@pytest.mark.parametrize("answer", ["button", "key", "escape", "click"])
def test_any_answer_keeps_reading_as_often_as_needed(make_kiosk, qtbot, short_prompt, answer):
    window = make_kiosk(idle_timeout_seconds=0.3, idle_prompt_seconds=30)
    go(window, "article", content.FULL_ID)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # bookmarked
    prompt = window.kiosk.prompt
    for _ in range(2):  # unlimited extensions: twice here
        qtbot.waitUntil(prompt.isVisible, timeout=3000)
        if answer == "button":
            qtbot.mouseClick(prompt.keep_button, Qt.MouseButton.LeftButton)
        elif answer == "key":
            qtbot.keyClick(prompt.keep_button, Qt.Key.Key_A)
        elif answer == "escape":
            qtbot.keyClick(prompt.keep_button, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(prompt, Qt.MouseButton.LeftButton)
        assert not prompt.isVisible()
        assert window.current_location().key == content.FULL_ID
        assert window.personal.is_bookmarked(content.FULL_ID)


def test_a_key_held_down_is_nobody_reading(make_kiosk, qtbot, short_prompt):
    # A bag left on the keyboard repeats its key for ever: the visit was never cleared.
    window = make_kiosk(idle_timeout_seconds=0.3, idle_prompt_seconds=1)
    go(window, "article", content.FULL_ID)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # bookmarked

    def repeat() -> None:  # a key's own repeat: autorep is True
        key = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, "", True
        )
        QApplication.sendEvent(QApplication.focusWidget() or window, key)

    held = QTimer(window)
    held.timeout.connect(repeat)
    held.start(50)  # a keyboard's own repeat rate
    prompt = window.kiosk.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: not window.personal.list_bookmarks(), timeout=4000)
    held.stop()
    assert window.current_location() == HOME and window.history == [HOME]
    assert not prompt.isVisible()


def test_the_prompt_is_announced_at_once(make_kiosk, qtbot, short_prompt, monkeypatch):
    said = []

    class Recorder:
        AnnouncementPoliteness = QAccessible.AnnouncementPoliteness

        @staticmethod
        def updateAccessibility(event):
            said.append((event.message(), event.politeness()))

    monkeypatch.setattr(idle_prompt, "QAccessible", Recorder)
    window = make_kiosk(idle_timeout_seconds=0.3)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    qtbot.waitUntil(window.kiosk.prompt.isVisible, timeout=3000)
    assert len(said) == 1
    message, politeness = said[0]
    assert message.startswith(
        "Are you still reading? 30 seconds left. Then this screen goes back to the start"
    )
    assert politeness == QAccessible.AnnouncementPoliteness.Assertive
    assert window.kiosk.prompt.accessibleName() == "Are you still reading?"


def test_the_prompt_never_gives_less_than_twenty_seconds(make_kiosk):
    window = make_kiosk(idle_prompt_seconds=5)  # a configuration the loader would refuse
    assert window.kiosk.prompt.seconds == 20


def test_clinic_theme_and_size_do_not_come_from_settings(make_kiosk, ui_data_dir):
    window = make_kiosk(theme="high-contrast", text_size=300)
    assert (window.ctx.theme().key, window.ctx.scale()) == ("high-contrast", 3.0)
    window.set_scale(1.0)
    window.kiosk.reset()
    assert window.ctx.scale() == 3.0
    assert os.path.exists(ui_data_dir / "settings.ini")


def test_at_300_percent_the_button_is_still_on_screen(make_kiosk, qtbot, short_prompt):
    # On the offscreen test screen; 1366x768 at 300% is in docs/screenshots (kiosk-*-300).
    window = make_kiosk(idle_timeout_seconds=0.3, text_size=300)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    prompt = window.kiosk.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=3000)
    labels = (prompt.title, prompt.countdown, prompt.explanation)

    def nothing_cut_off() -> bool:
        return all(label.height() >= label.heightForWidth(label.width()) for label in labels)

    # Wrapped labels take their height in the layout pass after the prompt is
    # shown; on a loaded machine that pass can come after isVisible() is true
    # (seen: 223 px of 336 for one check). Waiting for it still fails a
    # layout that never makes room.
    qtbot.waitUntil(nothing_cut_off, timeout=3000)
    top = prompt.keep_button.mapTo(prompt, prompt.keep_button.rect().topLeft()).y()
    assert prompt.geometry() == window.geometry()  # it covers the whole screen, no more
    assert top >= 0 and top + prompt.keep_button.height() <= prompt.height()


def test_closed_pin_prompts_and_print_dialogs_do_not_pile_up(kiosk, qtbot):
    # A kiosk runs for weeks: each PIN prompt and each print dialog opened stayed in the
    # window, hidden, for good (five of each here), and each reset's new look restyled them.
    from reader.ui.handout_dialog import HandoutDialog
    from reader.ui.pin_dialog import PinDialog

    go(kiosk, "article", content.FULL_ID)
    for _ in range(5):
        kiosk.kiosk.open_admin()
        kiosk.kiosk.pin_dialog.reject()
        kiosk.print_current()
        kiosk.handout_dialog.reject()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(kiosk.findChildren(PinDialog)) == 1
    assert len(kiosk.findChildren(HandoutDialog)) == 1


def test_each_visits_disclaimer_is_not_kept(kiosk, qtbot):
    # Each reset shows the next visitor a new disclaimer; the last one, answered, stayed in
    # the window for good: one more after every visit, each restyled with the window.
    def disclaimers() -> int:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        dialogs = kiosk.findChildren(QDialog)
        return len([d for d in dialogs if d.accessibleName() == "Disclaimer"])

    at_start = disclaimers()
    for _ in range(5):
        kiosk.kiosk.reset()
        kiosk.disclaimer_dialog.accept()
    assert disclaimers() <= at_start + 1
