"""The "Report a problem with this summary" dialog.

A reader who finds a wrong number, a confusing word or a statement that
seems untrue describes it here. Nothing is sent: the report is added to the
reader's note for the summary (reader.core.personal.problems), so it goes
out with `Export bookmarks and notes…` or a printed handout with notes, and
the dialog says so (in a clinic kiosk, which has no Export and forgets the
note after the visit: print it, or tell the staff). The box is large and
wraps, for large text and for people who type slowly; Save and Cancel are
plain, large buttons.
"""

from __future__ import annotations

import contextlib

from reader.core.errors import ReaderError
from reader.core.model import Article
from reader.core.personal.problems import report_problem
from reader.core.personal.store import PersonalData
from reader.ui.accessible import announce
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import QDialog, QPlainTextEdit, QVBoxLayout, QWidget, Signal
from reader.ui.screen_fit import DialogWords, fit_own_dialog
from reader.ui.unsaved import KeepsTyping, LossWords
from reader.ui.widgets import button, heading, text_label

TITLE = "Report a problem with this summary"
EXPLAINED = (
    "Describe what looks wrong or is hard to understand: a number, a word, or something "
    "that seems untrue. Your report is saved in your notes for this summary, on this "
    "computer only. Nothing is sent over the internet. To pass it on, choose Menu, then "
    "“Export bookmarks and notes…”, and give the file to your clinic or caregiver; or "
    "print the summary with your notes."
)
# A clinic kiosk has no Export, and forgets the note when the visit ends (reader.ui.kiosk).
KIOSK_EXPLAINED = (
    "Describe what looks wrong or is hard to understand: a number, a word, or something "
    "that seems untrue. Your report is saved in your notes for this summary until your "
    "visit ends; then this computer forgets it. Nothing is sent over the internet. "
)
KIOSK_PASS_ON = {
    True: "To pass it on, print the summary with your notes, or tell the staff.",
    False: "To pass it on, please tell the staff.",
}
EMPTY = "Please describe the problem first."
SAVED = "Report saved in your notes for this summary."


def explanation(kiosk: bool, printing: bool) -> str:
    """What happens to a report, and how to pass it on, where the reader is."""
    return KIOSK_EXPLAINED + KIOSK_PASS_ON[printing] if kiosk else EXPLAINED


class ReportProblemDialog(KeepsTyping):
    """Asks for a description; `saved` fires once it is in the note. Escape, Cancel and
    the title bar's close ask before a typed report is thrown away (unsaved.py)."""

    loss_words = LossWords(
        "Your report is not saved yet. Close the window and lose it?", "Keep writing"
    )

    saved = Signal(str)  # the article id

    def __init__(
        self, parent: QWidget, personal: PersonalData, article: Article, printing: bool = True
    ):
        super().__init__(parent)
        explained = explanation(bool(parent.window().property("kiosk")), printing)
        self.personal = personal
        self.article = article
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        # The words above the box scroll when a long headline at 300% is taller than the
        # screen; the box and the buttons stay in view.
        scrolling = DialogWords()
        layout.addWidget(scrolling)
        words = scrolling.words
        words.setSpacing(12)
        words.addWidget(heading(TITLE))
        about = text_label(article.headline)
        about.setProperty("role", "muted")
        words.addWidget(about)
        self.explained = text_label(explained)
        words.addWidget(self.explained)
        self.label = text_label("What is the problem?")
        layout.addWidget(self.label)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName("What is the problem?")
        self.edit.setAccessibleDescription(explained)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setTabChangesFocus(True)
        # In a style sheet: the window's sets every text box's min-height, which would win
        # over setMinimumHeight and leave one line to type in when the words above scroll.
        self.edit.setStyleSheet("QPlainTextEdit { min-height: 160px; }")
        self.label.setBuddy(self.edit)
        layout.addWidget(self.edit, 1)
        self.state = text_label(role="muted")
        self.state.hide()  # until it has words: empty, a screen reader met a blank label
        layout.addWidget(self.state)
        row = FlowLayout(spacing=8)  # wraps at 300% instead of pushing past the screen
        self.save_button = button(
            "Save the report", "Save the report", "Adds it to your notes", role="primary"
        )
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button("Cancel", "Cancel", "Closes without saving")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        fit_own_dialog(self)

    def unsaved(self) -> bool:
        return bool(self.edit.toPlainText().strip())

    def typing(self) -> QWidget:
        return self.edit

    def keep_unasked(self) -> None:
        # A logout while a report is typed: into the note, as Save would, not lost. A
        # note the file refuses now (a full disk) cannot be helped here.
        with contextlib.suppress(ReaderError):
            report_problem(
                self.personal, self.article.id, self.article.title, self.edit.toPlainText()
            )

    def save(self) -> None:
        try:
            report_problem(
                self.personal, self.article.id, self.article.title, self.edit.toPlainText()
            )
        except ReaderError as exc:  # empty, the note full, or the file refused it (full disk, lock)
            empty = not self.edit.toPlainText().strip()
            self.state.setText(EMPTY if empty else f"Not saved: {exc}.")
            self.state.show()
            self.edit.setFocus()
            # Said too: shown under the box, where the focus often already is.
            announce(self.edit, self.state.text())
            return
        self.accept()  # closed first: the window then says it was saved (SAVED)
        self.saved.emit(self.article.id)


def open_report_dialog(
    parent: QWidget, personal: PersonalData, article: Article, printing: bool = True
) -> QDialog:
    dialog = ReportProblemDialog(parent, personal, article, printing)
    dialog.open()
    dialog.edit.setFocus()
    return dialog
