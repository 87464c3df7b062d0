"""Every value of the library's `meta` table as a damaged or hand-edited file may hold it.

Before, each reader took the values for the text a sync writes: an
`expires` blob crashed `status` (TypeError in `parse_timestamp`), a
`last_synced` blob crashed `status --json` (bytes are not JSON), a NULL or
blob synonym list crashed every search, and text that is not UTF-8 in any
value (SQLite keeps any bytes in a TEXT cell) made the whole library
"cannot be used", which a sync did not repair (it failed the same way,
exit 5). A missing or edited manifest digest made a sync of the very bundle
installed say "its content is different" (exit 4). Now meta.py reads them
all in one place: what the sync's rules and search stand on (version,
digest, synonyms) is checked, or the library is damaged and a sync rebuilds
it; what is only shown (title, last sync, expires, signed) is absent when it
is not what a sync writes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core.errors import LibraryUnusable
from reader.core.library.search import search
from reader.core.library.signing_status import signing_status
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import INSTALLED_ARTICLES

SHOWN = ["title", "last_synced", "expires", "signed", "created"]  # only shown: absent if bad
SHA256 = "manifest_sha256"
CHECKED = [SHA256, "synonyms"]  # a sync's rules or search stand on them


class AsText(bytes):
    """Bytes stored as TEXT (`CAST(? AS TEXT)`): what SQLite keeps, UTF-8 or not."""


# What a damaged or edited cell can hold: blob, NULL, numbers, empty, huge,
# control characters, and text that is not UTF-8 (surrogates cannot be stored).
HOSTILE = [
    b"\xff\x00", None, 7, 3.5, "", "a" * 100_000, "a\x1b[31mb\x07\n", AsText(b"\xff"),
    AsText(b"2026-01-01\xff"),
]  # fmt: skip


def short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 20 else f"{text[:8]}...({len(text)})"


def set_meta(data_dir: Path, key: str, value: object, *, delete: bool = False) -> None:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        with conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))
            if delete:
                return
            cell = "CAST(? AS TEXT)" if isinstance(value, AsText) else "?"
            stored = bytes(value) if isinstance(value, AsText) else value
            conn.execute(f"INSERT INTO meta (key, value) VALUES (?, {cell})", (key, stored))
    finally:
        conn.close()


def everything_read(data_dir: Path) -> dict:
    """What status, status --json, the signing status and a search read of the library."""
    with open_library(data_dir, create=False, read_only=True) as library:
        status = library.status()
        signing = signing_status(library)
        hits = search(library, "study")
    shown = json.loads(json.dumps(status.to_json()))  # what status --json prints
    for value in (status.title, status.last_synced, status.expires):
        assert value is None or (isinstance(value, str) and value and len(value) <= 200)
    assert signing.signed in (None, True, False)
    return {"status": shown, "signed": signing.signed, "hits": len(hits)}


@pytest.mark.parametrize("value", HOSTILE, ids=short)
@pytest.mark.parametrize("key", SHOWN)
def test_a_value_only_shown_is_absent_when_it_is_not_one_a_sync_writes(
    installed, data_dir, key, value
):
    set_meta(data_dir, key, value)
    read = everything_read(data_dir)
    assert read["status"]["library_version"] == 1 and read["hits"] > 0
    if key in ("title", "last_synced", "expires"):
        assert read["status"].get(key) is None  # absent, as before a first sync
    if key == "signed":
        assert read["signed"] is None


# A number in this TEXT column is kept as text, and any text is a synonym list
# (its bad lines are left out, as a bundle's are).
NOT_TEXT = [v for v in HOSTILE if not isinstance(v, str | int | float)]
NOT_DIGESTS = [(SHA256, v) for v in HOSTILE] + [(SHA256, "A" * 64), (SHA256, "a" * 63)]


@pytest.mark.parametrize(
    ("key", "value"), NOT_DIGESTS + [("synonyms", v) for v in NOT_TEXT], ids=short
)
def test_a_value_sync_or_search_stand_on_makes_the_library_damaged(installed, data_dir, key, value):
    set_meta(data_dir, key, value)
    with pytest.raises(LibraryUnusable) as caught:
        everything_read(data_dir)
    assert caught.value.damaged and caught.value.reason == "damaged"
    (line,) = str(caught.value).splitlines()  # one line, whatever the value
    assert line.endswith("; a sync rebuilds it") and len(line) < len(str(data_dir)) + 200


def test_a_version_without_its_digest_is_a_damaged_library(installed, data_dir, make_bundle):
    """Before: a sync of the very bundle installed said "its content is different" (exit 4)."""
    set_meta(data_dir, "manifest_sha256", None, delete=True)
    with pytest.raises(LibraryUnusable, match="manifest digest is missing"):
        everything_read(data_dir)
    result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=1))
    assert (result.result, result.version) == ("updated", 1)
    assert everything_read(data_dir)["status"]["library_version"] == 1


@pytest.mark.parametrize(
    ("key", "value"),
    [("synonyms", None), ("synonyms", b"x"), ("manifest_sha256", "x"), ("title", AsText(b"\xff")),
     ("expires", AsText(b"\xff")), ("created", AsText(b"\xff"))],
    ids=short,
)  # fmt: skip
def test_a_sync_rebuilds_or_updates_whatever_meta_holds(
    installed, data_dir, make_bundle, key, value
):
    """Before: text that is not UTF-8 made a sync fail ("cannot be used", exit 5) and
    never repaired; NULL synonyms crashed it nowhere but in every search after."""
    set_meta(data_dir, key, value)
    result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=1))
    assert result.result in ("updated", "up-to-date")
    read = everything_read(data_dir)
    assert read["status"]["library_version"] == 1 and read["hits"] > 0


# Any value SQLite keeps in a cell, including text that is not UTF-8.
CELLS = (
    st.text()
    | st.binary(max_size=16)
    | st.binary(max_size=16).map(AsText)
    | st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.from_regex(
        r"[0-9a-f]{64}|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:]{8}Z)?|true|false", fullmatch=True
    )
)
KEYS = st.sampled_from(["library_version", *CHECKED, *SHOWN, "other", "\x00"])


def restore_meta(data_dir: Path, rows: list) -> None:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute("DELETE FROM meta")
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", rows)
    conn.close()


def test_any_cell_in_meta_reads_or_is_a_damaged_library(installed, data_dir):
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        synced = conn.execute("SELECT key, value FROM meta").fetchall()
    conn.close()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(KEYS, CELLS), max_size=4))
    @example([("expires", b"\xff")])
    @example([("last_synced", b"\xff")])
    @example([("title", AsText(b"\xff"))])
    def check(cells):
        restore_meta(data_dir, synced)
        for key, value in cells:
            set_meta(data_dir, key, value)
        try:
            everything_read(data_dir)
        except LibraryUnusable as exc:
            assert exc.damaged and exc.reason == "damaged", exc
            assert len(str(exc).splitlines()) == 1

    check()
