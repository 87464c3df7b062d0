"""A new personal data file on a nearly full disk: made whole, or not made, never "damaged".

The disk must be really full in total, not per file: a file size limit
cannot show this, because SQLite's write-ahead log is larger than the file it
is copied into. So a real small tmpfs, which needs the right to mount (the
test skips and says why without it). It is filled, then freed a page at a
time, and at each step a first start makes its personal data file.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from reader.core.errors import LibraryUnusable
from reader.core.paths import USERDATA_FILE
from reader.core.personal.store import PersonalData

PAGE = 4096


@pytest.fixture
def full_disk(tmp_path):
    """A filled 1 MiB tmpfs and its filler files, one page each."""
    point = tmp_path / "small-disk"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        fillers = []
        with pytest.raises(OSError) as full:
            while True:
                path = point / f"filler-{len(fillers)}"
                fillers.append(path)
                path.write_bytes(b"\0" * PAGE)
        assert full.value.errno == errno.ENOSPC
        yield point, fillers
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False, capture_output=True)


def _whole_or_absent(path: Path) -> bool:
    if not path.exists():
        return True
    conn = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
    finally:
        conn.close()
    return {"bookmarks", "feedback", "notes"} <= tables


def test_a_first_personal_file_on_a_nearly_full_disk_is_whole_or_not_made(full_disk):
    point, fillers = full_disk
    outcomes = set()
    for step in range(48):  # from no room to 192 KiB
        fillers.pop().unlink(missing_ok=True)
        data_dir = point / f"data-{step}"
        data_dir.mkdir()
        try:
            with PersonalData(data_dir) as store:
                assert store.list_notes() == []
            outcomes.add("made")
        except LibraryUnusable as exc:
            # failed before: "the personal data file is damaged (database disk image is
            # malformed)", the window offering to set a new file aside as damaged
            assert "the disk is full" in str(exc), (step, exc)
            assert _whole_or_absent(data_dir / USERDATA_FILE)  # made, with no room to open
            outcomes.add("refused")
        shutil.rmtree(data_dir)
    assert outcomes == {"made", "refused"}  # both sides of the edge were crossed
