"""`paths.read_only_folder`: whether the window can save nothing in its data folder.

A folder that is not there and cannot be made (its parent read-only: a stick
that never held the reader's folder) is one, as a read-only folder is; before,
it was not, and the window did not start ("cannot create the data folder").
A real read-only bind mount: the tests run as root, which writes whatever a
folder's mode says; skipped where mounting is not allowed.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reader.core.paths import read_only_folder


@pytest.fixture
def locked(tmp_path: Path):
    point = tmp_path / "locked"
    point.mkdir()
    try:
        for args in (["--bind", str(point), str(point)], ["-o", "remount,bind,ro", str(point)]):
            subprocess.run(["mount", *args], check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        subprocess.run(["umount", str(point)], check=False, capture_output=True)
        pytest.skip(f"cannot make a read-only folder by mounting here: {exc}")
    yield point
    subprocess.run(["umount", str(point)], check=True, capture_output=True)


def test_a_folder_that_cannot_be_written_or_made_is_read_only(locked: Path):
    assert read_only_folder(locked)
    assert read_only_folder(locked / "data")  # failed before: False
    assert read_only_folder(locked / "a" / "b")


def test_a_folder_that_can_be_written_or_made_is_not(tmp_path: Path):
    assert not read_only_folder(tmp_path)
    assert not read_only_folder(tmp_path / "a" / "b")


def test_what_is_no_folder_at_all_is_not_called_read_only(tmp_path: Path):
    (tmp_path / "file").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    assert not read_only_folder(tmp_path / "file")
    assert not read_only_folder(tmp_path / "link")
