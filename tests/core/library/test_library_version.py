"""The library's `library_version` as the file holds it, whatever an edit or damage left there.

Before, each of five readers (status, sync, the configured-source check, a
web update's plan, a web ZIP's check) read it with a bare `int()`: "x",
"3.0" or 5,000 digits crashed with a ValueError traceback, while " 3",
"٣" (an Arabic-Indic three), "-2", "0" or a blob b"3" were taken for
versions the library never had (a sync then said "already up to date"),
and "" or NULL for a library never synced. Now a value that is not one a
sync writes makes the library damaged (exit 5) for all five alike, and the
next sync, from a file or the web, rebuilds it and sets the old file aside.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.config import ClinicConfig
from reader.core.errors import LibraryUnusable
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from reader.core.library.update_check import check_configured_source
from reader.core.library.web_update import check_for_update, download_and_apply
from tests.bundles import INSTALLED_ARTICLES, bundle_spec, write_zip
from tests.core.library.conftest import QUICK, spec_of
from tests.web_publish import publish

# What sync never writes, each refused: not digits, spaces, other scripts'
# digits (int() reads them), signs, zero, leading zeros, more digits than
# int() reads, and the SQLite values that are not text.
NOT_VERSIONS = [
    "x", "", " 3", "3 ", "3\n", "3.0", "٣", "３", "-2", "+3", "0", "03", "1_000",
    "1" * 5000, None, b"3", 3.5,
]  # fmt: skip


# Any text, near misses of a number, and every other kind of value SQLite keeps.
STORED = (
    st.text()
    | st.from_regex(r"\s*[+-]?[0-9]{1,6}(\.[0-9])?\s*", fullmatch=True)
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.binary(max_size=8)
    | st.none()
)


def short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 20 else f"{text[:8]}...({len(text)})"


def set_version(data_dir: Path, value: object) -> object:
    """Store `value` as the library's version, as an edit would; what SQLite kept."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        with conn:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('library_version', ?)", (value,)
            )
        return conn.execute("SELECT value FROM meta WHERE key = 'library_version'").fetchone()[0]
    finally:
        conn.close()


def status_version(data_dir: Path) -> int | None:
    with open_library(data_dir, create=False, read_only=True) as library:
        return library.status().library_version


def set_aside(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.glob("library.sqlite3.damaged-*"))


def is_version(stored: object) -> bool:
    """What a sync writes: `str(n)` of a manifest version n >= 1 that Python can print."""
    return (
        isinstance(stored, str)
        and stored.isascii()
        and stored.isdigit()
        and not stored.startswith("0")
        and len(stored) <= sys.get_int_max_str_digits()
    )


@pytest.mark.parametrize("value", NOT_VERSIONS, ids=short)
def test_a_value_that_is_not_a_version_is_a_damaged_library(installed, data_dir, value):
    set_version(data_dir, value)
    with pytest.raises(LibraryUnusable) as caught:
        status_version(data_dir)
    assert caught.value.damaged and caught.value.reason == "damaged"
    message = str(caught.value)
    assert message.startswith(f"{data_dir / 'library.sqlite3'}: the library file is damaged")
    assert len(message) < len(str(data_dir)) + 200  # 5,000 digits are not repeated


def test_a_library_never_synced_has_no_version(installed, data_dir):
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        conn.execute("DELETE FROM meta WHERE key = 'library_version'")
    conn.close()
    assert status_version(data_dir) is None


def test_the_version_a_sync_wrote_is_read(installed, data_dir):
    assert status_version(data_dir) == 1
    set_version(data_dir, str(10**4000))  # a manifest's version may have 4,300 digits
    assert status_version(data_dir) == 10**4000
    set_version(data_dir, 7)  # SQLite keeps an integer as text in this column
    assert status_version(data_dir) == 7


def test_any_stored_value_is_a_version_or_a_damaged_library(installed, data_dir):
    @settings(max_examples=200, deadline=None)
    @given(STORED)
    @example("١٢")  # Arabic-Indic 12: int() reads it as 12
    @example("9" * 4301)  # one digit more than int() reads
    def check(value):
        stored = set_version(data_dir, value)
        try:
            version = status_version(data_dir)
        except LibraryUnusable as exc:
            assert exc.damaged and not is_version(stored), stored
        else:
            assert is_version(stored) and version == int(stored) >= 1

    check()


@pytest.mark.parametrize("value", ["x", " 3", "٣", "-2", "1" * 5000, None, ""], ids=short)
def test_a_sync_rebuilds_a_library_whose_version_is_not_one(
    installed, data_dir, make_bundle, value
):
    """Before: "x" and 5,000 digits crashed; " 3", "٣" and "-2" were "already up to date
    (version 3)" although the library holds version 1; "" was synced in place."""
    set_version(data_dir, value)
    result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=1))
    assert (result.result, result.version) == ("updated", 1)
    assert status_version(data_dir) == 1
    assert len(set_aside(data_dir)) == 1  # the edited file, kept for inspection


def test_an_older_bundle_rebuilds_it_too(installed, data_dir, make_bundle):
    """With no version to compare, no bundle is a downgrade: any valid one repairs it."""
    set_version(data_dir, "x")
    zipped = make_bundle(INSTALLED_ARTICLES, version=1, kind="zip")
    assert sync(data_dir, zipped).result == "updated"
    assert status_version(data_dir) == 1


@pytest.mark.parametrize("value", ["x", "1" * 5000, "٣"], ids=short)
def test_the_configured_source_check_takes_any_bundle_as_news(
    installed, data_dir, make_bundle, value
):
    set_version(data_dir, value)
    source = make_bundle(INSTALLED_ARTICLES, version=1, kind="zip")
    config = ClinicConfig(update_source=str(source))
    found = check_configured_source(data_dir, config, apply=False)
    assert found.pending and found.available_version == 1
    assert check_configured_source(data_dir, config).result == "updated"
    assert status_version(data_dir) == 1


@pytest.mark.parametrize("value", ["x", "1" * 5000, "٣"], ids=short)
def test_a_web_update_downloads_everything_and_rebuilds(data_dir, served, key, trust, value):
    publish(spec_of(1, count=3), served.root, key)
    download_and_apply(data_dir, check_for_update(data_dir, served.url, trust, network=QUICK),
                       trust, network=QUICK)  # fmt: skip
    set_version(data_dir, value)
    publish(spec_of(2, count=3), served.root, key)
    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (plan.version, plan.up_to_date, plan.new) == (2, False, 3)  # nothing vouched for
    assert download_and_apply(data_dir, plan, trust, network=QUICK).result == "updated"
    assert status_version(data_dir) == 2 and len(set_aside(data_dir)) == 1


@pytest.mark.parametrize("value", ["x", "1" * 5000, "٣"], ids=short)
def test_a_web_zip_is_downloaded_and_rebuilds(data_dir, served, key, trust, value):
    spec = bundle_spec(INSTALLED_ARTICLES, version=1)
    spec.signature = key.sign(spec.raw_manifest())
    write_zip(served.root / "library.zip", spec)
    url = served.url + "library.zip"
    download_and_apply(data_dir, check_for_update(data_dir, url, trust, network=QUICK), trust,
                       network=QUICK)  # fmt: skip
    set_version(data_dir, value)
    plan = check_for_update(data_dir, url, trust, network=QUICK)
    assert not plan.up_to_date
    assert download_and_apply(data_dir, plan, trust, network=QUICK).result == "updated"
    assert status_version(data_dir) == 1 and len(set_aside(data_dir)) == 1
