"""`status` on a library whose stored version is not one: a damaged library, said in one line.

Before, `status` and `status --json` read `library_version` with a bare
`int()`: "x" or "3.0" ended in a ValueError traceback (exit 1), and " 3" or
"٣" (an Arabic-Indic three) showed a version the library never had.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.bundles import INSTALLED_ARTICLES

DAMAGED = "the library file is damaged (its library version is {shown}, not a version number)"


def set_version(data_dir, value: object) -> None:
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'library_version'", (value,))
    conn.close()


@pytest.mark.parametrize("json", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("value", ["x", "3.0", " 3", "٣", "1" * 5000])
def test_status_says_the_library_is_damaged_and_exits_5(cli, installed, data_dir, value, json):
    set_version(data_dir, value)
    result = cli("status", *(["--json"] if json else []))
    assert result.code == 5 and result.out == ""
    (line,) = result.err.splitlines()  # one line, no traceback
    shown = repr(value) if len(value) < 10 else "'" + "1" * 35 + " ..."
    assert line == (
        f"sci-reader: {data_dir / 'library.sqlite3'}: {DAMAGED.format(shown=shown)}; "
        "a sync rebuilds it"
    )


def test_a_sync_rebuilds_it_and_status_reads_it_again(cli, installed, data_dir, make_bundle):
    set_version(data_dir, "x")
    synced = cli("sync", make_bundle(INSTALLED_ARTICLES, version=1), "--json")
    assert synced.code == 0, synced.err
    assert synced.json()["result"] == "updated"
    status = cli("status", "--json")
    assert status.code == 0 and status.json()["library_version"] == 1
    assert len(list(data_dir.glob("library.sqlite3.damaged-*"))) == 1


@pytest.mark.parametrize("bytes_", [b"\x00garbage" * 1000, b"SQLite format 3\x00" + b"\xff" * 4080])
def test_a_file_sqlite_cannot_read_says_a_sync_rebuilds_it_and_one_does(
    cli, installed, data_dir, make_bundle, bytes_
):
    """Before: "the library file is damaged (file is not a database)", with no remedy
    where every other damaged library says "a sync rebuilds it", which it does."""
    (data_dir / "library.sqlite3").write_bytes(bytes_)
    result = cli("status")
    assert result.code == 5
    (line,) = result.err.splitlines()
    assert "the library file is damaged (" in line and line.endswith("; a sync rebuilds it")
    synced = cli("sync", make_bundle(INSTALLED_ARTICLES, version=1), "--json")
    assert synced.code == 0, synced.err
    assert cli("status", "--json").json()["library_version"] == 1
