"""A new library file, built beside the library and then put in its place.

A first sync, and the rebuild of a damaged library, write a file of their
own (`library.sqlite3.<pid>-<random>.build`) that takes the library's name
only once it is complete: no one sees it half-built, and a killed sync
leaves the old state. This module decides when a sync builds such a file,
gives it the library's name (under the sync lock, checking again what is
there by then), sets a damaged library aside, and removes the files of
builds that killed syncs left behind.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from reader.core.database import unused_name
from reader.core.db_errors import explain, refuse_not_a_file
from reader.core.errors import LibraryUnusable
from reader.core.library.cell_scan import damaged_cell
from reader.core.library.cells import CellError
from reader.core.library.library_file import JOURNALS
from reader.core.library.lock import LOCK_TIMEOUT, sync_lock
from reader.core.library.schema import LABEL
from reader.core.library.store import Library, open_library
from reader.core.library.writer import read_installed
from reader.core.logfile import logger
from reader.core.paths import LIBRARY_FILE

# Why a sync builds a new file instead of changing the library in place.
NEW = "new"  # there is no library yet
DAMAGED = "damaged"  # the library is damaged: rebuilt, then the damaged one set aside
BUILD_SUFFIX = ".build"
# A finished build is closed (unlocked, no longer written) while its sync
# waits up to LOCK_TIMEOUT for the sync lock to put it in place: only a file
# left longer than that, with a margin, can be no sync's any more.
STALE_BUILD_SECONDS = LOCK_TIMEOUT + 60

log = logger(__name__)


def open_library_for_sync(data_dir: Path) -> tuple[Library, str | None]:
    """The library to sync into, and why it is a new file being built (or None).

    A first sync, and the rebuild of a damaged library, write a file of their
    own that takes the library's name only once it is complete: no one can
    see it half-built, a killed sync leaves no library (or the damaged one)
    as before, and with no one else reading it the file is written without a
    journal, which halves what a 10,000-article first sync writes to disk.

    The library only holds synced content, which the bundle being imported
    brings back in full, and personal data lives in another file, so a
    damaged library can be rebuilt; a rejected bundle leaves it as it was.
    """
    # A pipe, a folder or a link to nothing in the library's place is the
    # person's, never built over nor deleted: said in one line instead.
    refuse_not_a_file(data_dir / LIBRARY_FILE, LABEL, JOURNALS)
    if not (data_dir / LIBRARY_FILE).exists():
        return start_build(data_dir), NEW
    library = None
    try:
        library = open_library(data_dir)
        library.meta()
        return library, None
    except LibraryUnusable as exc:
        if library is not None:
            library.close()
        if not exc.damaged:
            raise
    return start_build(data_dir), DAMAGED


def start_build(data_dir: Path) -> Library:
    name = f"{LIBRARY_FILE}.{os.getpid()}-{os.urandom(4).hex()}{BUILD_SUFFIX}"
    build = Path(data_dir) / name
    try:
        return open_library(data_dir, file_name=name, build=True)
    except LibraryUnusable as exc:
        # Made but not even given its tables (a full disk), or never made (a
        # read-only folder): no one else's, removed now, so that a refused first
        # sync leaves no file (nor the folder it made).
        remove_database(build)
        raise _of_the_library(exc, build, Path(data_dir) / LIBRARY_FILE) from exc
    except BaseException:
        remove_database(build)
        raise


def _of_the_library(exc: LibraryUnusable, build: Path, library: Path) -> LibraryUnusable:
    """The error said of the library file: a person never sees the build's own name."""
    text = str(exc)
    if text.startswith(f"{build}:"):
        text = f"{library}{text[len(str(build)) :]}"
    return LibraryUnusable(text, damaged=exc.damaged, path=library, reason=exc.reason)


def remove_stale_builds(data_dir: Path) -> None:
    """Delete the files of builds that a killed sync left behind.

    A build in progress holds a lock on its file for its whole run and
    writes to it all the time, and a finished one is put in place within
    LOCK_TIMEOUT, so a file that is unlocked and has not been written to
    for STALE_BUILD_SECONDS is a leftover.
    """
    if not data_dir.is_dir():
        return
    for path in data_dir.glob(f"{LIBRARY_FILE}.*{BUILD_SUFFIX}"):
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue  # not a build (SQLite would wait for ever on a pipe): not ours
            if time.time() - info.st_mtime < STALE_BUILD_SECONDS or _locked(path):
                continue
        except OSError:
            continue
        remove_database(path)


def _locked(path: Path) -> bool:
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except sqlite3.DatabaseError:
        return False  # not even a database: a build killed at its start
    finally:
        conn.close()
    return False


