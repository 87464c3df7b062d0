"""The note box's 1 MiB limit, and the window's Export never overwriting the databases."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.helpers import CELLS, EPIDURAL, open_article, stored_note

LIMIT = 1024 * 1024  # the contract's limit for one note, in UTF-8 bytes


def text_of(size: int) -> str:
    """`size` bytes of UTF-8 in short lines of 2-byte letters (the limit is in bytes)."""
    line = "é" * 79 + "\n"
    lines, rest = divmod(size, len(line.encode("utf-8")))
    return line * lines + "x" * rest


def test_a_note_over_the_limit_is_not_saved_and_the_box_says_so(window, qtbot):
    open_article(window, CELLS)
    note = window.article_page.note
    note.edit.setPlainText("Ask about the trial")
    note.flush()
    assert stored_note(window.data_dir, CELLS) == "Ask about the trial"

    note.edit.setPlainText(text_of(LIMIT + 1))
    note.flush()
    message = note.state.text()
    assert "too long to save" in message and "1 MiB" in message
    assert note.state.isVisible()
    assert note.edit.accessibleDescription() == message
    assert stored_note(window.data_dir, CELLS) == "Ask about the trial"

    note.edit.setPlainText(text_of(LIMIT))  # exactly at the limit: saved, and said
    note.flush()
    assert "reached its limit" in note.state.text()
    assert stored_note(window.data_dir, CELLS) == text_of(LIMIT)

    note.edit.setPlainText("Short again")
    note.flush()
    assert note.state.text() == "Saved"
    assert "limit" not in note.edit.accessibleDescription()

    open_article(window, EPIDURAL)
    assert "limit" not in window.article_page.note.edit.accessibleDescription()


def test_window_export_never_overwrites_the_personal_data_file(window, qtbot):
    open_article(window, CELLS)
    window.article_page.bookmark.toggle_bookmark()
    own = window.data_dir / "userdata.sqlite3"
    before = own.read_bytes()
    message = window.transfer.export_to(own)
    box = window.message_box
    assert isinstance(box, QMessageBox) and box.windowTitle() == "Export did not work"
    assert "data folder" in message and "Nothing was written" in message
    box.close()
    assert own.read_bytes() == before
    assert window.personal.is_bookmarked(CELLS)


def test_window_export_replaces_a_file_the_dialog_asked_about(window, qtbot, tmp_path):
    open_article(window, CELLS)
    window.article_page.bookmark.toggle_bookmark()
    target = tmp_path / "chosen.txt"
    target.write_text("old text", encoding="utf-8")  # the dialog asked: replace it
    message = window.transfer.export_to(target)
    window.message_box.close()
    assert message.startswith("Saved 1 bookmark")
    assert json.loads(target.read_text(encoding="utf-8"))["bookmarks"][0]["article_id"] == CELLS


def test_the_window_refuses_a_zero_byte_personal_data_file(data_dir, qtbot):
    from reader.core.errors import LibraryUnusable
    from reader.ui.main_window import MainWindow

    (data_dir / "userdata.sqlite3").write_bytes(b"")
    with pytest.raises(LibraryUnusable) as error:  # app.run shows it in a message box
        MainWindow(data_dir, first_start_import=False)
    assert str(data_dir / "userdata.sqlite3") in str(error.value)
    assert "empty" in str(error.value)
    assert (data_dir / "userdata.sqlite3").stat().st_size == 0
