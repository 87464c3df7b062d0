"""A damaged personal data file: kept as it is under another name, so that a new one can start.

The library holds content any bundle brings back, so a sync sets a damaged
one aside and rebuilds it by itself (library/placing.py). The personal data
file holds what the reader wrote: it is never rebuilt, emptied or written
over. When the window finds it damaged, the reader chooses between quitting
and going on with a new, empty file while the damaged one is kept, byte for
byte, under a name of its own (someone may recover what it holds, e.g. with
SQLite's `.recover`). This module does the keeping.
"""

from __future__ import annotations

import time
from pathlib import Path

from reader.core.database import unused_name
from reader.core.errors import LibraryUnusable
from reader.core.paths import USERDATA_FILE

JOURNALS = ("-wal", "-shm", "-journal")


def is_damaged_personal_file(exc: Exception, data_dir: Path) -> bool:
    """Whether `exc` says that `data_dir`'s personal data file is damaged."""
    return (
        isinstance(exc, LibraryUnusable)
        and exc.damaged
        and exc.path is not None
        and Path(exc.path) == Path(data_dir) / USERDATA_FILE
    )


def damaged_file_name(data_dir: Path) -> Path:
    """Where `set_damaged_file_aside` would keep the damaged file now."""
    return unused_name(Path(data_dir), f"{USERDATA_FILE}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")


def set_damaged_file_aside(data_dir: Path) -> Path:
    """Rename the personal data file, with its journal files, to `userdata.sqlite3.damaged-…`.

    Called when opening it has just said it is damaged; it is not opened
    again here (SQLite would act on its write-ahead log). The journals go
    with it: a log left beside a new file of the same name would be read
    into the new one. The new name is returned.
    """
    damaged = Path(data_dir) / USERDATA_FILE
    aside = damaged_file_name(data_dir)
    for suffix in JOURNALS:
        journal = Path(f"{damaged}{suffix}")
        if journal.exists():
            journal.rename(f"{aside}{suffix}")
    damaged.rename(aside)
    return aside
