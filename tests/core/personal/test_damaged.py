"""A damaged personal data file is kept, byte for byte, under a name of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.paths import USERDATA_FILE
from reader.core.personal.damaged import is_damaged_personal_file, set_damaged_file_aside
from reader.core.personal.store import PersonalData
from tests.damaged_files import damaged_personal_file


def test_a_damaged_file_is_said_to_be_damaged_with_its_path(tmp_path):
    damaged_personal_file(tmp_path)
    with pytest.raises(LibraryUnusable) as raised:
        PersonalData(tmp_path)
    assert raised.value.damaged and raised.value.path == tmp_path / USERDATA_FILE
    assert is_damaged_personal_file(raised.value, tmp_path)
    assert not is_damaged_personal_file(raised.value, tmp_path / "elsewhere")
    assert not is_damaged_personal_file(LibraryUnusable("locked"), tmp_path)


def test_the_damaged_file_is_kept_with_its_journals_and_a_new_one_starts(tmp_path):
    damaged = damaged_personal_file(tmp_path)
    wal = tmp_path / f"{USERDATA_FILE}-wal"
    wal.write_bytes(b"the damaged file's log")
    aside = set_damaged_file_aside(tmp_path)
    assert aside.parent == tmp_path
    assert aside.name.startswith(f"{USERDATA_FILE}.damaged-")
    assert aside.read_bytes() == damaged
    assert Path(f"{aside}-wal").read_bytes() == b"the damaged file's log"
    assert not (tmp_path / USERDATA_FILE).exists() and not wal.exists()
    with PersonalData(tmp_path) as personal:  # a new, empty file
        assert personal.list_notes() == []


def test_a_second_damaged_file_never_replaces_the_first(tmp_path):
    first = damaged_personal_file(tmp_path)
    kept = set_damaged_file_aside(tmp_path)
    second = damaged_personal_file(tmp_path)
    again = set_damaged_file_aside(tmp_path)
    assert kept != again
    assert kept.read_bytes() == first and again.read_bytes() == second
