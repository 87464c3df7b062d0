"""Backing up from a read-only or full disk: reading commands and export still work.

Tests run as root, which ignores file permissions, so the read-only folder
is a real read-only bind mount and the full disk a real, filled tmpfs. Both
need the right to mount; without it the tests skip and say why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.personal.store import PersonalData
from tests.bundles import INSTALLED_ARTICLES, bundle_spec

READING = [
    ("status", "--json"),
    ("list", "--json"),
    ("categories", "--json"),
    ("search", "pelican", "--json"),
    ("show", "alpha-study", "--json"),
]


@pytest.fixture
def filled(installed, data_dir: Path) -> Path:
    with PersonalData(data_dir) as store:
        store.add_bookmark("alpha-study", "Alpha", "2026-01-01T00:00:00Z")
        store.set_note("alpha-study", "Alpha", "Ask Dr Lee", "2026-01-02T00:00:00Z")
    return data_dir


@pytest.fixture
def read_only_dir(filled: Path, read_only_view) -> Path:
    return read_only_view(filled)


@pytest.fixture
def full_disk_dir(filled: Path, full_disk) -> Path:
    return full_disk(filled)


def _reading_commands_work(run_cli, data_dir: Path) -> None:
    for command in READING:
        result = run_cli("--data-dir", data_dir, *command)
        assert result.code == 0, (command, result)
        assert "Traceback" not in result.err
    status = run_cli("--data-dir", data_dir, "status", "--json").json()
    assert (status["library_version"], status["articles"]) == (1, 2)
    hits = run_cli("--data-dir", data_dir, "search", "pelican", "--json").json()
    assert [h["id"] for h in hits] == ["alpha-study"]


def _export_works(run_cli, data_dir: Path, out: Path) -> None:
    result = run_cli("--data-dir", data_dir, "userdata", "export", out)
    assert result.code == 0, result
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [n["text"] for n in exported["notes"]] == ["Ask Dr Lee"]
    assert [b["article_id"] for b in exported["bookmarks"]] == ["alpha-study"]


def test_reading_commands_and_export_work_on_a_read_only_folder(read_only_dir, run_cli, tmp_path):
    before = sorted(p.name for p in read_only_dir.iterdir())
    _reading_commands_work(run_cli, read_only_dir)
    _export_works(run_cli, read_only_dir, tmp_path / "backup.json")
    assert sorted(p.name for p in read_only_dir.iterdir()) == before


def test_reading_commands_and_export_work_on_a_full_disk(full_disk_dir, run_cli, tmp_path):
    _reading_commands_work(run_cli, full_disk_dir)
    _export_works(run_cli, full_disk_dir, tmp_path / "backup.json")  # to another disk


def test_the_second_search_connection_is_read_only_too(read_only_dir):
    """A big library's search runs half its query on a helper connection: it must open too."""
    from reader.core.library.store import open_library

    with open_library(read_only_dir, create=False, read_only=True) as library:
        future = library.helper().submit("SELECT count(*) FROM articles", ())
        assert future.result()[0][0] == 2


def test_import_into_a_read_only_folder_says_so(read_only_dir, run_cli, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps({"format": "sci-reader-userdata", "format_version": 1, "bookmarks": [
            {"article_id": "x", "title": "X", "created": "2026-01-01T00:00:00Z"}]}),
        encoding="utf-8",
    )  # fmt: skip
    result = run_cli("--data-dir", read_only_dir, "userdata", "import", source)
    assert result.code == 5, result
    # failed before: "cannot be opened (unable to open database file)"; the folder's own
    # name ("read-only") had made the check pass
    assert "file cannot be written (its folder is read-only)" in result.err
    assert "Traceback" not in result.err


def test_sync_into_a_read_only_folder_says_so_and_changes_nothing(read_only_dir, run_cli, tmp_path):
    before = {p.name: p.read_bytes() for p in read_only_dir.iterdir()}
    source = bundle_spec(INSTALLED_ARTICLES, version=2).write(tmp_path / "v2", "dir")

    result = run_cli("--data-dir", read_only_dir, "sync", source)

    assert result.code == 5, result
    assert "library.sqlite3: the library file cannot be written (its folder is read-only)" in (
        result.err
    )  # failed before: "the library file cannot be opened (unable to open database file)"
    assert {p.name: p.read_bytes() for p in read_only_dir.iterdir()} == before


def test_a_read_only_folder_gets_no_sound_stamp_and_no_error(
    read_only_dir, run_cli, tmp_path, monkeypatch
):
    """The stamp (sound_stamp.py) cannot be written there: nothing is, nothing fails.
    A re-sync there of the bundle the library holds is "already up to date" (a read
    tells it); the stamp adds nothing to the folder."""
    from reader.core.library import sound_stamp

    monkeypatch.setattr(sound_stamp, "STAMP_FROM_BYTES", 0)  # a stamp is tried
    before = {p.name: p.read_bytes() for p in read_only_dir.iterdir()}
    sound_stamp.record(read_only_dir / "library.sqlite3")
    assert not sound_stamp.matches(read_only_dir / "library.sqlite3")
    for kind in ("zip", "dir"):
        source = bundle_spec(INSTALLED_ARTICLES, version=1).write(tmp_path / f"v1.{kind}", kind)
        result = run_cli("--data-dir", read_only_dir, "sync", source, "--json")
        assert result.code == 0 and result.json()["result"] == "up-to-date", result
    assert {p.name: p.read_bytes() for p in read_only_dir.iterdir()} == before
