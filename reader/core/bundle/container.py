"""What every bundle container offers, and the folder container.

A bundle comes from outside (a USB stick, a shared folder, the web), so it is
treated as hostile: only files the manifest lists are read, nothing is ever
extracted to disk, symbolic links and paths that leave the bundle are
refused, and every read is bounded by the size the manifest declares and
verified against its sha256. `Container` holds the checks both kinds share;
ZIP files are read by `zip_container.py`, and `source.py` opens either kind.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from reader.core.errors import Problem
from reader.core.inputs import TooLarge, open_regular_file

__all__ = ["Container", "DirectoryContainer"]


class Container:
    """The common interface of ZIP and directory bundles."""

    location: str

    def entry_count(self) -> int:
        """How many files the container holds, if it knows without looking (else 0)."""
        return 0

    def check_entry(self, path: str) -> str | None:
        """Why the entry cannot be read (a rule it breaks), or None if it can."""
        raise NotImplementedError

    def declared_size(self, path: str) -> int | None:
        """The size the container itself records, when it records one."""
        return None

    def vouches(self, path: str) -> bool:
        """Whether the listed file is taken as the library's copy, unread (a web update's)."""
        return False

    def read(self, path: str, limit: int) -> bytes:
        """The entry's bytes; raises TooLarge past `limit` bytes."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_verified(
        self, path: str, size: int, sha256: str, where: str, problems: list[Problem]
    ) -> bytes | None:
        """Read a listed file, checking its size and sha256 as it streams."""
        reason = self.check_entry(path)
        if reason:
            problems.append(Problem(where, reason))
            return None
        declared = self.declared_size(path)
        if declared is not None and declared != size:
            problems.append(
                Problem(where, f"size is {declared} bytes but the manifest says {size}")
            )
            return None
        try:
            data = self.read(path, size)
        except TooLarge:
            problems.append(Problem(where, f"is larger than the {size} bytes the manifest says"))
            return None
        except OSError as exc:
            problems.append(Problem(where, f"cannot be read ({exc.strerror or exc})"))
            return None
        if len(data) != size:
            problems.append(
                Problem(where, f"size is {len(data)} bytes but the manifest says {size}")
            )
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            problems.append(Problem(where, "sha256 does not match the manifest"))
            return None
        return data


class DirectoryContainer(Container):
    """A bundle folder: each listed file opened where it lies, never through a link."""

    def __init__(self, path: Path):
        self.location = str(path)
        self._root = path.resolve()

    def _target(self, path: str) -> Path:
        return self._root.joinpath(*path.split("/"))

    def check_entry(self, path: str) -> str | None:
        current = self._root
        for part in path.split("/"):
            current = current / part
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                return "is listed in the manifest but missing from the bundle"
            except OSError as exc:
                return f"cannot be read ({exc.strerror})"
            if stat.S_ISLNK(st.st_mode):
                return "is (or lies under) a symbolic link, which bundles may not contain"
        if not stat.S_ISREG(st.st_mode):
            return "is not a regular file"
        try:
            current.resolve().relative_to(self._root)
        except ValueError:
            return "leaves the bundle directory"
        return None

    def declared_size(self, path: str) -> int | None:
        try:
            return os.lstat(self._target(path)).st_size
        except OSError:
            return None

    def read(self, path: str, limit: int) -> bytes:
        # check_entry looked first, but the folder may have changed since.
        with open_regular_file(self._target(path), follow_links=False) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(path)
        return data
