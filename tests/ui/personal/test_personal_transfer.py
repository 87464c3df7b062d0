"""Withdrawn articles, and export / import of the personal data file from the menu."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.core.library.sync import sync
from reader.core.personal.store import PersonalData
from reader.ui.qt import QFileDialog, QMessageBox, Qt
from reader.ui.saved_pages import NOT_IN_LIBRARY
from tests.ui.helpers import (
    ARTICLES,
    CELLS,
    EPIDURAL,
    HANDWRITING,
    WITHDRAWN,
    card_texts,
    focus,
    go,
    menu_texts,
    open_article,
)


def _without_exported(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported"}


def _snapshot(window) -> dict:
    return _without_exported(window.personal.export_document())


def _personal_data(window, qtbot) -> None:
    """Two bookmarks, a note and an answer, made through the window."""
    open_article(window, CELLS)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(window.article_page.feedback.yes, Qt.MouseButton.LeftButton)
    window.article_page.note.edit.setFocus()
    qtbot.keyClicks(window.article_page.note.edit, "Ask about cells")
    open_article(window, EPIDURAL)  # saves the note
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    go(window, "home")


def _close_message(window) -> QMessageBox:
    box = window.message_box
    assert box is not None
    assert box.isVisible()
    box.close()
    return box


# Withdrawn articles


@pytest.fixture
def withdrawn_window(window, qtbot, shipped_bundles):
    """A bookmark and a note about WITHDRAWN, then version 2 (which withdraws it)."""
    open_article(window, WITHDRAWN)
    qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)
    window.article_page.note.edit.setFocus()
    qtbot.keyClicks(window.article_page.note.edit, "Numbers for the grant letter")
    open_article(window, CELLS)
    qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)
    go(window, "home")

    result = sync(window.data_dir, shipped_bundles.v2)
    assert (result.result, result.withdrawn) == ("updated", 1)
    window.refresh_all()
    return window


def test_withdrawn_bookmark_stays_with_its_title_and_a_mark(withdrawn_window):
    window = withdrawn_window
    assert window.library.get_article(WITHDRAWN) is None
    go(window, "bookmarks")
    rows = {row.entry.article_id: row for row in window.bookmarks_page.rows}
    assert set(rows) == {WITHDRAWN, CELLS}
    gone = card_texts(rows[WITHDRAWN].card)
    assert gone[0] == ARTICLES[WITHDRAWN]
    assert gone[-1] == NOT_IN_LIBRARY
    assert NOT_IN_LIBRARY in rows[WITHDRAWN].card.accessibleName()
    assert NOT_IN_LIBRARY not in card_texts(rows[CELLS].card)


def test_withdrawn_note_stays_with_its_title_and_a_mark(withdrawn_window):
    window = withdrawn_window
    go(window, "notes")
    (row,) = window.pages["notes"].rows
    lines = card_texts(row.card)
    assert lines[0] == ARTICLES[WITHDRAWN]
    assert "Numbers for the grant letter" in lines
    assert lines[-1] == NOT_IN_LIBRARY


def test_withdrawn_entry_opens_what_was_saved_not_the_summary(withdrawn_window, qtbot):
    window = withdrawn_window
    go(window, "bookmarks")
    row = next(r for r in window.bookmarks_page.rows if r.entry.article_id == WITHDRAWN)
    qtbot.mouseClick(row.card, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.pages["withdrawn"]
    assert window.current_page().note.edit.toPlainText() == "Numbers for the grant letter"
    go(window, "bookmarks")
    row = next(r for r in window.bookmarks_page.rows if r.entry.article_id == WITHDRAWN)
    focus(qtbot, row.card)
    qtbot.keyClick(row.card, Qt.Key.Key_Return)
    assert window.current_page() is window.pages["withdrawn"]
    assert window.current_page().heading.text() == ARTICLES[WITHDRAWN]


def test_withdrawn_bookmark_and_note_can_be_removed(withdrawn_window, qtbot):
    window = withdrawn_window
    go(window, "bookmarks")
    row = next(r for r in window.bookmarks_page.rows if r.entry.article_id == WITHDRAWN)
    qtbot.mouseClick(row.remove, Qt.MouseButton.LeftButton)
    assert [b.article_id for b in window.personal.list_bookmarks()] == [CELLS]
    assert [r.entry.article_id for r in window.bookmarks_page.rows] == [CELLS]

    go(window, "notes")
    qtbot.mouseClick(window.pages["notes"].rows[0].remove, Qt.MouseButton.LeftButton)
    assert window.personal.list_notes() == []
    assert window.pages["notes"].rows == []


def test_refresh_while_reading_the_withdrawn_article(window, qtbot, shipped_bundles):
    open_article(window, WITHDRAWN)
    window.article_page.note.edit.setFocus()
    qtbot.keyClicks(window.article_page.note.edit, "Typed while it was withdrawn")
    sync(window.data_dir, shipped_bundles.v2)

    window.refresh_all()

    assert window.current_page() is window.pages["home"]
    note = window.personal.get_note(WITHDRAWN)
    assert note is not None
    assert (note.title, note.text) == (ARTICLES[WITHDRAWN], "Typed while it was withdrawn")


# Export and import


def test_export_then_import_into_a_fresh_window_then_export_gives_the_same(
    window, qtbot, make_window, make_shipped_data_dir, tmp_path
):
    _personal_data(window, qtbot)
    first = tmp_path / "first.json"
    message = window.transfer.export_to(first)
    _close_message(window)
    assert "2 bookmarks" in message
    assert str(first) in message
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert exported["format"] == "sci-reader-userdata"
    assert exported["format_version"] == 1
    assert [b["article_id"] for b in exported["bookmarks"]] == [EPIDURAL, CELLS]
    assert exported["notes"][0]["text"] == "Ask about cells"
    assert exported["feedback"][0]["helpful"] is True

    fresh = make_window(make_shipped_data_dir("fresh"))
    said = fresh.transfer.import_from(first)
    assert fresh.message_box.icon() == QMessageBox.Icon.Information
    _close_message(fresh)
    assert said == "2 bookmarks, 1 note and 1 feedback answer added."
    second = tmp_path / "second.json"
    fresh.transfer.export_to(second)
    _close_message(fresh)

    again = json.loads(second.read_text(encoding="utf-8"))
    assert _without_exported(again) == _without_exported(exported)


def test_import_shows_the_entries_at_once(
    window, qtbot, make_window, make_shipped_data_dir, tmp_path
):
    _personal_data(window, qtbot)
    path = tmp_path / "mine.json"
    window.transfer.export_to(path)
    _close_message(window)
    fresh = make_window(make_shipped_data_dir("fresh"))
    go(fresh, "bookmarks")

    fresh.transfer.import_from(path)

    assert [r.entry.article_id for r in fresh.bookmarks_page.rows] == [EPIDURAL, CELLS]
    open_article(fresh, CELLS)
    assert fresh.article_page.note.edit.toPlainText() == "Ask about cells"
    assert fresh.article_page.feedback.yes.isChecked()
    assert fresh.article_page.bookmark.accessibleName() == "Bookmarked"


def _write(path: Path, document) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_import_merge_message_counts_what_was_added(window, tmp_path):
    ud = window.personal
    ud.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    ud.set_note(CELLS, ARTICLES[CELLS], "Mine, newer", "2026-06-01T00:00:00Z")
    ud.set_note(EPIDURAL, ARTICLES[EPIDURAL], "Mine, older", "2026-01-01T00:00:00Z")

    def bookmark(article_id, title, created):
        return {"article_id": article_id, "title": title, "created": created}

    def note(article_id, text, updated):
        return {"article_id": article_id, "title": ARTICLES[article_id], "text": text,
                "updated": updated}  # fmt: skip

    document = {
        "format": "sci-reader-userdata",
        "format_version": 1,
        "exported": "2026-07-01T00:00:00Z",
        "bookmarks": [
            bookmark(CELLS, "Other", "2026-05-01T00:00:00Z"),
            bookmark(EPIDURAL, ARTICLES[EPIDURAL], "2026-05-01T00:00:00Z"),
            bookmark(HANDWRITING, ARTICLES[HANDWRITING], "2026-05-02T00:00:00Z"),
            bookmark("gone-1999", "A withdrawn one", "2026-05-03T00:00:00Z"),
        ],
        "feedback": [],
        "notes": [
            note(CELLS, "Theirs, older", "2026-03-01T00:00:00Z"),
            note(EPIDURAL, "Theirs, newer", "2026-03-01T00:00:00Z"),
        ],
    }

    said = window.transfer.import_from(_write(tmp_path / "merge.json", document))

    assert said == "3 bookmarks, 1 note and 0 feedback answers added."
    assert re.match(r"\d+ bookmarks?, \d+ notes? .*added", said)
    assert window.personal.get_bookmark(CELLS).created == "2026-01-01T00:00:00Z"  # kept once
    assert window.personal.get_note(CELLS).text == "Mine, newer"
    assert window.personal.get_note(EPIDURAL).text == "Theirs, newer"
    _close_message(window)

    again = window.transfer.import_from(tmp_path / "merge.json")
    assert again == "0 bookmarks, 0 notes and 0 feedback answers added."


VALID = {
    "format": "sci-reader-userdata",
    "format_version": 1,
    "exported": "2026-07-01T00:00:00Z",
    "bookmarks": [{"article_id": HANDWRITING, "title": "T", "created": "2026-05-02T00:00:00Z"}],
    "feedback": [{"article_id": HANDWRITING, "helpful": False, "updated": "2026-05-02T00:00:00Z"}],
    "notes": [
        {"article_id": HANDWRITING, "title": "T", "text": "x", "updated": "2026-05-02T00:00:00Z"}
    ],
}


def _edited(**changes) -> dict:
    document = json.loads(json.dumps(VALID))
    document.update(changes)
    return document


INVALID = {
    "wrong format": _edited(format="sci-reader-bookmarks"),
    "no format": {k: v for k, v in VALID.items() if k != "format"},
    "higher format_version": _edited(format_version=2),
    "format_version as text": _edited(format_version="1"),
    "a list, not an object": [VALID],
    "bookmarks not a list": _edited(bookmarks={"article_id": CELLS}),
    "bookmark title a number": _edited(
        bookmarks=[{"article_id": CELLS, "title": 7, "created": "2026-05-02T00:00:00Z"}]
    ),
    "helpful as text": _edited(
        feedback=[{"article_id": CELLS, "helpful": "yes", "updated": "2026-05-02T00:00:00Z"}]
    ),
    "note without a date": _edited(notes=[{"article_id": CELLS, "title": "T", "text": "x"}]),
    "empty article id": _edited(
        notes=[{"article_id": "", "title": "T", "text": "x", "updated": "2026-05-02T00:00:00Z"}]
    ),
    "last entry broken": _edited(
        bookmarks=[
            *VALID["bookmarks"],
            {"article_id": CELLS, "title": "T", "created": "yesterday"},
        ]
    ),
}


@pytest.mark.parametrize("case", [*INVALID, "malformed JSON", "not UTF-8", "missing file"])
def test_an_invalid_file_is_refused_in_plain_words_and_nothing_changes(window, tmp_path, case):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Keep me", "2026-01-01T00:00:00Z")
    before = _snapshot(window)
    path = tmp_path / "import.json"
    if case == "malformed JSON":
        path.write_text('{"format": "sci-reader-userdata", "format_version": 1,', encoding="utf-8")
    elif case == "not UTF-8":
        path.write_bytes(b'{"format": "\xff\xfe"}')
    elif case != "missing file":
        _write(path, INVALID[case])

    said = window.transfer.import_from(path)

    assert "Nothing was changed" in said
    box = window.message_box
    assert box.icon() == QMessageBox.Icon.Warning
    assert "Nothing was changed" in box.text()
    assert box.windowTitle() == "This file cannot be imported"
    assert "Traceback" not in said
    assert _snapshot(window) == before
    _close_message(window)


def test_a_newer_format_version_says_to_update_the_app(window, tmp_path):
    said = window.transfer.import_from(_write(tmp_path / "v2.json", _edited(format_version=2)))
    assert "newer" in said
    assert "update" in said.lower()


def test_menu_has_export_and_import(window):
    texts = menu_texts(window.menu)
    assert "Export bookmarks and notes…" in texts
    assert "Import bookmarks and notes…" in texts


def test_menu_export_and_import_use_file_dialogs(window, qtbot, tmp_path, monkeypatch):
    # QFileDialog's static functions block in their own event loop; stand in for the person.
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS], "2026-01-01T00:00:00Z")
    target = tmp_path / "picked.json"
    asked = []

    def save_name(parent, caption, directory, filters):
        asked.append((caption, Path(directory).name, filters))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    window.commands.export.trigger()
    assert asked == [
        ("Export bookmarks and notes", "sci-reader-personal-data.json", "Personal data (*.json)")
    ]
    assert json.loads(target.read_text(encoding="utf-8"))["bookmarks"][0]["article_id"] == CELLS
    assert window.message_box.text() == (
        f"Saved 1 bookmark, 0 feedback answers and 0 notes to {target}."
    )
    _close_message(window)

    window.personal.remove_bookmark(CELLS)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(target), "Personal data"))
    )
    window.commands.import_.trigger()
    assert window.personal.is_bookmarked(CELLS)
    assert window.message_box.text().startswith("1 bookmark, 0 notes and 0 feedback answers")
    _close_message(window)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: ("", "")))
    window.commands.import_.trigger()  # cancelled: nothing happens, nothing is said
    assert window.message_box is not None and not window.message_box.isVisible()


def test_export_to_an_unwritable_place_says_so(window, tmp_path):
    said = window.transfer.export_to(tmp_path / "no-such-folder" / "x.json")
    assert "Nothing was written" in said
    assert window.message_box.icon() == QMessageBox.Icon.Warning


def test_import_does_not_touch_the_library(window, tmp_path):
    before = (window.library.count_articles(), window.library.status().library_version)
    window.transfer.import_from(_write(tmp_path / "ok.json", VALID))
    assert (window.library.count_articles(), window.library.status().library_version) == before
    with PersonalData(window.data_dir) as other:
        assert other.get_note(HANDWRITING).text == "x"
