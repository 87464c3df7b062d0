"""Running a library update off the window's thread, with a cancellable progress dialog.

The worker opens its own SQLite connection (sync does), reports progress
through signals, and never touches a widget. The result is told in words.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reader.core.bundle.signature import Trust
from reader.core.errors import BundleRejected, ReaderError, SyncCancelled, SyncRefused
from reader.core.library.outcome import SyncResult
from reader.core.library.sync import sync
from reader.core.text.messages import library_updated, library_updated_title
from reader.ui.qt import (
    QMessageBox,
    QObject,
    QProgressBar,
    QProgressDialog,
    Qt,
    QThread,
    QWidget,
    Signal,
)
from reader.ui.screen_fit import fit_message_box, fit_progress_dialog

SHOWN_PROBLEMS = 5


class SyncWorker(QThread):
    progressed = Signal(float, str)
    succeeded = Signal(object)  # SyncResult
    failed = Signal(str, str)  # title, message

    def __init__(
        self, data_dir: Path, source: str, parent: QObject | None = None, trust: Trust | None = None
    ):
        super().__init__(parent)
        self.data_dir = data_dir
        self.source = source
        self.trust = trust  # None: the app's own keys, unsigned accepted (sync's default)
        self.cancel_event = threading.Event()

    def run(self) -> None:
        try:
            result = sync(
                self.data_dir,
                self.source,
                progress=lambda f, m: self.progressed.emit(f, m),
                cancelled=self.cancel_event.is_set,
                trust=self.trust,
            )
        except SyncCancelled:
            self.failed.emit("Update cancelled", "The update was cancelled. Nothing was changed.")
        except BundleRejected as exc:
            self.failed.emit("This update cannot be used", rejected_message(exc))
        except SyncRefused as exc:
            self.failed.emit("This update was not installed", f"{_sentence(str(exc))}")
        except ReaderError as exc:
            self.failed.emit("The update did not work", f"{_sentence(str(exc))}")
        except Exception as exc:  # a bug: still tell the person, keep the app alive
            self.failed.emit(
                "The update did not work",
                f"Something went wrong inside the app ({type(exc).__name__}: {exc}). "
                "Nothing was changed.",
            )
        else:
            self.succeeded.emit(result)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def rejected_message(exc: BundleRejected) -> str:
    shown = exc.problems[:SHOWN_PROBLEMS]
    more = len(exc.problems) - len(shown)
    lines = "\n".join(f"• {p}" for p in shown)
    extra = f"\n…and {more} more problem{'s' * (more != 1)}." if more > 0 else ""
    return (
        "The update has problems, so it was not used. Nothing in your library was changed.\n\n"
        f"{lines}{extra}\n\nPlease ask whoever gave you the update for a corrected copy."
    )


class _Progress(QProgressDialog):
    """Escape cancels, as its Cancel button does. QProgressDialog's own Escape only hid
    it (reject()): the update went on unseen, and its result came as a surprise."""

    def reject(self) -> None:
        self.canceled.emit()  # the button's signal: the worker told, the dialog hidden


class SyncController(QObject):
    """Runs one update with a progress dialog; emits `done(ok, message)` at the end."""

    done = Signal(bool, str)

    def __init__(
        self, parent: QWidget, data_dir: Path, source: str, quiet_success: bool = False,
        trust: Trust | None = None,
    ):  # fmt: skip
        super().__init__(parent)
        self._parent = parent
        self._quiet = quiet_success
        self.worker = SyncWorker(data_dir, source, self, trust)
        self.dialog = _Progress("Preparing the update…", "Cancel", 0, 100, parent)
        fit_progress_dialog(self.dialog)
        self.dialog.setWindowTitle("Updating the library")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        # Named by its title, as it shows; its bar was a nameless "progress bar".
        self.dialog.setAccessibleName(self.dialog.windowTitle())
        self.dialog.findChild(QProgressBar).setAccessibleName("Update progress")
        self.dialog.canceled.connect(self.cancel)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.message_box: QMessageBox | None = None

    def start(self) -> None:
        self.dialog.setValue(0)
        self.dialog.show()
        self.worker.start()

    def cancel(self) -> None:
        self.dialog.setLabelText("Cancelling…")
        self.worker.cancel_event.set()

    def _progress(self, fraction: float, message: str) -> None:
        self.dialog.setValue(int(fraction * 100))
        self.dialog.setLabelText(message)

    def _finish(self) -> None:
        self.worker.wait()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _succeeded(self, result: SyncResult) -> None:
        self._finish()
        message = library_updated(result)
        if not self._quiet:
            self._tell(library_updated_title(result), message, QMessageBox.Icon.Information)
        self.done.emit(True, message)

    def _failed(self, title: str, message: str) -> None:
        self._finish()
        self._tell(title, message, QMessageBox.Icon.Warning)
        self.done.emit(False, message)

    def _tell(self, title: str, message: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self._parent)
        box.setAccessibleName(title)
        box.setAccessibleDescription(message)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message_box = box
        fit_message_box(box).open()
