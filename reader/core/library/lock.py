"""The sync lock: held by a sync while it decides what the library is and changes it.

SQLite's write lock serialises syncs that change the library in place, but
a damaged library cannot be locked through SQLite, and a rebuild replaces
the file by renaming it, which no SQLite lock covers. So the steps that
change the library hold this lock as well: a sync's write transaction, and
a rebuild's "is it still damaged? then put the new file in its place".

It is an OS lock (flock) on the data folder itself, so no extra file appears
there, and the OS lets go of it when the process dies: a killed sync never
leaves the library locked. Where folders cannot be locked (Windows), a
`sync.lock` file in the folder is locked instead (msvcrt).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.core.errors import LibraryUnusable
from reader.core.identity import DISPLAY_NAME

# As patient as a sync waiting for another's write transaction, and more:
# another sync's whole update may run under the lock.
LOCK_TIMEOUT = 120.0
_POLL = 0.02

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


@contextmanager
def sync_lock(data_dir: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the data folder's sync lock, waiting up to `timeout` seconds for it.

    LibraryUnusable (exit 5) if another program keeps it that long. Not
    re-entrant: a second hold in the same process waits for the first.
    """
    path = Path(data_dir)
    try:
        if fcntl is not None:
            fd = os.open(path, os.O_RDONLY)
        else:
            fd = os.open(path / "sync.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LibraryUnusable(f"{path}: cannot lock the data folder ({exc.strerror})") from exc
    try:
        _acquire(fd, path, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return
        except OSError as exc:
            if fcntl is not None and not isinstance(exc, BlockingIOError):
                raise LibraryUnusable(
                    f"{path}: cannot lock the data folder ({exc.strerror})"
                ) from exc
        if time.monotonic() >= deadline:
            raise LibraryUnusable(
                f"{path}: the library is in use by another program (another copy of "
                f"{DISPLAY_NAME}?) and stayed locked; try again when it has finished"
            )
        time.sleep(_POLL)


def _release(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
