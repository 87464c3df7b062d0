"""The library file held open: opened (read-write, read-only or as a new build),
told apart from a file that replaced it, opened again, closed.

A window keeps the library open for hours while syncs rebuild it and
readers restore copies, so the connection's life is a job of its own:
`replaced()` says whether the file at the path is still the one opened
(device and inode), `reopen()` opens it again without ever creating a
missing one, and until a reopen succeeds every read raises why it failed
(`check_readable`), never "an empty library". store.py's `Library` is this
file plus everything the app reads from it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Self

from reader.core.database import (
    BUSY_TIMEOUT_MS,
    BackgroundFlush,
    connect,
    connect_read_only,
    fetch_all,
    finish_build,
    migrate,
    refuse_newer,
    schema_version,
)
from reader.core.db_errors import explain, refuse_not_a_file
from reader.core.errors import LibraryUnusable
from reader.core.library.helper import HelperConnection
from reader.core.library.schema import LABEL, SCHEMA_STEPS
from reader.core.paths import LIBRARY_FILE

# The oldest schema the reads below work on unchanged: step 3 only re-keyed
# `article_categories` by `title_key` instead of `title`, which
# `_category_key` allows for, and step 4 added two columns, which
# `_select` reads from where older apps kept them (`legacy_value`). A
# read-only opening reads such a file as it is.
READABLE_SINCE = 2
JOURNALS = ("-wal", "-shm")  # SQLite's own files beside it, opened with it


class Opening:
    """One opening of the library file: what search caches for it (its vocabulary,
    its synonyms) belongs to it, and goes when the file is opened again (`reopen`)."""


class LibraryFile:
    """A connection to the library file. One per thread (sqlite3's rule)."""

    def __init__(
        self,
        data_dir: Path,
        *,
        create: bool = True,
        file_name: str = LIBRARY_FILE,
        build: bool = False,
        read_only: bool = False,
    ):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / file_name
        refuse_not_a_file(self.path, LABEL, JOURNALS)  # before SQLite hangs on a pipe
        self.exists = self.path.exists()
        self.conn: sqlite3.Connection | None = None
        self.build = build
        self.read_only = read_only
        self._flush: BackgroundFlush | None = None
        self._helper: HelperConnection | None = None
        self._forget_reads()
        self.opening = Opening()  # search's caches are kept per opening
        self._unusable: LibraryUnusable | None = None  # why the last `reopen` failed
        self._identity = _identity(self.path)  # which file was opened (see `replaced`)
        if not self.exists and not create:
            return
        if read_only and self._open_read_only():
            return
        self.conn = connect(self.path, label=LABEL, durable=False, build=build)
        self._flush = BackgroundFlush(self.path) if build else None
        try:
            migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)
        except BaseException:
            self.close()
            raise
        self.exists = True

    def _open_read_only(self) -> bool:
        """Open for reading only; False if the schema is too old to read as it is.

        A file with no schema (zero bytes, or never finished) reads as an empty
        library, and one of an older schema that today's reads understand is
        read without its migration (the next sync or window start makes it):
        reading commands never write, and so work on a read-only folder.
        """
        self.conn = connect_read_only(self.path, label=LABEL)
        try:
            version = schema_version(self.conn, self.path, LABEL)
        except BaseException:
            self.close()
            raise
        if READABLE_SINCE <= version <= len(SCHEMA_STEPS):
            return True
        self.close()
        refuse_newer(version, SCHEMA_STEPS, self.path, LABEL)
        if version == 0:
            self.exists = False
            return True
        # Schema 1 kept the search text in the index only (step 2 moved it
        # into `articles`): reading it as it is would need a second set of
        # queries for a file no release since has written, so it is
        # migrated through a writable connection, as before. That is the
        # one case in which a reading command writes; on a read-only folder
        # it fails with "cannot be opened", and a sync (or the window) on a
        # writable copy brings the file up to date.
        return False

    def replaced(self) -> bool:
        """True when the file at `path` is no longer the one this object opened:
        deleted, or replaced by another program (a sync's rebuild, a restored copy).
        An open connection goes on reading the old file; `reopen` reads the new one."""
        return self.conn is None or _identity(self.path) != self._identity

    def reopen(self, *, wait_ms: int = BUSY_TIMEOUT_MS) -> None:
        """Close, and open the file at `path` again (the window, after the library
        could not be read); LibraryUnusable if it cannot be read, or is not there.

        A missing file is not created (its folder may be a drive that is not
        connected). `wait_ms`: how long a read may wait for another program's lock.
        """
        self.close()
        self._forget_reads()
        self.opening = Opening()
        self._identity = _identity(self.path)
        self._unusable = None
        try:
            self._open_again(wait_ms)
        except LibraryUnusable as exc:
            self.close()
            self._unusable = exc  # every read says it, never "an empty library"
            raise

    def _open_again(self, wait_ms: int) -> None:
        if self._identity is None:
            raise LibraryUnusable(
                f"{self.path}: the {LABEL} file is missing (moved or deleted, or its drive "
                "or network folder is not connected)",
                reason="missing",
            )
        refuse_not_a_file(self.path, LABEL, JOURNALS)
        if self.read_only and self._open_read_only():
            return
        try:
            self.conn = connect(
                self.path, label=LABEL, create=False, durable=False, wait_ms=wait_ms
            )
            migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)  # a restored older copy
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc
        self.exists = True

    def check_readable(self) -> None:
        """Raise what made the last `reopen` fail (the file cannot be read), if it did."""
        if self._unusable is not None:
            raise self._unusable

    def close(self) -> None:
        self._stop_flush()
        if self._helper is not None:
            self._helper.close()
            self._helper = None
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _stop_flush(self) -> None:
        if self._flush is not None:
            self._flush.stop()
            self._flush = None

    def finish_build(self) -> None:
        """Close a library opened with `build=True`, its file complete and on disk."""
        assert self.build and self.conn is not None
        self._stop_flush()
        conn, self.conn = self.conn, None
        try:
            finish_build(conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc

    def _forget_reads(self) -> None:
        """What the reads learnt of the file they opened (its columns): another file now."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        self.check_readable()
        return fetch_all(self.conn, sql, params, self.path, LABEL)

    def helper(self) -> HelperConnection:
        """A second connection on a thread of its own, for reads split in two (see search)."""
        if self._helper is None:
            self._helper = HelperConnection(self.path, read_only=self.read_only)
        return self._helper


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode, or None when there is no file at `path`."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
