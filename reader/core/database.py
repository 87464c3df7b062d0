"""Opening SQLite files the same careful way for the library and personal data.

Both files live in the data directory; both are opened in WAL mode with a
busy timeout, and environment errors (locked, damaged, unwritable) become
`LibraryUnusable` with plain words, while anything else is a bug. Commands
that only read open them read-only (`connect_read_only`), so that they work,
and a backup can be made, from a full disk or a read-only folder.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from reader.core.db_errors import explain
from reader.core.errors import LibraryUnusable

BUSY_TIMEOUT_MS = 10_000


def connect(
    path: Path,
    *,
    label: str,
    create: bool = True,
    durable: bool = True,
    build: bool = False,
    wait_ms: int = BUSY_TIMEOUT_MS,
) -> sqlite3.Connection:
    """A connection with the project's pragmas; LibraryUnusable on failure.

    `wait_ms` is the busy timeout: how long a statement waits for another
    connection's lock before it fails as "locked".

    `durable` (synchronous=FULL) makes each commit survive a power cut. The
    library does without it: in WAL mode a power cut can then undo the last
    sync, but never leaves a mix, and a sync's commit no longer waits on fsync.

    `build` is for a new file that no one else may see until it is complete
    (see `finish_build`): no journal at all, so every page is written once
    instead of to the WAL and then again to the file, and a lock held from
    the first statement to the close, which tells others it is in use.
    """
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryUnusable(
                f"{path.parent}: cannot create the data folder ({exc.strerror})"
            ) from exc
    conn = None
    try:
        conn = sqlite3.connect(
            path,
            timeout=wait_ms / 1000,
            isolation_level=None,  # autocommit; transactions are explicit
            check_same_thread=True,
        )
        conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        if build:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.row_factory = sqlite3.Row
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise explain(exc, path, label) from exc
    return conn


def connect_read_only(path: Path, *, label: str) -> sqlite3.Connection:
    """A connection that does not write, to an existing file; LibraryUnusable on failure.

    First an ordinary connection told to write nothing (`query_only`): as
    the last one to close, it tidies away the `-wal` and `-shm` files. In
    WAL mode even a reader needs the `-shm` index, which SQLite creates and
    grows on first use: on a read-only folder it cannot be created, on a full
    disk it cannot grow ("disk I/O error"). Then a read-only connection, and
    if that fails too and the file has no write-ahead log to read, nothing
    but the main file holds data and no one can be writing it: it is opened
    `immutable`, which reads the main file without the index or locks.
    """
    last: sqlite3.DatabaseError | None = None
    for options in ("mode=rw", "mode=ro"):
        try:
            return _open_uri(path, options)
        except sqlite3.DatabaseError as exc:
            last = exc
            text = str(exc).lower()
            if "not a database" in text or "malformed" in text or "corrupt" in text:
                raise explain(exc, path, label) from exc
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        assert last is not None
        raise explain(last, path, label) from last
    try:
        return _open_uri(path, "mode=ro&immutable=1")
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path, label) from exc


def _open_uri(path: Path, options: str) -> sqlite3.Connection:
    uri = Path(path).absolute().as_uri() + "?" + options  # `?`, `#`, `%` in names escaped
    conn = sqlite3.connect(
        uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=True
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # opens the file for real
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    return conn


def schema_version(conn: sqlite3.Connection, path: Path, label: str) -> int:
    """`PRAGMA user_version`: how many schema steps the file has had (0: none)."""
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path, label) from exc


def finish_build(conn: sqlite3.Connection, path: Path) -> None:
    """Close a `build` connection, leaving a WAL-mode file safely on disk."""
    conn.execute("PRAGMA journal_mode = WAL")  # recorded in the file's header
    conn.close()
    fsync_file(path)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BackgroundFlush:
    """Pushes a file being built to disk while it grows, from a thread.

    With no journal, the build's pages sit in the OS's cache until the final
    fsync, which then waits for all of them (half a second for 130 MB).
    Flushed as it goes, most of that writing overlaps the build's own work;
    the thread spends its time waiting on the disk, without the GIL.
    """

    INTERVAL = 0.25  # seconds

    def __init__(self, path: Path):
        self._path = path
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="library-flush", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(self.INTERVAL):
            try:
                fsync_file(self._path)
            except OSError:
                return  # the final fsync reports what matters

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


def fetch_all(
    conn: sqlite3.Connection | None, sql: str, params: tuple | dict, path: Path, label: str
) -> list[sqlite3.Row]:
    """The rows of a read; none when the file is not there (`conn` is None)."""
    if conn is None:
        return []
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.DatabaseError as exc:
        raise explain(exc, path, label) from exc


def migrate(
    conn: sqlite3.Connection,
    steps: list[Callable[[sqlite3.Connection], None]],
    path: Path,
    label: str,
) -> None:
    """Bring the schema to the newest version, each step in its own transaction.

    `PRAGMA user_version` records how many steps have run. A file written by
    a newer app (more steps than we know) is refused rather than damaged.
    """
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        refuse_newer(current, steps, path, label)
        for number in range(current, len(steps)):
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Read again under the write lock: another program opening
                # the same old file may have run this step since (running
                # it twice fails, e.g. "no such column").
                done = conn.execute("PRAGMA user_version").fetchone()[0]
                refuse_newer(done, steps, path, label)
                if done <= number:
                    steps[number](conn)
                    conn.execute(f"PRAGMA user_version = {number + 1}")
                conn.execute("COMMIT")
            except BaseException:
                # A COMMIT the disk refused may have rolled back already:
                # a second ROLLBACK would hide why ("no transaction is active").
                with suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                raise
    except sqlite3.Error as exc:
        raise explain(exc, path, label) from exc


def create_whole(path: Path, steps: list[Callable[[sqlite3.Connection], None]], label: str) -> None:
    """Make a new database file complete under another name, then put it in place.

    So that a crash never leaves a zero-byte file behind, which `refuse_empty`
    would then (rightly) report as lost data. Made private to its owner.
    """
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(temporary, os.O_CREAT | os.O_RDWR, 0o600))
    except OSError as exc:
        raise LibraryUnusable(f"{path}: cannot create the {label} file ({exc.strerror})") from exc
    try:
        # No journal while it is made: in WAL mode its tables sat in a -wal that a full
        # disk kept from being copied, then was removed below: a "damaged" file in place.
        conn = connect(temporary, label=label, build=True)
        try:
            migrate(conn, steps, path, label)  # its words name the file, not the temporary
            conn.execute("PRAGMA journal_mode = WAL")  # recorded in the file's header
        except sqlite3.Error as exc:
            raise explain(exc, path, label) from exc
        finally:
            conn.close()
        fsync_file(temporary)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: theirs is as good
        except OSError:  # a file system without hard links (FAT on a USB stick)
            if not path.exists():
                os.replace(temporary, path)
    except OSError as exc:
        raise LibraryUnusable(f"{path}: cannot create the {label} file ({exc.strerror})") from exc
    finally:
        for leftover in ("", "-wal", "-shm"):
            Path(f"{temporary}{leftover}").unlink(missing_ok=True)


def refuse_newer(current: int, steps: list, path: Path, label: str) -> None:
    if current > len(steps):
        raise LibraryUnusable(
            f"{path}: the {label} was written by a newer version of SCI Research "
            "Reader; please update the app"
        )


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One all-or-nothing transaction that takes the write lock at its start.

    BEGIN IMMEDIATE waits (up to the busy timeout) for another writer to
    finish, where a deferred BEGIN would fail at its first write without
    waiting. Any exception, a cancel included, rolls everything back.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        # A Ctrl-C inside `with`'s own machinery leaves this generator
        # suspended, to be closed later, maybe after its connection was
        # closed, which rolled the transaction back already.
        with suppress(sqlite3.ProgrammingError):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def unused_name(folder: Path, name: str) -> Path:
    """`name`, or `name-2`, `name-3`...: a set-aside file never replaces an earlier one."""
    candidate, number = folder / name, 1
    while any(Path(f"{candidate}{s}").exists() for s in ("", "-wal", "-shm")):
        number += 1
        candidate = folder / f"{name}-{number}"
    return candidate