def remove_database(path: Path) -> None:
    """Delete a file this app made and its journals, as far as the disk lets it.

    Never raises an OSError: it is a clean-up, run while another error (the
    one to report) is on its way, and a file it cannot delete (a read-only
    folder) is logged; a build is then removed by a later `remove_stale_builds`.
    """
    # Its journal files first: a -wal left without its database could
    # otherwise be read as part of the next file to take that name.
    for suffix in ("-wal", "-shm", "-journal", ""):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove %s%s: %s", path, suffix, exc)


def put_in_place(built: Path, library: Path) -> bool:
    """Give a complete new library file the library's name, unless one exists by now.

    A hard link never replaces an existing file, so a library another
    program created meanwhile (and may have open) is left alone: False.
    """
    with sync_lock(library.parent):
        return _link_in_place(built, library)


def _link_in_place(built: Path, library: Path) -> bool:
    _refuse_vanished(built)
    if not os.path.lexists(library):
        # A -wal or -shm without its database belongs to no library: left
        # there, SQLite would apply it to this one.
        for suffix in ("-wal", "-shm"):
            Path(f"{library}{suffix}").unlink(missing_ok=True)
    try:
        os.link(built, library)
    except FileExistsError:
        remove_database(built)
        return False
    except FileNotFoundError as exc:
        raise _vanished(built) from exc
    except OSError:  # a file system without hard links
        if os.path.lexists(library):
            remove_database(built)
            return False
        try:
            built.rename(library)
        except FileNotFoundError as exc:
            raise _vanished(built) from exc
    else:
        built.unlink()
    _sync_directory(library.parent)
    return True


def _refuse_vanished(built: Path) -> None:
    if not built.exists():
        raise _vanished(built)


def _vanished(built: Path) -> LibraryUnusable:
    """A finished build deleted before it took the library's name (by another
    program, or by hand): nothing changed, and a new sync builds it again."""
    return LibraryUnusable(
        f"{built}: the new library file was removed before it could be put in place; "
        "nothing was changed: sync again"
    )


def _sync_directory(directory: Path) -> None:
    """Make a new name in `directory` survive a power cut (POSIX; NTFS journals it)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_damaged(data_dir: Path, rebuilt: Path) -> bool:
    """Set the damaged library aside (kept for inspection) and put the rebuild in its place.

    Under the sync lock, and only if the library is still damaged: another
    sync may have rebuilt it since this one looked, and its library must
    not be set aside as "damaged" nor replaced without the version rules.
    False (the rebuild deleted) if the library is no longer damaged.
    """
    library = data_dir / LIBRARY_FILE
    with sync_lock(data_dir):
        try:
            _refuse_vanished(rebuilt)
            if not os.path.lexists(library):
                return _link_in_place(rebuilt, library)
            if not _damaged(data_dir):
                remove_database(rebuilt)
                return False
        except BaseException:
            remove_database(rebuilt)
            raise
        aside = unused_name(data_dir, f"{LIBRARY_FILE}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        # Its journal files first (they belong to the damaged file, not the
        # rebuild); then the file is kept under its new name as well, and the
        # rebuild takes the library's name in one step: there is always a library.
        for suffix in ("-wal", "-shm"):
            journal = Path(f"{library}{suffix}")
            if journal.exists():
                journal.rename(f"{aside}{suffix}")
        try:
            os.link(library, aside)
        except OSError:  # a file system without hard links
            library.rename(aside)
        os.replace(rebuilt, library)
        _sync_directory(data_dir)
    return True


def _damaged(data_dir: Path) -> bool:
    """Whether the library is damaged: its `meta` (what a sync first reads) and the
    values there (meta.py), the article cells a sync reads (`read_installed`) and
    those a read checks (cell_scan.py), then its pages.

    A sync that got this far found damage, maybe past `meta` (a table's
    pages, found while syncing in place), so the whole file is checked
    too. `quick_check` reads every page (0.1 s on 10,000 articles): it is
    run only here, never on a sync of a sound library.
    """
    try:
        with open_library(data_dir, create=False) as library:
            library.meta()
            assert library.conn is not None
            read_installed(library.conn)
            if damaged_cell(library.conn) is not None:
                return True
            problems = library.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            return problems != "ok"
    except CellError:
        return True
    except (sqlite3.DatabaseError, LibraryUnusable) as exc:
        unusable = (
            explain(exc, data_dir / LIBRARY_FILE, LABEL) if isinstance(exc, sqlite3.Error) else exc
        )
        if unusable.damaged:
            return True
        raise unusable from exc
