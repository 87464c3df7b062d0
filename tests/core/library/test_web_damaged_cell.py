"""A web update of a library holding a damaged article cell, or unreadable as a whole.

Before, the update's plan read the library's digests alone: an article the
manifest left unchanged was vouched for and not downloaded, so the sync,
which now rebuilds a library holding a cell a read calls damaged, could not
read it ("was not downloaded", the update rejected); and with the manifest
the library already held, the check said "up to date" for ever. Now the plan
sees the damage (cell_scan.py) and downloads every file, and the sync
rebuilds the library.

A `.zip` address had the same hole a step earlier: its check is a HEAD with
the validator of the ZIP last applied, and the server's 304 was taken for
"up to date" without a look at the library. A library that is not known
sound (up_to_date.installed_state: the sound stamp, else the scan) now sends
no validator, so the ZIP comes whole and the sync rebuilds; a sound one
still costs one HEAD answered 304.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.library.store import open_library
from reader.core.library.web_update import check_for_update, download_and_apply, update_from_web
from tests.bundles import article_text, write_zip
from tests.core.library.conftest import QUICK, spec_of
from tests.core.library.test_web_update import _installed
from tests.web_publish import publish


def damage(data_dir: Path, how: str) -> None:
    """A cell no sync writes (`cell`), or a file that is no SQLite database (`whole`)."""
    library = data_dir / "library.sqlite3"
    if how == "cell":
        conn = sqlite3.connect(library)
        with conn:
            conn.execute("UPDATE articles SET key_findings = '[broken' WHERE id = 'a-0'")
        conn.close()
        return
    for companion in ("-wal", "-shm"):
        Path(f"{library}{companion}").unlink(missing_ok=True)
    library.write_bytes(b"this is not an SQLite database " * 200)


def assert_rebuilt(data_dir: Path) -> None:
    with open_library(data_dir, read_only=True) as library:
        assert library.get_article("a-0").key_findings == []
    assert len(list(data_dir.glob("library.sqlite3.damaged-*"))) == 1


@pytest.mark.parametrize("version", [1, 2])  # the same manifest, a newer one
def test_a_web_update_rebuilds_a_damaged_cell_of_an_article_it_leaves_unchanged(
    data_dir, served, key, trust, version
):
    _installed(data_dir, served, key, trust, count=5)
    damage(data_dir, "cell")
    if version == 2:
        changed = {"a-1": article_text("Article 1, revised")}
        publish(spec_of(2, count=5, changed=changed), served.root, key)

    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (plan.up_to_date, plan.new) == (False, 5)  # every file, for a rebuild
    result = download_and_apply(data_dir, plan, trust, network=QUICK)

    assert (result.result, result.version, result.added) == ("updated", version, 5)
    assert_rebuilt(data_dir)


@pytest.mark.parametrize("how", ["cell", "whole"])
def test_a_folder_whose_manifest_answers_304_still_rebuilds_a_damaged_library(
    data_dir, served, key, trust, how
):
    _installed(data_dir, served, key, trust, count=5)
    damage(data_dir, how)

    result = update_from_web(data_dir, served.url, trust, network=QUICK)

    assert (result.result, result.added) == ("updated", 5)
    # The 304 vouches for the cached manifest, verified again; the pages are cached too.
    assert [(r.path, r.status) for r in served.requests] == [("/manifest.json.gz", 304)] + [
        (f"/articles/a-{i}.md", 200) for i in range(5)
    ]
    assert_rebuilt(data_dir)
    served.reset_counts()
    assert update_from_web(data_dir, served.url, trust, network=QUICK).result == "up-to-date"
    assert [(r.path, r.status) for r in served.requests] == [("/manifest.json.gz", 304)]


def _zip_installed(data_dir: Path, served, key, trust) -> str:
    spec = spec_of(1)
    spec.signature = key.sign(spec.raw_manifest())
    write_zip(served.root / "library.zip", spec)
    url = served.url + "library.zip"
    assert update_from_web(data_dir, url, trust, network=QUICK).added == 5
    served.reset_counts()
    return url


@pytest.mark.parametrize("how", ["cell", "whole"])
def test_a_zip_address_unchanged_since_it_was_applied_still_rebuilds_a_damaged_library(
    data_dir, served, key, trust, how
):
    # failed before (a cell): the HEAD's 304 was "up to date", the damage kept for ever.
    url = _zip_installed(data_dir, served, key, trust)
    damage(data_dir, how)

    plan = check_for_update(data_dir, url, trust, network=QUICK)

    assert not plan.up_to_date
    [head] = served.requests
    assert (head.method, head.status, "if-none-match" in head.headers) == ("HEAD", 200, False)
    result = download_and_apply(data_dir, plan, trust, network=QUICK)
    assert (result.result, result.version, result.added) == ("updated", 1, 5)
    assert_rebuilt(data_dir)
    # Sound again: the next check is the one HEAD answered 304, a few hundred bytes.
    served.reset_counts()
    assert check_for_update(data_dir, url, trust, network=QUICK).up_to_date
    assert [(r.method, r.status) for r in served.requests] == [("HEAD", 304)]
    assert served.bytes_out < 400


def test_a_sound_library_checks_a_zip_address_with_one_head_answered_304(
    data_dir, served, key, trust
):
    url = _zip_installed(data_dir, served, key, trust)

    assert update_from_web(data_dir, url, trust, network=QUICK).result == "up-to-date"

    [head] = served.requests
    assert (head.method, head.status, head.body_bytes) == ("HEAD", 304, 0)
    assert "if-none-match" in head.headers
    assert served.bytes_out < 400
