"""The two dialogs of a web update: what it costs (Download / Not now), then its progress.

On a slow or metered connection the reader decides first: the cost dialog
says in one sentence what the update brings and how many bytes it takes
("12 new summaries, 4 updated, 340 KB. Download now?"); for a damaged
library, whose download is every summary again, it is "Repair the library"
and says so, not "10,000 new summaries". The download dialog
then says how far it is in bytes and time ("1.2 MB of 3.4 MB, about 20
seconds left"), with Cancel; Escape and closing the dialog cancel too, and
it stays until the worker has stopped, so nothing is left half done behind it.
Both are our own dialogs (words that wrap at 300% text), window-modal and
opened with open().
"""

from __future__ import annotations

import time
from collections.abc import Callable

from reader.core.text.update_words import (
    REPAIR_TITLE,
    cost_detail,
    download_progress,
    plan_question,
)
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import (
    QDialog,
    QProgressBar,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from reader.ui.screen_fit import fit_height, fit_own_dialog
from reader.ui.widgets import button, heading, text_label


def dialog_heading(text: str):
    """A heading screen readers find that Tab skips: a dialog starts at its first control.

    The text's own size, in bold: the title bar already names the dialog, and
    at 300% a page heading's size would fill the screen with five words a line.
    """
    label = heading(text, "minor-heading")
    label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    label.setStyleSheet("font-weight: bold;")
    return label


def fit(dialog: QDialog) -> None:
    """Sized to its words: 720 px, or some 50 characters a line at large text."""
    probe = dialog.findChild(QPushButton)  # the text size the style sheet gives
    probe.ensurePolished()
    fit_own_dialog(dialog, max(720, 50 * probe.fontMetrics().averageCharWidth()))


COST_TITLE = "Library update available"
DOWNLOAD_TITLE = "Downloading the update"
STEPS = 1000  # the progress bar's range: bytes do not fit a C int
# Time left is told once this much of the download has been timed: the
# first moments (connecting, a cached head start) say little about the rest.
SETTLE_SECONDS = 1.0


def buttons_row(layout: QVBoxLayout, *buttons) -> FlowLayout:
    """The dialog's buttons at the end of `layout`, on as many lines as 300% text
    needs (a primary button's room for its focused bold: widgets.Button)."""
    row = FlowLayout(spacing=8)
    layout.addLayout(row)
    for b in buttons:
        row.addWidget(b)
    return row


def add_words(layout: QVBoxLayout, *labels) -> None:
    """A few lines of words above the buttons. Not in a scroll area: these few lines
    fit a 1024x768 screen at 300%, and a scroll area's wrapped labels asked for more
    room than its height-for-width gave them (a scroll bar over two short lines)."""
    for label in labels:
        layout.addWidget(label)


class CostDialog(QDialog):
    """'12 new summaries, 4 updated, 340 KB. Download now?' — accepted means Download."""

    def __init__(self, parent: QWidget, plan) -> None:
        super().__init__(parent)
        self.plan = plan
        # A damaged library's "update" is its repair (every summary again): said so.
        repair = getattr(plan, "repair", False)
        title = REPAIR_TITLE if repair else COST_TITLE
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        # The question is the heading: what the update brings and what it costs.
        self.question = dialog_heading(plan_question(plan))
        self.detail = text_label(cost_detail(plan), role="muted")
        add_words(layout, self.question, self.detail)
        why = (
            "Download the library again and repair it"
            if repair
            else "Download the update and install it"
        )
        self.download_button = button("Download", "Download", why, role="primary")
        self.download_button.clicked.connect(self.accept)
        self.not_now_button = button("Not now", "Not now", "Keep the library as it is for now")
        self.not_now_button.clicked.connect(self.reject)
        buttons_row(layout, self.download_button, self.not_now_button)
        self.setAccessibleDescription(self.question.text())
        fit(self)

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
        self.label = text_label("Starting the download…")
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        add_words(layout, self.label)
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
        buttons_row(layout, self.cancel_button)
        fit(self)

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
        self._say(download_progress(done, total, self._seconds_left(now, done, total)))
        self.bar.setAccessibleDescription(self.label.text())

    def _say(self, words: str) -> None:
        """The progress line, the dialog as tall as its lines need. Sized once for the
        longest line, it kept an empty band under a shorter one at 300% text. Never
        shorter again while it is open: Cancel does not jump up and down under a hand
        on its way to it as the numbers change from one line to two."""
        self.label.setText(words)
        margins = self.layout().contentsMargins()  # laid out or not yet: the label's width
        needed = self.label.heightForWidth(self.width() - margins.left() - margins.right())
        if needed > self.label.minimumHeight():
            self.label.setMinimumHeight(needed)
        fit_height(self)

    def _seconds_left(self, now: float, done: int, total: int) -> float | None:
        since, first = self._start
        elapsed = now - since
        if total <= 0 or elapsed < SETTLE_SECONDS or done <= first:
            return None
        return (total - done) / ((done - first) / elapsed)

    def set_applying(self) -> None:
        """Everything is downloaded; the library is being updated (no longer cancellable)."""
        self.bar.setValue(STEPS)
        self._say("Downloaded. Updating your library…")

    def cancel(self) -> None:
        if self.cancelling:
            return
        self.cancelling = True
        self._say("Cancelling…")
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()

    def reject(self) -> None:
        # Escape or the window's close button: cancel; the dialog closes when the
        # worker has stopped (finish()).
        self.cancel()

    def finish(self) -> None:
        self.done(QDialog.DialogCode.Rejected)
