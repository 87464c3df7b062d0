"""Read-only folders and full disks that are real, for the tests that need them.

Tests run as root, which ignores file modes, so a read-only folder is a
read-only bind mount and a full disk a small tmpfs filled to the last byte.
Both need the right to mount; without it the test skips and says why. The
fixtures (`read_only_view`, `read_only_in_place`, `full_disk`) are in tests/conftest.py, for the
command line's tests and the core's alike.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


def _umount(point: Path) -> None:
    subprocess.run(["umount", str(point)], check=False, capture_output=True)


@dataclass(frozen=True)
class Mounts:
    """What `mounts` makes: each call a mount, all undone when its block ends."""

    read_only_view: Callable[[Path], Path]
    read_only_in_place: Callable[[Path], Path]
    full_disk: Callable[..., Path]


@contextmanager
def mounts(tmp_path: Path) -> Iterator[Mounts]:
    """Read-only views, read-only folders and full disks, all undone at the end."""
    points: list[Path] = []

    def read_only_at(folder: Path, point: Path) -> Path:
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

    def read_only_view(folder: Path) -> Path:
        """A read-only view of `folder` (made if missing): writing there is EROFS."""
        folder.mkdir(parents=True, exist_ok=True)
        point = tmp_path / f"read-only-{len(points)}"
        point.mkdir()
        return read_only_at(folder, point)

    def read_only_in_place(folder: Path) -> Path:
        """`folder` itself made read-only (mounted over itself), for code that already
        holds its path, as a drive or a profile locked while the app runs."""
        return read_only_at(folder, folder)

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
        yield Mounts(read_only_view, read_only_in_place, full_disk)
    finally:
        for point in reversed(points):
            _umount(point)
