"""A note the personal data file refuses, and a note typed just before the app ends.

The file is refused for real: another SQLite connection holds the write lock
(as a second program would), or the data folder is a full tmpfs. The box
says why, the text stays, comes back with the article, is saved once the
file takes it, and goes into a file Import reads if the app ends first. A
logout (Qt 6 closes no window for it) or a quit saves what was typed a
moment ago, and so do Export and Import from the window.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from reader.core.personal.set_aside import PREFIX
from reader.core.personal.store import PersonalData
from reader.ui.personal import NOTE_SAVE_DELAY_MS
from reader.ui.qt import QApplication
from tests.ui.helpers import CELLS, EPIDURAL, focus, go, open_article, stored_note


def type_note(qtbot, window, text: str) -> None:
    edit = window.article_page.note.edit
    focus(qtbot, edit)
    qtbot.keyClicks(edit, text)


@pytest.fixture
def locked(window, data_dir):
    """The personal data file's write lock held by another connection, until released."""
    window.personal.conn.execute("PRAGMA busy_timeout = 50")  # the test need not wait 10 s
    other = sqlite3.connect(data_dir / "userdata.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    def release() -> None:
        if other.in_transaction:
            other.execute("ROLLBACK")

    yield release
    release()
    other.close()


def test_a_refused_note_is_said_kept_offered_again_and_saved_later(window, qtbot, data_dir, locked):
    open_article(window, CELLS)
    type_note(qtbot, window, "Typed while another program held the file")
    qtbot.wait(NOTE_SAVE_DELAY_MS + 300)  # failed before: an exception in the timer's slot

    note = window.article_page.note
    assert note.state.text().startswith("Not saved yet: ")
    assert "in use by another program" in note.state.text()
    assert note.edit.accessibleDescription() == note.state.text()

    open_article(window, EPIDURAL)  # still refused
    open_article(window, CELLS)
    # failed before: the box came back empty and the text was gone
    assert note.edit.toPlainText() == "Typed while another program held the file"
    assert note.state.text().startswith("Not saved yet: ")

    locked()
    go(window, "home")
    assert stored_note(data_dir, CELLS) == "Typed while another program held the file"
    assert note.unsaved == {}


def test_a_note_still_refused_at_close_is_kept_in_a_file_import_reads(
    window, qtbot, data_dir, locked
):
    open_article(window, CELLS)
    type_note(qtbot, window, "Line one")
    window.article_page.note.edit.insertPlainText("\nLigne deux: é ✓")  # as pasted

    window.close()  # failed before: the text died with the window

    (kept,) = data_dir.glob(f"{PREFIX}*.json")
    assert stored_note(data_dir, CELLS) is None
    locked()
    with PersonalData(data_dir) as store:
        store.import_file(kept)
    assert stored_note(data_dir, CELLS) == "Line one\nLigne deux: é ✓"


def test_a_logout_saves_the_note_typed_a_moment_ago(window, qtbot, data_dir):
    open_article(window, CELLS)
    type_note(qtbot, window, "Typed just before logging out")

    # What the session manager sends; Qt 6 then closes no window by itself.
    QApplication.instance().commitDataRequest.emit(None)

    assert stored_note(data_dir, CELLS) == "Typed just before logging out"  # failed before


def test_quitting_the_application_saves_the_note_typed_a_moment_ago(window, qtbot, data_dir):
    open_article(window, CELLS)
    type_note(qtbot, window, "Typed just before the app quit")

    QApplication.instance().aboutToQuit.emit()  # quit() with the window still open

    assert stored_note(data_dir, CELLS) == "Typed just before the app quit"  # failed before


def test_export_from_the_window_has_the_note_typed_a_moment_ago(window, qtbot, tmp_path):
    open_article(window, CELLS)
    type_note(qtbot, window, "Typed just before exporting")

    window.transfer.export_to(tmp_path / "mine.json")

    notes = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))["notes"]
    assert [n["text"] for n in notes] == ["Typed just before exporting"]  # failed before: []
