"""SQLite's errors in words a person can act on, for the library and personal data.

SQLite says "database or disk is full", "attempt to write a readonly
database" or "disk I/O error"; the reader needs to hear which file, what
happened to it (in use, damaged, read-only, no room, gone) and what to do.
`LibraryUnusable.reason` carries the kind for the window and the exit codes.
A file holding a value its app never writes is said in one sentence,
`damaged`, wherever it is found.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from reader.core.errors import LibraryUnusable
from reader.core.identity import DISPLAY_NAME

# The library file's label in messages. It holds only synced content, so a
# sync sets a damaged one aside and rebuilds it (library/placing.py): its
# damage is said with that remedy.
LIBRARY = "library"


def _remedy(label: str) -> str:
    return "; a sync rebuilds it" if label == LIBRARY else ""


def damaged(path: Path, label: str, what: str, why: str) -> LibraryUnusable:
    """The one sentence for a file whose stored value is not one its app writes."""
    return LibraryUnusable(
        f"{path}: the {label} file is damaged ({what}, {why}){_remedy(label)}",
        damaged=True,
        path=path,
        reason="damaged",
    )


# sqlite3's words for a TEXT cell whose bytes are not UTF-8; its text is not repeated.
_NOT_UTF8 = re.compile(r"could not decode to utf-8 column '(\w+)'", re.IGNORECASE)


def explain(exc: sqlite3.Error, path: Path, label: str) -> LibraryUnusable:
    """Turn an SQLite environment error into a message a person can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return LibraryUnusable(
            f"{path}: the {label} is in use by another program (another copy of "
            f"{DISPLAY_NAME}?) and stayed locked; try again when it has finished",
            reason="locked",
        )
    if text.startswith("could not decode to utf-8"):
        column = _NOT_UTF8.match(str(exc))
        what = f"text in its {column[1]} column" if column else "some of its text"
        return damaged(path, label, what, "not UTF-8")
    # A table gone from a file whose schema version has it: an edit or damage.
    damage = ("not a database", "malformed", "corrupt", "no such table", "no such fts5 table")
    if any(word in text for word in damage):
        return LibraryUnusable(
            f"{path}: the {label} file is damaged ({exc}){_remedy(label)}",
            damaged=True,
            path=path,
            reason="damaged",
        )
    if "readonly" in text or "read-only" in text:
        return LibraryUnusable(
            f"{path}: the {label} file cannot be written (read-only)", reason="read-only"
        )
    if ("disk" in text and "full" in text) or _no_room(exc, path):
        return LibraryUnusable(
            f"{path}: the disk is full; free some space and try again", reason="full"
        )
    folder = Path(path).parent
    if "unable to open" in text and folder.is_dir() and not os.access(folder, os.W_OK):
        # A read-only drive: the file opens, but its -wal and -shm cannot be made.
        return LibraryUnusable(
            f"{path}: the {label} file cannot be written (its folder is read-only)",
            reason="read-only",
        )
    if "unable to open" in text:
        return LibraryUnusable(
            f"{path}: the {label} file cannot be opened ({exc})", reason="unreachable"
        )
    reason = "unreachable" if "disk i/o" in text else ""  # a drive gone while open
    return LibraryUnusable(f"{path}: the {label} cannot be used ({exc})", reason=reason)


# A full disk is SQLITE_FULL only where SQLite writes the main file or its
# journal; growing the `-shm` index, or writing past a file size limit, is a
# "disk I/O error" like a drive gone. SQLite keeps errno: the disk tells.
_GROWING = {"SQLITE_IOERR_WRITE", "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_TRUNCATE"}


def _no_room(exc: sqlite3.Error, path: Path) -> bool:
    """An I/O error on a disk with no free space, or under a file size limit (a quota)."""
    if getattr(exc, "sqlite_errorname", "") not in _GROWING:
        return False
    try:
        import resource  # not on Windows, where statvfs fails first

        full = os.statvfs(Path(path).parent).f_bavail == 0
        return full or resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY
    except (OSError, AttributeError, ImportError):  # the drive gone; Windows
        return False
