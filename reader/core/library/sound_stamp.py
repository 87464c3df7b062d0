"""`<data folder>/sound-stamp.json`: the library file as a sync left it, known sound.

A sync looks for damaged article cells (cell_scan.py) before it says
"already up to date" and before it keeps an installed row; on 10,000
articles that reads all the text, a quarter to half a second, every time.
But a sync writes only cells a read accepts, so the library can hold a
damaged one only if something other than a sync changed the file since.
This record says what the file was when it was last known sound: the
(st_dev, st_ino, st_size, st_mtime_ns) of `library.sqlite3` and of its
`-wal` (None when absent or empty: the library runs in WAL mode, so a hand
edit lands in the `-wal` first and in the main file at a checkpoint). While
both still match, the scan is skipped (`matches`).

sync.py writes it (`vouch`) once a sync succeeded and its connections are
closed (closing checkpoints the `-wal` into the main file, which changes
both): after a sync that changed the library (the rows it wrote are sound by
construction, the rows it kept were scanned or covered by a matching stamp),
or after an "already up to date" whose scan found nothing. An update check
that reads no bundle (a web source's 304 or same manifest, a `.zip`
address's HEAD, a look at a manifest alone: up_to_date.scan_cells) does the
same after its own clean scan (`vouch_scanned`), once its read connection is
closed, only while the file is still in the state it scanned, and never in a
folder it cannot write. Without it a big library edited once was scanned
again at every check. All these scans are the full one (`damaged_cell` with
`elements`), so a stamp means one thing. Another connection kept open (the
window) may checkpoint later: the stamp then no longer matches, and costs
one scan. An edit in the few milliseconds between a sync's close and its
stamp would be vouched for: accepted, as nothing but a person or a fault
changes the file.

Only a library of STAMP_FROM_BYTES or more gets one: a smaller one's scan
costs no more than the stamp. It is derived data: missing, unreadable,
malformed or not matching, and the scan runs as before; a write that fails
(a read-only folder, a full disk) is logged and forgotten. The accepted limit: a change that keeps a
file's size and restores its mtime (bit rot, `touch -r`) is not looked for.
A change made within the same tick of the file system's clock as the last
write before the stamp would keep the mtime too, so `record` waits until
that clock has moved past the files' mtimes and takes their state again.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path

from reader.core.inputs import TooLarge, read_regular_file
from reader.core.logfile import logger

STAMP_FILE = "sound-stamp.json"
# A smaller library is scanned every time instead: the scan is a few ms per MB
# (2.3 ms for the embedded 42 articles, 0.4 MB), no more than keeping a stamp,
# and the data folder holds no file that saves nothing.
STAMP_FROM_BYTES = 4 * 1024 * 1024
_TICK_WAIT_S = 0.2  # far above any file system clock's tick (1-10 ms on Linux)

log = logger(__name__)

State = tuple[tuple[int, int, int, int], tuple[int, int, int, int] | None]


def stamp_path(library: Path) -> Path:
    return Path(library).parent / STAMP_FILE


def _stat(path: str) -> tuple[int, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns


def state(library: Path) -> State | None:
    """The library file's and its `-wal`'s identity and state now; None without a file."""
    main = _stat(str(library))
    if main is None:
        return None
    wal = _stat(f"{library}-wal")
    # Any connection creates an empty -wal, and the last one closed removes it.
    return main, (wal if wal is not None and wal[2] > 0 else None)


def _read(library: Path) -> State | None:
    try:
        doc = json.loads(read_regular_file(stamp_path(library), 4096))
        main, wal = doc["library"], doc["wal"]
    except (OSError, TooLarge, ValueError, TypeError, KeyError, RecursionError):
        return None
    if not _four(main) or not (wal is None or _four(wal)):
        return None
    return tuple(main), None if wal is None else tuple(wal)  # type: ignore[return-value]


def _four(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 4
        and all(type(item) is int and item >= 0 for item in value)
    )


def matches(library: Path) -> bool:
    """Whether the library is as a sync left it known sound: no scan of its cells needed."""
    stamp = _read(library)
    return stamp is not None and stamp == state(library)


def vouch(library: Path) -> None:
    """`record`, unless the stamp already matches."""
    if not matches(library):
        record(library)


def vouch_scanned(library: Path, scanned: State | None) -> None:
    """Record the stamp after an update check's clean full scan of the file in the state
    `scanned` (None: nothing was scanned, nothing to vouch for).

    Only while the file is still in that state: a change since, by anyone, is
    not vouched for. A folder that cannot be written (read-only, a locked-down
    profile) gets no stamp and no warning: a check is read-only there, and
    would otherwise log the same failure at each check.
    """
    if scanned is None or not os.access(Path(library).parent, os.W_OK):
        return
    try:
        _record(Path(library), scanned)
    except OSError as exc:
        log.warning("could not record that %s is sound: %s", library, exc)


def record(library: Path) -> None:
    """Say the library, as it is now, is sound.

    Called with no connection of this process open. Never raises an OSError:
    the next sync then scans again.
    """
    try:
        _record(Path(library))
    except OSError as exc:
        log.warning("could not record that %s is sound: %s", library, exc)


def _record(library: Path, scanned: State | None = None) -> None:
    before = state(library)
    if before is None or before[0][2] < STAMP_FROM_BYTES:
        return
    if scanned is not None and before != scanned:
        return  # changed since it was scanned: not known sound
    fd, temp = tempfile.mkstemp(prefix=".sound-stamp.", suffix=".tmp", dir=library.parent)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as stream:
            if not _clock_past(stream.fileno(), before) or state(library) != before:
                return  # changing as we look, or a clock that does not move: no stamp
            main, wal = before
            json.dump({"library": main, "wal": wal}, stream)
        os.replace(temp, stamp_path(library))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _clock_past(fd: int, before: State) -> bool:
    """Wait until the file system's clock (our temporary file's mtime, touched) is past
    both files' mtimes: a later change then gets a later mtime."""
    newest = max(info[3] for info in before if info is not None)
    deadline = time.monotonic() + _TICK_WAIT_S
    while True:
        os.utime(fd)
        if os.fstat(fd).st_mtime_ns > newest:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
