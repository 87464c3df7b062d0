"""Reading commands on a library of the previous schema: read as it is, never migrated.

Reading commands must not write (issue 9, items 12-13). A library synced
by the release before the last schema step used to be migrated by
`sci-reader status`, and on a read-only folder every reading command then
failed with "unable to open database file". The schema-2 file here is a
real synced library with step 3 undone (see tests/core/library/old_schema.py).
"""

from __future__ import annotations

import errno
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.core.library.old_schema import back_to_schema_2

READING = [
    ("status",),
    ("status", "--json"),
    ("list",),
    ("list", "--json"),
    ("list", "--category", "general", "--json"),
    ("list", "--category", "pain"),
    ("categories",),
    ("categories", "--json"),
    ("search", "pelican", "--json"),
    ("search", "study"),
    ("show", "alpha-study", "--json"),
    ("show", "delta-study"),
]


@pytest.fixture
def schema_2(installed, data_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The installed library as schema 2, and a copy of it migrated the usual way."""
    back_to_schema_2(data_dir / "library.sqlite3")
    migrated = tmp_path / "migrated"
    shutil.copytree(data_dir, migrated)
    from reader.core.library.store import open_library

    open_library(migrated, create=False).close()
    return data_dir, migrated


def _user_version(path: Path) -> int:
    """`PRAGMA user_version`, read off the file's header: opening the file with
    SQLite, even read-only, could leave -wal and -shm files behind."""
    return int.from_bytes(path.read_bytes()[60:64], "big")


def _outputs(run_cli, data_dir: Path) -> list[tuple[int, str]]:
    results = [run_cli("--data-dir", data_dir, *command) for command in READING]
    for command, result in zip(READING, results, strict=True):
        assert result.code == 0 and "Traceback" not in result.err, (command, result)
    return [(r.code, r.out.replace(str(data_dir.resolve()), "DATA")) for r in results]


def test_reading_commands_read_a_schema_2_library_without_changing_it(schema_2, run_cli):
    old, migrated = schema_2
    path = old / "library.sqlite3"
    before = path.read_bytes()
    assert _user_version(migrated / "library.sqlite3") == 4

    assert _outputs(run_cli, old) == _outputs(run_cli, migrated)
    assert path.read_bytes() == before
    assert _user_version(path) == 2
    assert sorted(p.name for p in old.iterdir()) == ["library.sqlite3"]


def test_reading_commands_read_a_schema_2_library_on_a_read_only_folder(
    schema_2, run_cli, tmp_path: Path
) -> None:
    old, migrated = schema_2
    point = tmp_path / "read-only"
    point.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(old), str(point)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot bind-mount here: {getattr(exc, 'stderr', exc)}")
    try:
        subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(point)], check=True, capture_output=True
        )
        with pytest.raises(OSError) as refused:
            (point / "probe").touch()
        assert refused.value.errno == errno.EROFS
        assert _outputs(run_cli, point) == _outputs(run_cli, migrated)
        assert _user_version(point / "library.sqlite3") == 2
    finally:
        subprocess.run(["umount", str(point)], check=False, capture_output=True)
