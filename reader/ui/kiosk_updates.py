"""A kiosk's scheduled library updates: checked in the background, applied between visitors.

With `update_check = "start"` or `"daily"` and an `update_source`, the source
is looked at when the window opens (and, for "daily", once a day after that)
on a worker thread, which only reads the source's manifest and compares its
version with the library's (`check_configured_source(apply=False)`). A newer
bundle is then *waiting*; the kiosk applies it when nobody is reading (at
once if the machine has not been used since its last reset, else at the next
reset), so no one's page changes under their eyes. Applying is the same
function with `apply=True`, a full sync on another worker thread: a rejected
bundle leaves the library as it was. Every outcome is recorded as the last
check (`status --json`) and logged for IT by core. No widget is touched off
the window's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.config import ClinicConfig
from reader.core.text.messages import library_updated
from reader.ui.qt import QObject, QThread, QTimer, Signal

if TYPE_CHECKING:
    from reader.core.library.update_check import CheckOutcome

DAY_MS = 24 * 60 * 60 * 1000


class _Job(QThread):
    """Runs one function off the window's thread; `ended(ok, value or message)`."""

    ended = Signal(bool, object)

    def __init__(self, job: Callable[[], object], parent: QObject):
        super().__init__(parent)
        self._job = job
        self.then: Callable[[bool, object], None] | None = None

    def run(self) -> None:
        try:
            value = self._job()
        except Exception as exc:  # a bug (core never raises for a bad source): the kiosk goes on
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
        self.clinic = clinic
        self.pending = False
        self.last: CheckOutcome | None = None
        self.jobs: list[_Job] = []
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check)

    @property
    def enabled(self) -> bool:
        return bool(self.clinic.update_source) and self.clinic.update_check in ("start", "daily")

    def start(self) -> None:
        if not self.enabled:
            return
        QTimer.singleShot(0, self.check)
        if self.clinic.update_check == "daily":
            self.timer.start()

    def busy(self) -> bool:
        """A check or an update is running, or its outcome is not handled yet."""
        return bool(self.jobs)

    def check(self) -> None:
        if self.busy() or self.pending:
            return
        from reader.core.library.update_check import check_configured_source  # sync: not at start

        self._run(lambda: check_configured_source(self.data_dir, self.clinic, apply=False),
                  self._checked)  # fmt: skip

    def _checked(self, ok: bool, outcome: object) -> None:
        self.last = outcome if ok else None
        if ok and outcome is not None and outcome.pending:
            self.pending = True
            self.waiting.emit()

    def apply(self) -> None:
        """Install the waiting bundle (between visitors)."""
        if not self.pending or self.busy():
            return
        self.pending = False
        from reader.core.library.update_check import check_configured_source

        self._run(lambda: check_configured_source(self.data_dir, self.clinic, apply=True),
                  self._done)  # fmt: skip

    def _done(self, ok: bool, outcome: object) -> None:
        self.last = outcome if ok else None
        if ok and outcome is not None and outcome.sync_result is not None:
            self.applied.emit(True, library_updated(outcome.sync_result))
        else:
            why = "; ".join(outcome.problems) if ok and outcome else str(outcome)
            self.applied.emit(False, f"The update was not installed: {why}")

    def _run(self, job: Callable[[], object], then: Callable[[bool, object], None]) -> None:
        worker = _Job(job, self)
        worker.then = then
        worker.ended.connect(self._ended)  # a method of this object: run on its thread
        self.jobs.append(worker)
        worker.start()

    def _ended(self, ok: bool, value: object) -> None:
        worker = self.sender()
        worker.wait()
        self.jobs.remove(worker)
        worker.deleteLater()
        worker.then(ok, value)

    def stop(self) -> None:
        """Stop checking; wait for a running job (the window closes)."""
        self.timer.stop()
        for job in list(self.jobs):
            job.wait()
