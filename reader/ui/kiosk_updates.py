"""A kiosk's scheduled library updates: checked in the background, applied between visitors.

With `update_check = "start"` or `"daily"` and an `update_source`, the source
is looked at when the window opens (and, for "daily", once a day after that)
on a worker thread, which only reads the source's manifest and compares its
version with the library's. A newer bundle is then *waiting*; the kiosk
applies it when nobody is reading (at once if the machine has not been used
since its last reset, else at the next reset), so no one's page changes under
their eyes. Applying is an ordinary sync on another worker thread: a rejected
bundle leaves the library as it was, and every outcome is logged for IT.
No widget is touched off the window's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from reader.core.bundle.manifest import parse_manifest
from reader.core.bundle.walk import open_bundle, read_manifest_bytes
from reader.core.config import ClinicConfig
from reader.core.errors import BundleRejected
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from reader.core.text.messages import library_updated
from reader.ui.qt import QObject, QThread, QTimer, Signal

log = logging.getLogger("reader.kiosk")
DAY_MS = 24 * 60 * 60 * 1000


def newer_version_at(data_dir: Path, source: str) -> int | None:
    """The version of the bundle at `source` if it is newer than the library's, else None.

    Only the manifest is read; BundleRejected or a ReaderError if it cannot be.
    """
    with open_bundle(source) as container:
        raw = read_manifest_bytes(container)
    problems: list = []
    manifest = parse_manifest(raw, problems)
    if manifest is None:
        raise BundleRejected(problems)
    with open_library(data_dir, create=False) as library:
        installed = library.status().library_version
    return manifest.version if installed is None or manifest.version > installed else None


class _Job(QThread):
    """Runs one function off the window's thread; `ended(ok, value or message)`."""

    ended = Signal(bool, object)

    def __init__(self, job: Callable[[], object], parent: QObject):
        super().__init__(parent)
        self._job = job

    def run(self) -> None:
        try:
            value = self._job()
        except Exception as exc:  # a bug or a bad source: logged, the kiosk goes on
            self.ended.emit(False, f"{type(exc).__name__}: {exc}")
        else:
            self.ended.emit(True, value)


class ScheduledUpdates(QObject):
    """`waiting` when a newer bundle is at the source; `applied(ok, message)` after apply()."""

    waiting = Signal()
    applied = Signal(bool, str)

    def __init__(self, parent: QObject, data_dir: Path, clinic: ClinicConfig, *, every_ms=DAY_MS):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.source = clinic.update_source
        self.when = clinic.update_check
        self.pending = False
        self.jobs: list[_Job] = []
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check)

    @property
    def enabled(self) -> bool:
        return bool(self.source) and self.when in ("start", "daily")

    def start(self) -> None:
        if not self.enabled:
            return
        QTimer.singleShot(0, self.check)
        if self.when == "daily":
            self.timer.start()

    def busy(self) -> bool:
        return any(job.isRunning() for job in self.jobs)

    def check(self) -> None:
        if self.busy() or self.pending:
            return
        source = self.source
        self._run(lambda: newer_version_at(self.data_dir, source), self._checked)

    def _checked(self, ok: bool, value: object) -> None:
        if not ok:
            log.warning("kiosk update check of %s failed: %s", self.source, value)
        elif value is None:
            log.info("kiosk update check of %s: the library is up to date", self.source)
        else:
            log.info("kiosk update check of %s: version %s is waiting", self.source, value)
            self.pending = True
            self.waiting.emit()

    def apply(self) -> None:
        """Install the waiting bundle (between visitors)."""
        if not self.pending or self.busy():
            return
        self.pending = False
        source = self.source
        self._run(lambda: sync(self.data_dir, source), self._done)

    def _done(self, ok: bool, value: object) -> None:
        if ok:
            message = library_updated(value)
            log.info("kiosk update from %s: %s", self.source, message)
        else:
            message = f"The update from {self.source} was not installed ({value})"
            log.warning("kiosk update from %s rejected; the library is unchanged: %s",
                        self.source, value)  # fmt: skip
        self.applied.emit(ok, message)

    def _run(self, job: Callable[[], object], then: Callable[[bool, object], None]) -> None:
        worker = _Job(job, self)
        worker.ended.connect(then)
        worker.finished.connect(lambda: self.jobs.remove(worker))
        self.jobs.append(worker)
        worker.start()

    def stop(self) -> None:
        """Stop checking; wait for a running job (the window closes)."""
        self.timer.stop()
        for job in list(self.jobs):
            job.wait()
