"""SQLite's errors in words a person can act on, for the library and personal data.

SQLite says "database or disk is full", "attempt to write a readonly
database" or "disk I/O error"; the reader needs to hear which file, what
happened to it (in use, damaged, read-only, no room, gone) and what to do.
`LibraryUnusable.reason` carries the kind for the window and the exit codes.
A file holding a value its app never writes is said in one sentence,
`damaged`, wherever it is found. Something that is not a file in a
database's place (a named pipe SQLite would wait on for ever, a device, a
folder, a link to nothing) is said before SQLite opens it (`refuse_not_a_file`).
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
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


def refuse_empty(path: Path, label: str) -> None:
    """A zero-byte file lost its content (SQLite never leaves one): say so, by name.

    Something else in its place (a folder, a named pipe) is named for what it is.

    Starting an empty database over it would hide the loss; a person must
    decide (restore a backup, or move it away).
    """
    refuse_not_a_file(path, label)
    try:
        info = path.stat()
    except OSError:
        return
    if info.st_size == 0:
        raise LibraryUnusable(
            f"{path}: the {label} file is empty (0 bytes), so what it held cannot be "
            "read; restore it from a backup, or move it away to start afresh"
        )


def refuse_not_a_file(path: Path, label: str, journals: tuple[str, ...] = ()) -> None:
    """LibraryUnusable if `path` (or a journal, `path` + suffix) is there but is not a file.

    SQLite opening a named pipe blocks until a writer comes (for ever), a
    device reads as an empty database, a folder as "disk I/O error"; a link
    to nothing is a file out of reach (a drive not connected), not an empty
    one. Each is said for what it is, before SQLite is asked to open it.
    """
    for suffix in ("", *journals):
        name = Path(f"{path}{suffix}")
        what = f"the {label} file" + ("'s journal" if suffix else "")
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError:
            if os.path.islink(name):
                raise LibraryUnusable(
                    f"{name}: is a link to {os.readlink(name)}, which is missing (moved or "
                    "deleted, or its drive or network folder is not connected)",
                    reason="missing",
                ) from None
            continue
        except OSError:
            continue  # SQLite says what is wrong with it
        if not stat.S_ISREG(mode):  # a pipe or a device says 0 bytes too: say what it is
            kind = "a folder" if stat.S_ISDIR(mode) else "a named pipe or a device"
            raise LibraryUnusable(
                f"{name}: is {kind}, not {what}; move it away{_odd_remedy(label, suffix)}",
                reason="unreachable",
            )


def _odd_remedy(label: str, suffix: str) -> str:
    if suffix:
        return ""  # SQLite makes a journal again when it needs one
    # The library holds only synced content (db_errors.LIBRARY); personal data does not.
    return ", and a sync rebuilds it" if label == LIBRARY else ", or restore the file from a backup"
