"""The two dialogs of a web update: what it costs (Download / Not now), then its progress.

On a slow or metered connection the reader decides first: the cost dialog
says in one sentence what the update brings and how many bytes it takes
("12 new summaries, 4 updated, 340 KB. Download now?"). The download dialog
then says how far it is in bytes and time ("1.2 MB of 3.4 MB, about 20
seconds left"), with Cancel; Escape and closing the dialog cancel too, and
it stays until the worker has stopped, so nothing is left half done behind it.
Both are our own dialogs (words that wrap at 300% text), window-modal and
opened with open().
"""

from __future__ import annotations

import time
from collections.abc import Callable

from reader.core.text.update_words import download_progress, plan_question
from reader.ui.qt import QDialog, QHBoxLayout, QProgressBar, Qt, QVBoxLayout, QWidget, Signal
from reader.ui.screen_fit import DialogWords, fit_own_dialog
from reader.ui.widgets import button, heading, text_label


def dialog_heading(text: str):
    """A heading screen readers find that Tab skips: a dialog starts at its first control."""
    label = heading(text)
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return label

COST_TITLE = "Library update available"
DOWNLOAD_TITLE = "Downloading the update"
STEPS = 1000  # the progress bar's range: bytes do not fit a C int
# Time left is told once this much of the download has been timed: the
# first moments (connecting, a cached head start) say little about the rest.
SETTLE_SECONDS = 1.0


def _buttons(*buttons) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


class CostDialog(QDialog):
    """'12 new summaries, 4 updated, 340 KB. Download now?' — accepted means Download."""

    def __init__(self, parent: QWidget, plan) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(COST_TITLE)
        self.setAccessibleName(COST_TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        words = DialogWords()
        words.words.addWidget(dialog_heading("A library update is available"))
        self.question = text_label(plan_question(plan))
        words.words.addWidget(self.question)
        self.detail = text_label(
            f"Library version {plan.version}. Only what your library lacks is downloaded; "
            "if the connection drops, the next try continues where it stopped.",
            role="muted",
        )
        words.words.addWidget(self.detail)
        layout.addWidget(words, 1)
        self.download_button = button(
            "Download", "Download", "Download the update and install it", role="primary"
        )
        self.download_button.clicked.connect(self.accept)
        self.not_now_button = button("Not now", "Not now", "Keep the library as it is for now")
        self.not_now_button.clicked.connect(self.reject)
        layout.addLayout(_buttons(self.download_button, self.not_now_button))
        self.setAccessibleDescription(self.question.text())
        fit_own_dialog(self, 640)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.download_button.setFocus()


class DownloadDialog(QDialog):
    """The download's progress in bytes and time left; `cancel_requested` on Cancel."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._start: tuple[float, int] | None = None  # (when, bytes done) of the first report
        self.cancelling = False
        self.setWindowTitle(DOWNLOAD_TITLE)
        self.setAccessibleName(DOWNLOAD_TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        words = DialogWords()
        words.words.addWidget(dialog_heading(DOWNLOAD_TITLE))
        self.label = text_label("Starting the download…")
        words.words.addWidget(self.label)
        layout.addWidget(words, 1)
        self.bar = QProgressBar()
        self.bar.setRange(0, STEPS)
        self.bar.setValue(0)
        self.bar.setTextVisible(False)  # the label says it in words
        self.bar.setAccessibleName("Download progress")
        layout.addWidget(self.bar)
        self.cancel_button = button(
            "Cancel", "Cancel the download", "Stop; your library stays as it is"
        )
        self.cancel_button.clicked.connect(self.cancel)
        layout.addLayout(_buttons(self.cancel_button))
        fit_own_dialog(self, 640)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.cancel_button.setFocus()

    def set_progress(self, done: int, total: int) -> None:
        now = self._clock()
        if self._start is None:
            self._start = (now, done)
        if total > 0:
            self.bar.setValue(min(STEPS, int(done * STEPS / total)))
        if self.cancelling:
            return
        self.label.setText(download_progress(done, total, self._seconds_left(now, done, total)))
        self.bar.setAccessibleDescription(self.label.text())

    def _seconds_left(self, now: float, done: int, total: int) -> float | None:
        since, first = self._start
        elapsed = now - since
        if total <= 0 or elapsed < SETTLE_SECONDS or done <= first:
            return None
        return (total - done) / ((done - first) / elapsed)

    def set_applying(self) -> None:
        """Everything is downloaded; the library is being updated (no longer cancellable)."""
        self.bar.setValue(STEPS)
        self.label.setText("Downloaded. Updating your library…")

    def cancel(self) -> None:
        if self.cancelling:
            return
        self.cancelling = True
        self.label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def reject(self) -> None:
        # Escape or the window's close button: cancel; the dialog closes when the
        # worker has stopped (finish()).
        self.cancel()

    def finish(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
