"""An update check that reads no bundle writes the sound stamp after its own clean scan.

Before, a web source's "up to date" (its manifest's 304, or the same
manifest), a `.zip` address's HEAD and a look at a source's manifest alone
scanned every article cell whenever the stamp did not match (the library
touched by anything but a sync: a copy, a hand edit, a restore), and never
wrote one: on 10,000 articles 0.25-0.6 s at every check, for ever. Now such
a check vouches for its clean scan as a sync does (sound_stamp.vouch_scanned),
so the next check reads the stamp instead; but not for a library of an
older schema it read without migrating or scanning, not for a file changed
since its scan, and never at the cost of the check in a folder it cannot
write. Real HTTP on 127.0.0.1, real library files.
"""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
import subprocess
from pathlib import Path

import pytest

from reader.core.library import cell_scan, sound_stamp, up_to_date
from reader.core.library.update_check import newer_version_at
from reader.core.library.web_update import check_for_update, update_from_web
from tests.bundles import INSTALLED_ARTICLES, write_zip
from tests.core.library.conftest import QUICK, spec_of
from tests.core.library.old_schema import back_to_schema_3
from tests.core.library.test_web_update import _installed

STAMP = "sound-stamp.json"
pytestmark = pytest.mark.usefixtures("stamps_for_any_size")


@pytest.fixture
def scans(monkeypatch) -> list:
    """One entry per full scan of the article cells."""
    asked: list = []

    def counted(conn, rows=None, **options):
        asked.append(rows)
        return cell_scan.damaged_cell(conn, rows, **options)

    monkeypatch.setattr(up_to_date, "damaged_cell", counted)
    return asked


def touched(data_dir: Path) -> None:
    """The library changed by something other than a sync, and still sound: the stamp
    no longer matches, as after a copy, a restore or a tool's harmless write."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute("UPDATE articles SET journal = 'Touched' WHERE id = 'a-0'")
    conn.close()
    assert not sound_stamp.matches(data_dir / "library.sqlite3")


def test_a_folder_source_up_to_date_scans_once_then_trusts_its_stamp(
    data_dir, served, key, trust, scans
):
    # failed before: every check scanned ([None, None, None]) and no stamp was written.
    _installed(data_dir, served, key, trust)
    touched(data_dir)
    for _ in range(3):
        assert update_from_web(data_dir, served.url, trust, network=QUICK).result == "up-to-date"
    assert scans == [None]
    assert sound_stamp.matches(data_dir / "library.sqlite3")


def test_a_zip_address_head_scans_once_then_trusts_its_stamp(data_dir, served, key, trust, scans):
    spec = spec_of(1)
    spec.signature = key.sign(spec.raw_manifest())
    write_zip(served.root / "library.zip", spec)
    url = served.url + "library.zip"
    assert update_from_web(data_dir, url, trust, network=QUICK).added == 5
    touched(data_dir)
    scans.clear()
    for _ in range(3):
        assert check_for_update(data_dir, url, trust, network=QUICK).up_to_date
    assert scans == [None]


def test_a_look_at_a_manifest_alone_vouches_for_its_clean_scan(
    installed, data_dir, make_bundle, scans
):
    bundle = make_bundle(INSTALLED_ARTICLES, version=1, kind="dir")
    for _ in range(3):
        assert newer_version_at(data_dir, bundle) is None
    assert scans == [None]
    assert (data_dir / STAMP).is_file()


def test_a_library_of_an_older_schema_read_as_it_is_is_not_vouched_for(
    installed, data_dir, make_bundle, scans
):
    """Read-only, a schema-3 file is neither migrated nor scanned: a stamp would vouch
    for a scan that never ran, and the sync after its migration would skip it."""
    back_to_schema_3(data_dir / "library.sqlite3")
    assert newer_version_at(data_dir, make_bundle(INSTALLED_ARTICLES, version=1)) is None
    assert scans == []
    assert not (data_dir / STAMP).exists()


def test_a_file_changed_between_its_scan_and_the_stamp_is_not_vouched_for(
    installed, data_dir, make_bundle, monkeypatch
):
    scanned = cell_scan.damaged_cell

    def and_changed_meanwhile(conn, rows=None, **options):
        found = scanned(conn, rows, **options)
        other = sqlite3.connect(data_dir / "library.sqlite3")  # a writer the scan did not see
        with other:
            other.execute("UPDATE articles SET journal = CAST(x'ff' AS TEXT) WHERE rowid = 1")
        other.close()
        return found

    monkeypatch.setattr(up_to_date, "damaged_cell", and_changed_meanwhile)
    assert newer_version_at(data_dir, make_bundle(INSTALLED_ARTICLES, version=1)) is None
    assert not (data_dir / STAMP).exists()


def test_a_stamp_that_cannot_be_written_leaves_the_check_as_it_was(
    installed, data_dir, make_bundle, monkeypatch, scans, caplog
):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sound_stamp.tempfile, "mkstemp", full)
    bundle = make_bundle(INSTALLED_ARTICLES, version=1)
    with caplog.at_level(logging.WARNING):
        assert newer_version_at(data_dir, bundle) is None
        assert newer_version_at(data_dir, bundle) is None
    assert scans == [None, None] and not (data_dir / STAMP).exists()
    assert "could not record" in caplog.text  # a full disk is IT's to know


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def read_only_dir(installed, data_dir: Path, tmp_path: Path):
    """The installed data folder seen through a read-only bind mount (tests run as root,
    which ignores permissions); skipped where mounting is not allowed."""
    point = tmp_path / "read-only"
    point.mkdir()
    try:
        _mount("--bind", str(data_dir), str(point))
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot bind-mount here: {getattr(exc, 'stderr', exc)}")
    try:
        _mount("-o", "remount,bind,ro", str(point))
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False, capture_output=True)


def test_a_read_only_folder_is_checked_without_a_stamp_or_a_warning(
    read_only_dir, make_bundle, scans, caplog
):
    bundle = make_bundle(INSTALLED_ARTICLES, version=1)
    with caplog.at_level(logging.WARNING):
        assert newer_version_at(read_only_dir, bundle) is None
    assert scans == [None]
    assert not (read_only_dir / STAMP).exists()
    assert "could not record" not in caplog.text


def test_the_stamp_a_check_writes_is_the_one_a_sync_writes(installed, data_dir, make_bundle):
    assert newer_version_at(data_dir, make_bundle(INSTALLED_ARTICLES, version=1)) is None
    doc = json.loads((data_dir / STAMP).read_text(encoding="ascii"))
    main, wal = sound_stamp.state(data_dir / "library.sqlite3")
    assert (doc["library"], doc["wal"]) == (list(main), wal)
