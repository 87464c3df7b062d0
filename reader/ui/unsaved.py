"""A dialog that asks before what the reader typed in it is thrown away.

Typing may take long, with a hand that tires or a switch that scans: one
Escape, a Cancel or the title bar's close pressed by mistake threw it away
unasked ("Report a problem" had the question first, Update settings had
none, and the title bar's close skipped it in both). Every way of closing
that the reader starts goes through `cancel()`, which asks "Close without
saving?" when there is something to lose, the safe answer the default and
Escape's. `reject()` itself still closes at once: a kiosk's reset between
visitors closes every dialog and must not be stopped by a question. A close
the app makes itself as it ends (a logout's quit signal) asks nobody: a
dialog keeps what it can (`keep_unasked`: Report a problem saves the report).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.ui.qt import QDialog, Qt, QWidget
from reader.ui.screen_fit import fit_message_box

if TYPE_CHECKING:
    from reader.ui.qt import QCloseEvent, QKeyEvent, QMessageBox

CLOSE_TITLE = "Close without saving?"
CLOSE_WITHOUT_SAVING = "Close without saving"


@dataclass(frozen=True)
class LossWords:
    """The question's sentence and the label of the button that keeps what was typed."""

    sentence: str  # "Your report is not saved yet. Close the window and lose it?"
    keep: str  # "Keep writing"


class KeepsTyping(QDialog):
    """Subclasses say what would be lost (`unsaved`) and where typing goes on (`typing`)."""

    loss_words = LossWords(
        "What you typed is not saved yet. Close the window and lose it?", "Keep writing"
    )

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.question: QMessageBox | None = None  # "Close without saving?", while asked

    def unsaved(self) -> bool:
        """Whether closing now would lose something the reader typed."""
        raise NotImplementedError

    def typing(self) -> QWidget:
        """Where the focus goes back when the reader keeps writing."""
        raise NotImplementedError

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.cancel()  # not QDialog's reject(): that would drop the typing unasked
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The title bar's close (the window system's: spontaneous) asks as Escape does;
        # QDialog's own would reject() at once. A close the app makes itself goes
        # through: a quit signal's (quit_signals.py) must not leave a question open,
        # which kept the application from ending.
        if event.spontaneous() and self.unsaved():
            event.ignore()
            self.cancel()
            return
        if self.unsaved():  # the app is ending (a logout): nobody to ask
            self.keep_unasked()
        super().closeEvent(event)

    def keep_unasked(self) -> None:
        """Keep what was typed, if it can be kept without asking, as the app ends."""

    def cancel(self) -> None:
        """Close; what was typed and not saved only once the reader says so."""
        if not self.unsaved():
            self.reject()
            return
        if self.question is not None and self.question.isVisible():
            return  # asked already: one question, not a pile of them
        from reader.ui.qt import QMessageBox  # loaded when first asked

        words = self.loss_words
        box = QMessageBox(QMessageBox.Icon.Question, CLOSE_TITLE, words.sentence, parent=self)
        keep = box.addButton(words.keep, QMessageBox.ButtonRole.RejectRole)
        close = box.addButton(CLOSE_WITHOUT_SAVING, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAccessibleName(CLOSE_TITLE)
        box.setAccessibleDescription(words.sentence)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _r: self._answered(box.clickedButton() is close))
        self.question = box
        fit_message_box(box).open()

    def _answered(self, close: bool) -> None:
        if close:
            self.reject()
        else:
            self.typing().setFocus()
