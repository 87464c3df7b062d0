"""Notes the personal data file refused, set aside in a new file that Import reads."""

from __future__ import annotations

import json
import os

from reader.core.personal.set_aside import PREFIX, set_aside
from reader.core.personal.store import Note, PersonalData

NOTES = [
    Note("a", "Article A", "Line one\r\nline two ✓ \x00 end", "2026-12-01T10:00:00Z"),
    Note("gone", "Withdrawn", "x" * 300_000, "2026-12-01T10:00:01Z"),
]


def test_set_aside_notes_import_back_byte_for_byte(tmp_path):
    path = set_aside(NOTES, [tmp_path])
    assert path is not None and path.parent == tmp_path and path.name.startswith(PREFIX)
    with PersonalData(tmp_path / "data") as store:
        counts = store.import_file(path)
        assert counts.notes == 2
        assert {n.article_id: n.text for n in store.list_notes()} == {
            n.article_id: n.text for n in NOTES
        }


def test_the_next_folder_is_used_when_one_cannot_be_written(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    path = set_aside(NOTES, [not_a_folder, tmp_path / "missing", tmp_path])
    assert path is not None and path.parent == tmp_path
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "sci-reader-userdata"


def test_never_over_an_existing_file_and_none_when_nowhere(tmp_path, monkeypatch):
    monkeypatch.setattr("reader.core.personal.set_aside.utc_now", lambda: "2026-12-01T10:00:00Z")
    taken = tmp_path / f"{PREFIX}20261201T100000Z-{os.getpid()}.json"
    taken.write_text("someone else's")
    assert set_aside(NOTES, [tmp_path]) is None
    assert taken.read_text() == "someone else's"
    assert set_aside([], [tmp_path]) is None
