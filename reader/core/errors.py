"""Errors the user can act on, each tied to the command line's exit code.

Anything that is not one of these is a bug (exit 1, with a traceback).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


# A full disk, a quota, or a file size limit (EFBIG): to a reader, "the disk is full".
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def no_room(exc: OSError) -> bool:
    """Whether writing failed for want of room (the disk, a quota or a size limit)."""
    return exc.errno in _NO_ROOM


@dataclass(frozen=True)
class Problem:
    """One broken rule, located: `where` is a file in the bundle (or "")."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ReaderError(Exception):
    """Base for errors with a plain-words message and an exit code."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class SourceError(ReaderError):
    """A missing or unreadable source, or a bad request (exit 2)."""

    exit_code = 2


def cannot_write(target: object, exc: OSError) -> SourceError:
    """A file the user named could not be written: the disk is full, or the system's reason."""
    if no_room(exc):
        return SourceError(f"{target}: cannot be written: the disk is full")
    return SourceError(f"{target}: cannot be written ({exc.strerror or exc})")


class BundleRejected(ReaderError):
    """The bundle breaks the format; the library was not changed (exit 3)."""

    exit_code = 3

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class PersonalDataInvalid(ReaderError):
    """A personal data file that cannot be imported; nothing changed (exit 3)."""

    exit_code = 3


class SyncRefused(ReaderError):
    """A valid bundle the library will not take: downgrade or conflict (exit 4)."""

    exit_code = 4


class LibraryUnusable(ReaderError):
    """The library database is locked or damaged beyond repair (exit 5).

    `damaged` tells the sync that it may set the file aside and rebuild it:
    the library holds only content that any bundle brings back. (The same
    for the personal data file, with its `path`: the window asks the reader
    before setting it aside, reader.core.personal.damaged.)

    `reason`, for words chosen by what happened (the window's): "locked",
    "damaged", "missing", "unreachable" (cannot be opened, an I/O error),
    "read-only", "full" (the disk), or "".
    """

    exit_code = 5

    def __init__(
        self, message: str, *, damaged: bool = False, path: Path | None = None, reason: str = ""
    ):
        super().__init__(message)
        self.damaged = damaged
        self.path = path
        self.reason = reason or ("damaged" if damaged else "")


class SyncCancelled(ReaderError):
    """The user cancelled a sync; the library was not changed."""

    exit_code = 2
