"""Menu > Check for updates, and the clinic's scheduled check, for a reader's window.

The source is the clinic configuration's `update_source`, else the reader's
own (Update settings). A file or folder goes the way it always went (the
sync with its progress dialog, `updates.Updates.start`). A web address is
checked off the window's thread (`check_for_update`: the manifest only), and
then the reader decides: the cost dialog says what the update brings and
costs, and Download runs `download_and_apply` on a worker thread with the
progress dialog (bytes, time left, Cancel). Being offline, a time-out, a
cancel and "nothing new" are calm lines in the status line, never an error
dialog; an update that cannot be used (a bad signature, files that do not
match) is explained in a dialog that names why. A scheduled check
(`update_check = "start"` or `"daily"`) only ever shows the unobtrusive
"update available" notice, with a Download button; it says nothing when
there is nothing to say. No widget is touched off the window's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.bundle.signature import trust_for
from reader.core.config import ClinicConfig
from reader.core.errors import BundleRejected, ReaderError, SourceError, SyncCancelled, SyncRefused
from reader.core.text.messages import library_updated, library_updated_title
from reader.core.text.update_words import (
    update_available,
    update_available_short,
)
from reader.ui.notice_bar import OUT_OF_DATE, UPDATE_AVAILABLE
from reader.ui.qt import QDialog, QMessageBox, QObject, QTimer
from reader.ui.web_jobs import Job, recorded

if TYPE_CHECKING:
    from reader.ui.update_dialogs import CostDialog, DownloadDialog
    from reader.ui.update_settings import UpdateSettingsDialog
    from reader.ui.updates import Updates

DAY_MS = 24 * 60 * 60 * 1000
UP_TO_DATE = "Your library is up to date."
CANCELLED = "Download cancelled. Your library was not changed."
NO_SOURCE = "Choose where updates come from first: a file, a folder or a web address."
CHECKING = "Checking for updates…"


def _core():
    """The web update functions (imported on the first check: the window opens without them)."""
    from reader.core.library import web_update

    return web_update


def _sentence(text: str) -> str:
    text = str(text).strip()
    if "://" not in text.split(" ", 1)[0]:  # an address is shown as it is: "Http://" is none
        text = text[:1].upper() + text[1:]
    return text if text.endswith(("?", "!")) else text.rstrip(".") + "."


def offline_words(exc: ReaderError, downloading: bool) -> str:
    """The calm status line for a source that could not be reached or timed out."""
    # The line says once, at its end, that the library was not changed.
    told = str(exc).replace("; nothing was changed", "")
    why = _sentence(told)
    if downloading:
        return (
            f"The download stopped. {why} Your library was not changed; what was downloaded "
            "is kept, and the next try goes on from there."
        )
    if "offline" in told:  # no network (or a misspelt name): being online is the advice
        return f"{why} Your library was not changed; try again when you are online."
    # Anything else has its own advice, or none that being online would change: a
    # Wi-Fi login, a busy server, a certificate not trusted, a 404, an invalid address.
    return f"{why} Your library was not changed."


class WebUpdates(QObject):
    """Checks and web downloads for one window; `updates.finished` says how each ended."""

    def __init__(self, updates: Updates, clinic: ClinicConfig | None):
        super().__init__(updates)
        self.updates = updates
        self.window = updates.window
        self.data_dir = Path(updates.data_dir)
        self.clinic = clinic or ClinicConfig()
        self.job: Job | None = None
        self.plan = None  # the update last found, waiting for the reader's yes
        self.cost_dialog: CostDialog | None = None
        self.download_dialog: DownloadDialog | None = None
        self.settings_dialog: UpdateSettingsDialog | None = None
        self.message_box: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(DAY_MS)
        self.timer.timeout.connect(lambda: self.check(interactive=False))

    # Where and how
    def source(self) -> str:
        return self.clinic.update_source or self.window.prefs.update_source

    def proxy(self) -> str | None:
        """The clinic's proxy, else the reader's; None: the system's."""
        return self.clinic.proxy or self.window.prefs.update_proxy or None

    def core(self):
        return _core()

    def is_web(self, source: str) -> bool:
        return self.core().is_web_source(source)

    def busy(self) -> bool:
        controller = self.updates.controller
        return self.job is not None or (controller is not None and controller.worker.isRunning())

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    # The reader's settings
    def open_settings(self) -> UpdateSettingsDialog:
        from reader.ui.update_settings import UpdateSettingsDialog

        self.settings_dialog = UpdateSettingsDialog(
            self.window, self.window.prefs, self.clinic.update_source, self.clinic.proxy
        )
        self.settings_dialog.open()
        return self.settings_dialog

    # Checking
    def start_schedule(self) -> None:
        """The clinic's `update_check`: now ("start", "daily"), then daily ("daily")."""
        if self.clinic.update_check not in ("start", "daily") or not self.source():
            return
        self.check(interactive=False)
        if self.clinic.update_check == "daily":
            self.timer.start()

    def check(self, interactive: bool = True) -> None:
        """Look for an update; `interactive`: the reader asked (else a schedule did)."""
        if self.busy():
            if interactive:
                self._say("An update is already under way.")
            return
        source = self.source()
        if not source:
            if interactive:
                self._say(NO_SOURCE)
                self.open_settings()
            return
        if self.is_web(source):
            if interactive:
                self._say(CHECKING)
            api, proxy, trust = self.core(), self.proxy(), trust_for(self.clinic)
            self._run(
                lambda job: recorded(
                    self.data_dir,
                    source,
                    lambda: api.check_for_update(
                        self.data_dir, source, trust, cancelled=job.cancel_event.is_set, proxy=proxy
                    ),
                ),
                lambda plan, error: self._checked(plan, error, interactive),
            )
        elif interactive:
            self.updates.start(source)  # a file or folder: the sync, as from the menu
        else:
            self._look_at_local(source)

    def _checked(self, plan, error: BaseException | None, interactive: bool) -> None:
        if error is not None:
            if interactive:
                self._failed(error, downloading=False)
            return
        if plan.up_to_date:
            self.plan = None
            self.window.statusBar().notices.hide_notice(UPDATE_AVAILABLE)
            if interactive:
                self._say(UP_TO_DATE)
            return
        self.plan = plan
        if interactive:
            self.ask(plan)
        else:
            self._offer(plan)

    def _look_at_local(self, source: str) -> None:
        """A scheduled look at a file or folder source: its manifest only."""
        from reader.core.library.update_check import check_configured_source

        config = replace(self.clinic, update_source=source)
        self._run(
            lambda _job: check_configured_source(self.data_dir, config, apply=False),
            lambda outcome, error: self._looked(source, outcome, error),
        )

    def _looked(self, source: str, outcome, error) -> None:
        if error is None and outcome is not None and outcome.pending:
            version = outcome.available_version
            what = f": version {version}" if version is not None else ""
            text, short = f"A library update is available{what}.", f"Update available{what}."
            self._notify(text, lambda: self.updates.start(source), short)

    def _offer(self, plan) -> None:
        short = update_available_short(plan)
        self._notify(update_available(plan), lambda: self.download(plan), short)

    def _notify(self, text: str, run: Callable[[], None], short: str = "") -> None:
        notices = self.window.statusBar().notices
        notices.hide_notice(OUT_OF_DATE)  # the update is its remedy: one notice at a time
        notices.show_notice(UPDATE_AVAILABLE, text, "Download", run, short)

    # Deciding and downloading
    def ask(self, plan) -> CostDialog:
        """The cost dialog: Download starts it; Not now leaves the notice to come back to."""
        from reader.ui.update_dialogs import CostDialog

        dialog = CostDialog(self.window, plan)
        self.cost_dialog = dialog

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.download(plan)
            else:
                self._offer(plan)

        dialog.finished.connect(answered)
        dialog.open()
        return dialog

    def download(self, plan) -> DownloadDialog | None:
        from reader.ui.update_dialogs import DownloadDialog

        if self.busy():
            self._say("An update is already under way.")
            return None
        self.window.statusBar().notices.hide_notice(UPDATE_AVAILABLE)
        api, proxy, trust = self.core(), self.proxy(), trust_for(self.clinic)
        dialog = DownloadDialog(self.window)
        self.download_dialog = dialog
        job = self._run(
            lambda job: recorded(self.data_dir, plan.source, lambda: api.download_and_apply(
                self.data_dir, plan, trust,
                progress=lambda done, total: job.progressed.emit(done, total),
                cancelled=job.cancel_event.is_set, proxy=proxy,
            )),
            self._downloaded,
            wire=lambda job: job.progressed.connect(dialog.set_progress),
        )  # fmt: skip
        dialog.cancel_requested.connect(job.cancel_event.set)
        dialog.open()
        return dialog

    def _downloaded(self, result, error: BaseException | None) -> None:
        if self.download_dialog is not None:
            self.download_dialog.finish()
            self.download_dialog.deleteLater()
            self.download_dialog = None
        if error is not None:
            self._failed(error, downloading=True)
            return
        self.plan = None
        message = library_updated(result)  # a repair said as the repair it was
        self._tell(library_updated_title(result), message, QMessageBox.Icon.Information)
        self.updates.finished.emit(True, message)

    def _failed(self, error: BaseException, downloading: bool) -> None:
        from reader.ui.sync_runner import rejected_message

        if isinstance(error, SyncCancelled):
            message = CANCELLED if downloading else ""
        elif isinstance(error, SourceError):
            message = offline_words(error, downloading)
        elif isinstance(error, BundleRejected):
            message = rejected_message(error)
            self._tell("This update cannot be used", message, QMessageBox.Icon.Warning)
        elif isinstance(error, SyncRefused):
            message = _sentence(str(error))
            self._tell("This update was not installed", message, QMessageBox.Icon.Warning)
        else:
            bug = not isinstance(error, ReaderError)
            what = f"{type(error).__name__}: {error}" if bug else str(error)
            message = f"The update did not work ({what}). Your library was not changed."
            self._tell("The update did not work", message, QMessageBox.Icon.Warning)
        if message:
            self.updates.finished.emit(False, message)  # the status line says it

    def _tell(self, title: str, message: str, icon: QMessageBox.Icon) -> None:
        from reader.ui import dialogs

        ok = icon != QMessageBox.Icon.Warning
        self.message_box = dialogs.tell(self.window, title, message, ok)

    # The worker
    def _run(
        self,
        work: Callable[[Job], object],
        then: Callable[[object, object], None],
        wire: Callable[[Job], object] = lambda job: None,
    ) -> Job:
        """Start `work` on its thread, `then` on the window's; `wire` connects the job's
        signals first: a signal sent before its connection is lost, not queued."""
        job = Job(work, self)
        job.then = then
        job.ended.connect(self._ended)  # a method of this object: run on the window's thread
        wire(job)
        self.job = job
        job.start()
        return job

    def _ended(self, value, error) -> None:
        job = self.sender()
        job.wait()
        if self.job is job:
            self.job = None
        job.deleteLater()
        job.then(value, error)

    def stop(self) -> None:
        """Cancel a running check or download and wait for it (the window closes)."""
        self.timer.stop()
        if self.job is not None:
            self.job.cancel_event.set()
            self.job.wait()
