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
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest

from reader.core.personal.set_aside import PREFIX
from reader.core.personal.store import PersonalData
from reader.ui.personal import NOTE_SAVE_DELAY_MS
from reader.ui.qt import QApplication, Qt
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


def test_a_refused_bookmark_or_answer_is_said_and_not_shown_as_saved(
    window, qtbot, data_dir, locked
):
    open_article(window, CELLS)
    page = window.article_page

    qtbot.mouseClick(page.bookmark, Qt.MouseButton.LeftButton)  # failed before: an exception

    assert not page.bookmark.isChecked() and page.bookmark.text() == "☆ Bookmark"
    assert "This summary was not bookmarked: " in page.bookmark.problem_box.text()
    assert "in use by another program" in page.bookmark.problem_box.text()
    page.bookmark.problem_box.close()

    qtbot.mouseClick(page.feedback.yes, Qt.MouseButton.LeftButton)
    assert not page.feedback.yes.isChecked()
    assert page.feedback.thanks.text().startswith("Your answer was not saved: ")

    locked()
    qtbot.mouseClick(page.bookmark, Qt.MouseButton.LeftButton)
    with PersonalData(data_dir) as other:
        assert other.is_bookmarked(CELLS)


def test_a_refused_remove_or_undo_is_said_and_undo_stays(window, qtbot, data_dir):
    window.personal.set_note(CELLS, "Cells", "Precious words", "2026-03-03T03:03:03Z")
    go(window, "notes")
    page = window.pages["notes"]
    window.personal.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(data_dir / "userdata.sqlite3", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)  # failed before
        assert "The note was not removed: " in page.problem_box.text()
        assert len(page.rows) == 1 and not page.undo_bar.isVisibleTo(page)
        page.problem_box.close()
        other.execute("ROLLBACK")

        qtbot.mouseClick(page.rows[0].remove, Qt.MouseButton.LeftButton)
        assert stored_note(data_dir, CELLS) is None
        other.execute("BEGIN IMMEDIATE")
        qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)  # failed before
        assert "The note was not put back: " in page.problem_box.text()
        assert page.undo_bar.isVisibleTo(page)
        page.problem_box.close()
        other.execute("ROLLBACK")

        qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
        assert stored_note(data_dir, CELLS) == "Precious words"
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()


@pytest.fixture
def small_disk(data_dir, tmp_path):
    """A copy of the data folder on a real 8 MiB tmpfs, to be filled by the test."""
    point = tmp_path / "small-disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        yield shutil.copytree(data_dir, point / "data")
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False, capture_output=True)


def test_on_a_full_disk_the_note_is_said_kept_and_set_aside_elsewhere(
    make_window, small_disk, qtbot, tmp_path, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    window = make_window(small_disk)
    open_article(window, CELLS)
    with pytest.raises(OSError), open(small_disk.parent / "filler", "wb") as filler:
        while True:  # until ENOSPC
            filler.write(b"\0" * 65536)
            filler.flush()

    type_note(qtbot, window, "Typed on a full disk")
    qtbot.wait(NOTE_SAVE_DELAY_MS + 300)
    assert "the disk is full" in window.article_page.note.state.text()
    window.close()

    (kept,) = home.glob(f"{PREFIX}*.json")  # the data folder's disk had no room for it
    assert [n["text"] for n in json.loads(kept.read_text("utf-8"))["notes"]] == [
        "Typed on a full disk"
    ]


def test_a_refused_problem_report_is_said_and_stays_in_its_box(window, qtbot, data_dir, locked):
    open_article(window, CELLS)
    page = window.article_page
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    dialog.edit.setPlainText("The 12 adults were all men")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # failed before: exception

    assert dialog.isVisible()
    assert dialog.state.text().startswith("Not saved: ")
    assert "in use by another program" in dialog.state.text()
    assert dialog.edit.toPlainText() == "The 12 adults were all men"
    locked()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "The 12 adults were all men" in stored_note(data_dir, CELLS)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX")
def test_a_quit_signal_keeps_a_problem_report_being_typed(window, qtbot, data_dir):
    """A logout's SIGTERM closes open dialogs before the window (quit_signals.py): a report
    typed in Report a problem was thrown away with its dialog. Now it goes into the note,
    as Save would have put it."""
    from reader.ui.quit_signals import QuitOnSignal

    open_article(window, CELLS)
    page = window.article_page
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    dialog = page.report_dialog
    qtbot.keyClicks(dialog.edit, "The 12 adults were all men")
    quitting = QuitOnSignal(window, window.close)
    quitting.install()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        quitting.uninstall()
    assert not dialog.isVisible() and dialog.question is None  # nobody asked
    assert "The 12 adults were all men" in stored_note(data_dir, CELLS)
