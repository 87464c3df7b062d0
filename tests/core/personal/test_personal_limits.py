"""Personal data limits and lost files, at the store's level (issue 9, points 8 and 13)."""

from __future__ import annotations

import json
import os
import sqlite3
import tracemalloc

import pytest

from reader.core.errors import LibraryUnusable, PersonalDataInvalid
from reader.core.personal.store import PersonalData

MAX_NOTE_BYTES = 1024 * 1024  # the contract's limit for one note


def test_export_of_a_big_note_holds_about_one_copy_of_it(data_dir, tmp_path):
    """A note stored before the limit existed (16 MiB) still exports, without many copies."""
    size = 16 * 1024 * 1024
    with PersonalData(data_dir) as store:
        store.set_note("small", "Small", "hello", "2026-01-01T00:00:00Z")
    conn = sqlite3.connect(data_dir / "userdata.sqlite3")
    conn.execute(
        "INSERT INTO notes VALUES ('big', 'Big', ?, '2026-01-02T00:00:00Z')", ("x" * size,)
    )
    conn.commit()
    conn.close()
    out = tmp_path / "out.json"
    with PersonalData(data_dir) as store:
        tracemalloc.start()
        try:
            store.export_file(out)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    # The note read from SQLite is one copy; the old export made four or more.
    assert peak < 1.5 * size, f"peak {peak / size:.2f} times the note"
    notes = json.loads(out.read_text(encoding="utf-8"))["notes"]
    assert [(n["article_id"], len(n["text"])) for n in notes] == [("big", size), ("small", 5)]


def test_store_refuses_a_note_over_the_limit(data_dir):
    with PersonalData(data_dir) as store:
        store.set_note("a", "A", "x" * MAX_NOTE_BYTES)
        with pytest.raises(PersonalDataInvalid):
            store.set_note("a", "A", "x" * (MAX_NOTE_BYTES + 1))
        assert len(store.get_note("a").text) == MAX_NOTE_BYTES


def test_reading_stops_at_the_limit_whatever_the_file_claims(tmp_path, monkeypatch):
    """A file whose size says 0 (as /proc files do) is still read no further than limit + 1."""
    from reader.core.personal import portable

    path = tmp_path / "big.json"
    path.write_bytes(b" " * 10_000)
    real_fstat, real_read = os.fstat, os.read
    read = []

    class Zero:
        def __init__(self, info):
            self.st_mode, self.st_size = info.st_mode, 0

    monkeypatch.setattr(portable.os, "fstat", lambda fd: Zero(real_fstat(fd)))
    monkeypatch.setattr(
        portable.os, "read", lambda fd, n: read.append(real_read(fd, n)) or read[-1]
    )
    with pytest.raises(PersonalDataInvalid, match="larger than 1000 bytes"):
        portable.read_bounded(path, 1000, "personal data file")
    assert sum(map(len, read)) == 1001


def test_a_zero_byte_personal_data_file_is_reported_by_name(data_dir):
    data_dir.mkdir()
    (data_dir / "userdata.sqlite3").write_bytes(b"")
    for read_only in (False, True):
        with pytest.raises(LibraryUnusable) as error:
            PersonalData(data_dir, read_only=read_only)
        assert str(data_dir / "userdata.sqlite3") in str(error.value)
        assert error.value.exit_code == 5
    assert (data_dir / "userdata.sqlite3").stat().st_size == 0


def test_a_new_personal_data_file_appears_whole(data_dir):
    with PersonalData(data_dir) as store:
        assert store.list_bookmarks() == []
    assert (data_dir / "userdata.sqlite3").stat().st_size > 0
    assert sorted(p.name for p in data_dir.iterdir()) == ["userdata.sqlite3"]
    with PersonalData(data_dir) as again:  # and opens as a finished file
        again.add_bookmark("a", "A")
        assert again.is_bookmarked("a")


def test_read_only_store_with_no_file_is_empty_and_creates_nothing(data_dir, tmp_path):
    with PersonalData(data_dir, read_only=True) as store:
        assert store.list_bookmarks() == [] and store.list_notes() == []
        counts = store.export_file(tmp_path / "x.json")
    assert (counts.bookmarks, counts.feedback, counts.notes) == (0, 0, 0)
    assert not data_dir.exists()


def test_a_read_only_store_with_no_file_refuses_every_change_in_words(data_dir):
    """The window opens a read-only data folder so: a change must never look saved."""
    changes = [
        lambda store: store.add_bookmark("a", "A"),
        lambda store: store.set_feedback("a", True),
        lambda store: store.set_note("a", "A", "Ask Dr Lee"),
    ]
    with PersonalData(data_dir, read_only=True) as store:
        for change in changes:
            with pytest.raises(LibraryUnusable) as refused:  # failed before: "saved", nowhere
                change(store)
            assert "cannot be written (read-only)" in str(refused.value)
        assert store.list_bookmarks() == [] and store.get_note("a") is None
    assert not data_dir.exists()


def test_read_only_opening_of_a_folder_with_uri_characters_in_its_name(tmp_path):
    data_dir = tmp_path / "we?ir#d%20 x"  # read-only opening goes through a file: URI
    with PersonalData(data_dir) as store:
        store.add_bookmark("a", "A", "2026-01-01T00:00:00Z")
    with PersonalData(data_dir, read_only=True) as store:
        assert [b.article_id for b in store.list_bookmarks()] == ["a"]


@pytest.mark.parametrize("kind", ["folder", "named pipe"])
def test_a_folder_or_a_pipe_in_place_of_the_personal_data_file_is_named_and_kept(data_dir, kind):
    data_dir.mkdir()
    path = data_dir / "userdata.sqlite3"
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    for read_only in (False, True):
        with pytest.raises(LibraryUnusable) as error:
            PersonalData(data_dir, read_only=read_only)
        # failed before: a pipe was "empty (0 bytes)", a folder "cannot be opened"
        assert str(error.value) == (
            f"{path}: is a {kind if kind == 'folder' else 'named pipe or a device'}, not the "
            "personal data file; move it away, or restore the file from a backup"
        )
        assert error.value.exit_code == 5
    assert sorted(p.name for p in data_dir.iterdir()) == ["userdata.sqlite3"]
