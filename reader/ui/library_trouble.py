"""The library file could not be read while the window runs: said once, in words, and retried.

The library may stop being readable under a running window: its file
damaged, replaced or deleted by another program, held locked by one, or on
a USB or network folder that went away. Every read the window makes at run
time goes through `LibraryTrouble.read` (the navigator around a page's
show, the search, the Menu's pages, the status line, a list loading more),
never through try/except of its own. On a `LibraryUnusable`:

- nothing changes on screen: the page shown stays as it was, and usable
  (Back, Home, Quit, Bookmarks and My notes, which live in the personal
  data file); nothing typed is touched;
- a notice in the status line says what happened and what to do, with
  "Try again", and is announced; a second failure while it shows says
  "still" in the status line, so that every action that did nothing is
  heard;
- the next read first opens the file again (`Library.reopen`): a sync from
  the command line that rebuilt a damaged library, a lock let go, a drive
  connected again, all work at once, without a restart. A read that works
  again takes the notice away and says so, once the library really reads
  again: a file that was locked, missing or unreachable reads whole or not
  at all, but a damaged one may be damaged in part (its version, one
  table), and a read that missed the damage (the disclaimer page, while
  Home cannot be shown) said "can be read again" and hid the notice.
  So after damage only a read of a changed file (a sync's rebuild, a
  restored copy) counts;
- each is said once: the reads of one action or of the start (a page, the
  status line, the first-start check) fail together, and said "still"
  after the notice as often as they failed.

Before each read the file's identity is compared with the one opened (one
`stat`): a library replaced or deleted by another program is opened anew
rather than read from the old file. Nothing here runs before the first
read of Home, and nothing of it imports more than the status line does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.core.errors import LibraryUnusable
from reader.ui.qt import QObject, QTimer, Signal

if TYPE_CHECKING:
    from reader.core.library.store import Library

T = TypeVar("T")

LIBRARY_UNREADABLE = "library-unreadable"  # the notice's key (reader.ui.notice_bar)
# How long a read waits for another program's lock once the file is opened
# again: the window's thread must not stand still for the 10 s a sync waits.
WAIT_MS = 2000
SAFE = "Your bookmarks and notes are safe."
REMEDY = {
    "damaged": "Choose Menu, then Update library, to repair it.",
    "locked": "Another program is using it; try again when it has finished.",
    "missing": "It was moved or deleted, or its drive or network folder is not connected.",
    "unreachable": "Its drive or network folder may not be connected.",
    "full": "The disk is full: free some space, then choose Try again.",
}
SHORT = "The summaries cannot be read right now."
AGAIN = "The summaries can be read again."
STILL = "The summaries still cannot be read."


# A clinic kiosk's visitor can neither update the library (its Menu has no Update
# library) nor free space or connect a drive, and where the files are is IT's (the log).
KIOSK_REMEDY = "Please tell the staff."


def trouble_words(exc: LibraryUnusable, kiosk: bool = False) -> str:
    """The notice's sentence: what happened, that personal data is safe, what to do."""
    what = {
        "damaged": "the library file is damaged",
        "locked": "the library file is in use by another program",
        "missing": "the library file is missing",
        "unreachable": "the library file cannot be opened",
    }.get(exc.reason, "the library file cannot be read")
    if kiosk:
        return f"The summaries cannot be shown: {what}. {SAFE} {KIOSK_REMEDY}"
    remedy = REMEDY.get(exc.reason, "Choose Try again, or Menu, then Update library.")
    return f"The summaries cannot be shown: {what}. {SAFE} {remedy} ({exc})"


class LibraryTrouble(QObject):
    """The window's guard around its reads of the library (one per window)."""

    recovered = Signal()  # a read worked again after a failure
    retry_requested = Signal()  # the notice's "Try again"

    def __init__(self, window, library: Library):
        super().__init__(window)
        self._window = window  # its status line shows the notice (made after this)
        self.library = library
        # Try again: the window reads all again; a read that works again: its status line.
        self.retry_requested.connect(lambda: window.refresh_all())
        self.recovered.connect(lambda: QTimer.singleShot(0, window, window.update_status))
        self.failing: LibraryUnusable | None = None
        self._reports = 0  # failures said so far: a read is a recovery only if none was new
        self._damaged_file: tuple[int, ...] | None = None  # the file found damaged, as it was
        self._said = False  # a failure was said in this turn of the event loop
        self._depth = 0  # reads under way (a page's show holds a list's or the titles')

    def read(self, job: Callable[[], T], fallback: T) -> T:
        """`job()`, or `fallback` when the library cannot be read (said to the reader).

        A job that reads nothing of the library (Bookmarks, My notes; their
        own reads of it guarded inside) runs even while the file cannot be read.
        """
        reports = self._reports
        outermost = not self._depth  # a read inside another (a page's) was prepared by it
        if outermost and (self.failing is not None or self.library.replaced()):
            try:
                self.library.reopen(wait_ms=WAIT_MS)
            except LibraryUnusable as exc:  # its reads raise it again: said once
                self._report(exc)
        self._depth += 1
        try:
            result = job()
        except LibraryUnusable as exc:
            if exc is not self.failing:
                self._report(exc)
            return fallback
        finally:
            self._depth -= 1
        if not outermost:
            return result
        if self.failing is not None and self._reports == reports and self._reads_again():
            self.failing = None
            self._notices().hide_notice(LIBRARY_UNREADABLE)
            self._window.statusBar().showMessage(AGAIN)
            self.recovered.emit()
        return result

    def _reads_again(self) -> bool:
        """A read worked: the library reads again, unless it was found damaged and the
        file is still the one found so (the read missed the damaged part)."""
        return self._damaged_file is None or _file_state(self.library.path) != self._damaged_file

    def _notices(self):
        return self._window.statusBar().notices

    def _report(self, exc: LibraryUnusable) -> None:
        self.failing = exc
        self._reports += 1
        self._damaged_file = _file_state(self.library.path) if exc.damaged else None
        kiosk = bool(self._window.property("kiosk"))
        if kiosk:  # the file's path and SQLite's words: for IT, in the data folder's log
            from reader.core.logfile import logger

            logger(__name__).warning("kiosk: the library cannot be read: %s", exc)
        words = trouble_words(exc, kiosk)
        notices = self._notices()
        showing = notices.shown(LIBRARY_UNREADABLE)
        if showing is not None and showing.text == words:
            if not self._said:  # heard: this action did nothing (once, not once a read)
                self._window.statusBar().showMessage(STILL)
                self._said_now()
            return
        self._said_now()
        notice = notices.show_notice(
            LIBRARY_UNREADABLE, words, "Try again", self.retry_requested.emit, SHORT
        )
        if notice is None:  # the reader hid these words: the status line says them
            self._window.statusBar().showMessage(words)

    def _said_now(self) -> None:
        if not self._said:
            self._said = True
            QTimer.singleShot(0, self, self._next_turn)  # the next action's failure is said

    def _next_turn(self) -> None:
        self._said = False


def _file_state(path: Path) -> tuple[int, ...] | None:
    """Which file is at `path` and whether it changed: another program's sync
    rebuilds it (a new file) or changes it in place (its size or time)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns
