"""Private notes: saved a moment after typing stops, on navigation and on close.

Every check of what is saved reads the personal data file through a NEW
PersonalData connection, so it proves the note is on disk, not in a widget.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.core.personal.store import PersonalData
from reader.ui.personal import NOTE_SAVE_DELAY_MS
from reader.ui.qt import QPlainTextEdit, Qt
from tests.ui.helpers import (
    ARTICLES,
    CELLS,
    EPIDURAL,
    HANDWRITING,
    SHOWN,
    card_texts,
    focus,
    go,
    open_article,
    stored_note,
)

REPO = Path(__file__).resolve().parents[3]


def type_note(qtbot, window, text: str) -> QPlainTextEdit:
    edit = window.article_page.note.edit
    focus(qtbot, edit)
    qtbot.keyClicks(edit, text)
    assert edit.toPlainText().endswith(text)
    return edit


def test_the_notes_box_is_labelled_and_under_the_feedback(window):
    open_article(window, CELLS)
    page = window.article_page
    assert page.note.label.text() == "Your notes (only on this computer)"
    assert page.note.edit.accessibleName() == "Your notes (only on this computer)"
    assert page.note.label.buddy() is page.note.edit
    feedback_y = page.feedback.mapTo(page.inner, page.feedback.rect().topLeft()).y()
    note_y = page.note.mapTo(page.inner, page.note.rect().topLeft()).y()
    assert note_y > feedback_y


def test_typing_is_saved_after_a_pause_without_any_other_action(window, qtbot, data_dir):
    assert NOTE_SAVE_DELAY_MS <= 1000  # "within about a second of a pause"
    open_article(window, CELLS)

    type_note(qtbot, window, "Ask Dr Lee about this")

    assert stored_note(data_dir, CELLS) is None  # not on every keystroke
    # The save timer, not a wall-clock bound, is what this checks: it fires by itself.
    qtbot.waitUntil(lambda: stored_note(data_dir, CELLS) == "Ask Dr Lee about this", timeout=3000)
    with PersonalData(data_dir) as other:
        note = other.get_note(CELLS)
    assert note.title == ARTICLES[CELLS]
    assert window.article_page.note.state.text() == "Saved"


def test_typing_in_two_bursts_saves_all_of_it(window, qtbot, data_dir):
    open_article(window, CELLS)
    edit = type_note(qtbot, window, "First")
    qtbot.wait(NOTE_SAVE_DELAY_MS // 2)
    qtbot.keyClicks(edit, " and second")
    qtbot.waitUntil(lambda: stored_note(data_dir, CELLS) == "First and second", timeout=3000)


def test_steady_typing_without_a_pause_is_still_saved_as_it_goes(window, qtbot, data_dir):
    """Someone who never pauses for a second still loses at most about a second."""
    open_article(window, EPIDURAL)
    edit = window.article_page.note.edit
    focus(qtbot, edit)
    words = [f"w{i}" for i in range(12)]
    lag = []
    for word in words:  # a word every 250 ms: never a pause as long as the save delay
        qtbot.keyClicks(edit, word + " ")
        qtbot.wait(250)
        on_disk = stored_note(data_dir, EPIDURAL) or ""
        lag.append(len(edit.toPlainText()) - len(on_disk))
    assert stored_note(data_dir, EPIDURAL), "nothing was saved during 3 s of typing"
    assert max(lag[4:]) <= 5 * len("w10 ")  # never much more than a second behind


def test_navigating_away_saves_at_once(window, qtbot, data_dir):
    open_article(window, EPIDURAL)
    type_note(qtbot, window, "Bring to the next appointment")

    go(window, "home")

    assert stored_note(data_dir, EPIDURAL) == "Bring to the next appointment"


def test_going_back_with_the_keyboard_saves_at_once(window, qtbot, data_dir):
    go(window, "home")
    open_article(window, EPIDURAL)
    type_note(qtbot, window, "Back key note")

    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)

    assert window.current_page() is window.pages["home"]
    assert stored_note(data_dir, EPIDURAL) == "Back key note"


def test_opening_another_article_saves_under_the_first(window, qtbot, data_dir):
    open_article(window, CELLS)
    type_note(qtbot, window, "About cells")
    open_article(window, HANDWRITING)

    assert stored_note(data_dir, CELLS) == "About cells"
    assert stored_note(data_dir, HANDWRITING) is None
    assert window.article_page.note.edit.toPlainText() == ""

    open_article(window, CELLS)
    assert window.article_page.note.edit.toPlainText() == "About cells"
    assert window.article_page.note.state.text().startswith("Last saved ")


def test_closing_the_window_saves_at_once(window, qtbot, data_dir):
    open_article(window, HANDWRITING)
    type_note(qtbot, window, "Typed just before closing")

    window.close()

    assert stored_note(data_dir, HANDWRITING) == "Typed just before closing"


def test_clearing_the_text_deletes_the_note(window, qtbot, data_dir):
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Old note")
    open_article(window, CELLS)
    edit = window.article_page.note.edit
    focus(qtbot, edit)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.toPlainText() == ""

    go(window, "home")

    assert stored_note(data_dir, CELLS) is None


def test_opening_an_article_does_not_rewrite_its_note(window, data_dir, qtbot):
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Kept as is", "2026-01-01T00:00:00Z")
    open_article(window, CELLS)
    qtbot.wait(NOTE_SAVE_DELAY_MS + 200)
    go(window, "home")
    with PersonalData(data_dir) as other:
        assert other.get_note(CELLS).updated == "2026-01-01T00:00:00Z"


def test_my_notes_page_lists_every_note_with_title_and_date(window, qtbot):
    ud = window.personal
    ud.set_note(CELLS, ARTICLES[CELLS], "Ask about stem cells", "2026-04-02T08:00:00Z")
    ud.set_note(EPIDURAL, ARTICLES[EPIDURAL], "Standing study", "2026-05-03T08:00:00Z")

    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    page = window.pages["notes"]
    assert window.current_page() is page
    assert page.heading.text() == "My notes"
    assert [card_texts(r.card) for r in page.rows] == [
        [SHOWN[EPIDURAL], "Written 2026-05-03", "Standing study"],
        [SHOWN[CELLS], "Written 2026-04-02", "Ask about stem cells"],
    ]
    assert page.intro.text().startswith("2 notes")


def test_a_typed_note_appears_on_my_notes(window, qtbot):
    open_article(window, HANDWRITING)
    type_note(qtbot, window, "Typing speed question")
    go(window, "notes")
    (row,) = window.pages["notes"].rows
    lines = card_texts(row.card)
    assert lines[0] == SHOWN[HANDWRITING]
    assert lines[1] == f"Written {window.personal.get_note(HANDWRITING).updated[:10]}"
    assert lines[2] == "Typing speed question"


def test_my_notes_opens_the_article_by_click(window, qtbot):
    window.personal.set_note(EPIDURAL, ARTICLES[EPIDURAL], "A note")
    go(window, "notes")
    qtbot.mouseClick(window.pages["notes"].rows[0].card, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.article_page
    assert window.article_page.article.id == EPIDURAL
    assert window.article_page.note.edit.toPlainText() == "A note"


def test_my_notes_opens_the_article_with_enter(window, qtbot):
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Older", "2026-01-01T00:00:00Z")
    window.personal.set_note(EPIDURAL, ARTICLES[EPIDURAL], "Newer", "2026-02-01T00:00:00Z")
    go(window, "notes")
    row = window.pages["notes"].rows[1]
    assert row.entry.article_id == CELLS
    focus(qtbot, row.card)

    qtbot.keyClick(row.card, Qt.Key.Key_Enter)

    assert window.current_page() is window.article_page
    assert window.article_page.article.id == CELLS


def test_remove_a_note_and_undo_keeps_text_and_date(window, qtbot, data_dir):
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Precious words", "2026-03-03T03:03:03Z")
    go(window, "notes")
    page = window.pages["notes"]
    focus(qtbot, page.rows[0].card)
    qtbot.keyClick(page.rows[0].card, Qt.Key.Key_Delete)
    assert stored_note(data_dir, CELLS) is None
    assert page.rows == []
    assert page.undo_bar.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    with PersonalData(data_dir) as other:
        note = other.get_note(CELLS)
    assert (note.text, note.updated) == ("Precious words", "2026-03-03T03:03:03Z")
    assert len(page.rows) == 1


_CRASH_SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {repo!r})
from pathlib import Path
from PySide6.QtTest import QTest
from reader.ui.qt import QApplication
app = QApplication(sys.argv[:1])
from reader.ui.context import Location
from reader.ui.main_window import MainWindow
window = MainWindow(Path({data_dir!r}), first_start_import=False)
window.show()
assert window.navigate(Location("article", {article_id!r}))
edit = window.article_page.note.edit
edit.setFocus()
QTest.keyClicks(edit, {text!r})
assert edit.toPlainText() == {text!r}
print("typed", flush=True)
app.exec()
"""


@pytest.mark.slow
def test_a_killed_app_loses_at_most_the_last_second_of_typing(data_dir, tmp_path):
    """Power cut or crash: SIGKILL about 1.5 s after typing stops; the note is there."""
    text = "Written just before the power cut"
    script = tmp_path / "type_then_idle.py"
    script.write_text(
        textwrap.dedent(_CRASH_SCRIPT).format(
            repo=str(REPO), data_dir=str(data_dir), article_id=CELLS, text=text
        )
    )
    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    process = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=str(tmp_path),
    )
    try:
        line = process.stdout.readline()
        if line.strip() != "typed":
            process.kill()
            _out, err = process.communicate(timeout=30)
            pytest.fail(f"the helper app did not start: {line!r}\n{err}")
        time.sleep(1.5)
        assert process.poll() is None, "the app must still be running when it is killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert stored_note(data_dir, CELLS) == text
