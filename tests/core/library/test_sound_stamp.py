"""The sound stamp: a sync scans the article cells only when the file changed since
it was last known sound.

Before, every re-sync of the same bundle and every sync's kept rows were
scanned (cell_scan.py): on 10,000 articles a quarter to half a second, which
broke the re-sync's 0.3 s target. Now a sync that leaves the library sound
records the file's state beside it (sound_stamp.py), and while the file is
still in that state the scan is skipped. These tests change the file the way
a person or a fault would, with sqlite3, and show what the stamp sees.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.library import cell_scan, sound_stamp, up_to_date
from reader.core.library import sync as sync_module
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import INSTALLED_ARTICLES, article_text
from tests.core.library.test_cell_scan import ARTICLE, assert_rebuilt

STAMP = "sound-stamp.json"
pytestmark = pytest.mark.usefixtures("stamps_for_any_size")
DAMAGE = "UPDATE articles SET journal = CAST(x'ff' AS TEXT) WHERE id = ?"  # same size


@pytest.fixture
def scans(monkeypatch) -> list:
    """The rows each scan of the article cells was asked about (None: every row)."""
    asked: list = []

    def counted(conn, rows=None, **options):
        if rows is None or rows:
            asked.append(rows)
        return cell_scan.damaged_cell(conn, rows, **options)

    monkeypatch.setattr(up_to_date, "damaged_cell", counted)
    monkeypatch.setattr(sync_module, "damaged_cell", counted)
    return asked


@pytest.fixture
def stamped(installed, data_dir, make_bundle) -> Path:
    """The installed library after a re-sync (its first: it scans) wrote the stamp; the bundle."""
    bundle = make_bundle(INSTALLED_ARTICLES, version=1, kind="zip")
    assert sync(data_dir, bundle).result == "up-to-date"
    assert (data_dir / STAMP).is_file()
    return bundle


def library(data_dir: Path) -> Path:
    return data_dir / "library.sqlite3"


def test_a_re_sync_after_a_sound_sync_does_not_scan(installed, data_dir, make_bundle, scans):
    zipped = make_bundle(INSTALLED_ARTICLES, version=1, kind="zip")
    folder = make_bundle(INSTALLED_ARTICLES, version=1, kind="dir")
    assert sync(data_dir, zipped).result == "up-to-date"
    assert len(scans) == 1  # no stamp yet (a copied library): scanned once
    for bundle in (zipped, folder, zipped):
        assert sync(data_dir, bundle).result == "up-to-date"
    assert len(scans) == 1

    changed = {**INSTALLED_ARTICLES, "delta-study": article_text("New delta", "general", "Hi.")}
    assert sync(data_dir, make_bundle(changed, version=2)).result == "updated"
    assert len(scans) == 1  # the kept rows: covered by the re-sync's scan and stamp
    assert sync(data_dir, make_bundle(changed, version=2, kind="zip")).result == "up-to-date"
    newer = {**changed, "delta-study": article_text("Newer delta", "general", "Hi.")}
    assert sync(data_dir, make_bundle(newer, version=3)).result == "updated"
    assert len(scans) == 1  # a sync that changed the library stamped it: nothing scanned


def test_without_a_stamp_a_sync_scans_the_rows_it_keeps(installed, data_dir, make_bundle, scans):
    changed = {**INSTALLED_ARTICLES, "delta-study": article_text("New delta", "general", "Hi.")}
    assert sync(data_dir, make_bundle(changed, version=2)).result == "updated"
    assert len(scans) == 1 and len(scans[0]) == len(INSTALLED_ARTICLES) - 1


@pytest.mark.parametrize("checkpoint", ["open", "checkpointed, open", "closed"])
@pytest.mark.parametrize("kind", ["zip", "dir"])
def test_an_edit_after_a_sync_does_not_match_wherever_it_is(
    stamped, data_dir, make_bundle, checkpoint, kind
):
    """Right after the stamp, in the -wal with the editing connection open, once
    checkpointed into the main file, and once that connection is closed."""
    assert sound_stamp.matches(library(data_dir))
    conn = sqlite3.connect(library(data_dir), isolation_level=None)
    try:
        conn.execute(DAMAGE, (ARTICLE,))
        if checkpoint == "checkpointed, open":
            assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
        if checkpoint == "closed":
            conn.close()
        assert not sound_stamp.matches(library(data_dir))

        result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=1, kind=kind))
    finally:
        conn.close()

    assert result.result == "updated"
    assert_rebuilt(data_dir)
    assert sound_stamp.matches(library(data_dir))


def test_an_update_check_that_reads_no_bundle_trusts_the_stamp_as_a_sync_does(
    stamped, data_dir, scans
):
    """A web source's 304, a `.zip` address's HEAD, a look at a manifest alone:
    `installed_state` says whether the library is known sound, the scan only
    when the stamp does not match."""
    assert up_to_date.installed_state(data_dir)[0] == 1
    assert scans == []
    conn = sqlite3.connect(library(data_dir))
    with conn:
        conn.execute(DAMAGE, (ARTICLE,))
    conn.close()
    assert up_to_date.installed_state(data_dir) == (None, None)  # news: a sync rebuilds it
    assert scans == [None]


def test_an_edit_at_once_after_the_stamp_never_matches(installed, data_dir, make_bundle):
    """The file system's clock moves in ticks (a few ms): an edit in the tick of the
    sync's last write (its close, which checkpoints) would keep the mtime, so the
    stamp is taken once the clock has moved on."""
    bundles = [
        make_bundle({**INSTALLED_ARTICLES, "delta-study": article_text(f"D{n}", "pain", "Hi.")},
                    version=n + 2)
        for n in range(20)
    ]  # fmt: skip
    for turn, bundle in enumerate(bundles):
        assert sync(data_dir, bundle).result == "updated"
        conn = sqlite3.connect(library(data_dir), isolation_level=None)
        conn.execute("UPDATE articles SET journal = ? WHERE id = ?", (f"J{turn % 2}", ARTICLE))
        conn.close()
        assert not sound_stamp.matches(library(data_dir))


def _damaged_behind_the_stamp(data_dir: Path) -> None:
    """A cell damaged, then the file's size and mtime as they were: what bit rot does."""
    before = os.stat(library(data_dir))
    conn = sqlite3.connect(library(data_dir), isolation_level=None)
    conn.execute(DAMAGE, (ARTICLE,))
    conn.close()  # the last connection: checkpointed, the -wal removed
    os.utime(library(data_dir), ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(library(data_dir)).st_size == before.st_size
    with (
        pytest.raises(LibraryUnusable, match="a sync rebuilds it"),
        open_library(data_dir, read_only=True) as lib,
    ):
        lib.get_article(ARTICLE)


def test_the_stamp_is_what_is_trusted(stamped, data_dir):
    """The accepted limit: a change that keeps the file's size and mtime (bit rot,
    a restored mtime) is not looked for; `show` still says it, and the next sync
    that changes the file rebuilds it."""
    _damaged_behind_the_stamp(data_dir)
    assert sync(data_dir, stamped).result == "up-to-date"


@pytest.mark.parametrize(
    "content",
    [
        None,
        b"",
        b"not json",
        b"[" * 100_000,
        b'{"library": [1, 2, 3], "wal": null}',
        b'{"library": [true, 1, 2, 3], "wal": null}',
        b'{"library": [1, 2, 3, 4], "wal": [1]}',
        b'{"library": [1, 2, 3, 4]}',
        "another file",
    ],
    ids=["missing", "empty", "not-json", "deep", "three", "a-bool", "bad-wal", "no-wal",
         "another-file"],
)  # fmt: skip
def test_a_missing_or_broken_stamp_means_a_scan(stamped, data_dir, content):
    _damaged_behind_the_stamp(data_dir)
    stamp = data_dir / STAMP
    if content is None:
        stamp.unlink()
    elif content == "another file":  # a copy of the library put in its place
        text = stamp.read_text()
        ino = os.stat(library(data_dir)).st_ino
        stamp.write_text(text.replace(f", {ino}, ", f", {ino + 1}, "))
    else:
        stamp.write_bytes(content)

    assert sync(data_dir, stamped).result == "updated"
    assert_rebuilt(data_dir)


def test_a_stamp_that_cannot_be_written_is_no_failure(stamped, data_dir, monkeypatch, scans):
    (data_dir / STAMP).unlink()

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sound_stamp.tempfile, "mkstemp", full)
    for _ in range(2):
        assert sync(data_dir, stamped).result == "up-to-date"
    assert len(scans) == 2  # nothing recorded: each re-sync scans
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]


def test_a_small_library_gets_no_stamp_and_is_scanned_each_time(
    installed, data_dir, make_bundle, scans, monkeypatch
):
    """Its scan costs no more than a stamp (2.3 ms for the embedded 42 articles)."""
    monkeypatch.setattr(sound_stamp, "STAMP_FROM_BYTES", library(data_dir).stat().st_size + 1)
    bundle = make_bundle(INSTALLED_ARTICLES, version=1, kind="zip")
    for _ in range(2):
        assert sync(data_dir, bundle).result == "up-to-date"
    assert not (data_dir / STAMP).exists()
    assert scans == [None, None]
