"""Read-only folders and full disks that are real, for the tests that need them.

Tests run as root, which ignores file modes, so a read-only folder is a
read-only bind mount and a full disk a small tmpfs filled to the last byte.
Both need the right to mount; without it the test skips and says why. The
fixtures (`read_only_view`, `full_disk`) are in tests/conftest.py, for the
command line's tests and the core's alike.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


def _umount(point: Path) -> None:
    subprocess.run(["umount", str(point)], check=False, capture_output=True)


@contextmanager
def mounts(tmp_path: Path) -> Iterator[tuple[Callable[[Path], Path], Callable[..., Path]]]:
    """(read_only_view, full_disk): each makes a mount under `tmp_path`, all undone at the end."""
    points: list[Path] = []

    def read_only_view(folder: Path) -> Path:
        """A read-only view of `folder` (made if missing): writing there is EROFS."""
        folder.mkdir(parents=True, exist_ok=True)
        point = tmp_path / f"read-only-{len(points)}"
        point.mkdir()
        try:
            _mount("--bind", str(folder), str(point))
        except (OSError, subprocess.CalledProcessError) as exc:
            pytest.skip(f"cannot bind-mount here: {getattr(exc, 'stderr', exc)}")
        points.append(point)
        _mount("-o", "remount,bind,ro", str(point))
        with pytest.raises(OSError) as refused:
            (point / "probe").touch()
        assert refused.value.errno == errno.EROFS
        return point

    def full_disk(folder: Path | None = None, size: str = "2m") -> Path:
        """A data folder (a copy of `folder`, or empty) on a disk with no byte left."""
        point = tmp_path / f"small-disk-{len(points)}"
        point.mkdir()
        try:
            _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point))
        except (OSError, subprocess.CalledProcessError) as exc:
            pytest.skip(f"cannot mount a tmpfs here: {getattr(exc, 'stderr', exc)}")
        points.append(point)
        data = point / "data"
        if folder is None:
            data.mkdir()
        else:
            shutil.copytree(folder, data)
        with pytest.raises(OSError) as full, open(point / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        assert full.value.errno == errno.ENOSPC
        return data

    try:
        yield read_only_view, full_disk
    finally:
        for point in reversed(points):
            _umount(point)
