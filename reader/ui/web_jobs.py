"""Web update calls off the window's thread: the worker and the record.

`Job` runs one call (a check, a download) on a QThread and hands back its
value or its error through a signal; it never touches a widget. `recorded`
writes each outcome as the last check (`status --json`), as the command line
and the schedule do for the configured source.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from reader.core.errors import ReaderError
from reader.ui.qt import QObject, QThread, Signal


def recorded(data_dir: Path, source: str, run: Callable[[], object]):
    """`run()` (a check or a download), its outcome recorded as the last check (status --json).

    Off the window's thread, as the call it wraps. Up to date, updated,
    rejected, refused and offline are recorded; a cancel or a found update
    waiting for the reader's yes says nothing about the source yet.
    """
    from reader.core.library.last_check import record_last_check
    from reader.core.library.update_check import result_of

    try:
        value = run()
    except ReaderError as exc:
        result = result_of(exc)
        if result is not None:
            record_last_check(data_dir, source, result)
        raise
    result = getattr(value, "result", None) or ("up-to-date" if value.up_to_date else None)
    if result is not None:
        record_last_check(data_dir, source, result)
    return value


class Job(QThread):
    """`work(job)` off the window's thread; `ended(value, error)` with one of them None."""

    progressed = Signal(object, object)  # bytes done, bytes in all (Python ints: past 2 GB)
    ended = Signal(object, object)

    def __init__(self, work: Callable[[Job], object], parent: QObject):
        super().__init__(parent)
        self.work = work
        self.cancel_event = threading.Event()
        self.then: Callable[[object, object], None] | None = None

    def run(self) -> None:
        try:
            value = self.work(self)
        except Exception as exc:  # ReaderErrors, and bugs: told in words, the app goes on
            self.ended.emit(None, exc)
        else:
            self.ended.emit(value, None)
