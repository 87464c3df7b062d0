"""The window's library, and a private copy when the data folder cannot hold one.

A clinic may lock a waiting-room machine's profile read-only, and a patient
may run the reader from a read-only USB stick. When such a folder holds no
library yet, the first start's import of the embedded library cannot write
its file there, and the window had nothing to show: it did not open at all
("the library file cannot be written"). The library is only content that a
bundle brings back whole (docs/architecture.md, "Two SQLite files"), so the
window then imports it into a private temporary folder of its own, reads it
from there, and removes that folder when it no longer needs it. Nothing is
ever written in the reader's folder; personal data and settings stay there,
opened read-only as for any read-only folder (the window says so).
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

from reader.core.errors import LibraryUnusable
from reader.core.identity import DATA_NAME
from reader.core.library.store import Library
from reader.core.paths import LIBRARY_FILE, opened_for_the_window, read_only_folder


def window_library(data_dir: Path) -> Library:
    """The library the window reads: the data folder's (`paths.opened_for_the_window`),
    or, when that folder cannot be written and holds no library, an empty one in a
    private temporary folder, for the first start's import to fill (`is_private`)."""
    data_dir = Path(data_dir)
    if not read_only_folder(data_dir):
        return opened_for_the_window(Library, data_dir)
    if os.path.lexists(data_dir / LIBRARY_FILE):
        library = Library(data_dir, read_only=True)
        if not _never_synced(library):
            return library
        library.close()  # a start that ended before its import: nothing to read either
    return _private_library(data_dir)


def is_private(library: Library, data_dir: Path) -> bool:
    """Whether `library` is a private copy, not the one in the reader's `data_dir`."""
    return Path(library.data_dir) != Path(data_dir)


def _never_synced(library: Library) -> bool:
    try:
        return library.status().library_version is None
    except LibraryUnusable:  # there, but unreadable: the window's guard says why
        return False


def _private_library(data_dir: Path) -> Library:
    # Loaded only here: the ordinary start path never needs them.
    import shutil
    import tempfile

    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{DATA_NAME}-library-"))
    except OSError as exc:  # a machine locked down further still: said, never a traceback
        raise LibraryUnusable(
            f"{data_dir}: this folder cannot be written and holds no library yet, and no "
            f"temporary folder could be made to read one from ({exc.strerror or exc}). "
            "Ask whoever looks after this computer",
            reason="read-only",
        ) from exc
    try:
        library = Library(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # Removed once the window lets go of its library, or at the latest when the
    # app ends (weakref.finalize runs at exit), never left for the system to find.
    weakref.finalize(library, shutil.rmtree, folder, ignore_errors=True)
    return library
