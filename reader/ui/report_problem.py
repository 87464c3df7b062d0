"""The "Report a problem with this summary" dialog.

A reader who finds a wrong number, a confusing word or a statement that
seems untrue describes it here. Nothing is sent: the report is added to the
reader's note for the summary (reader.core.personal.problems), so it goes
out with `Export bookmarks and notes…` or a printed handout with notes, and
the dialog says so. The box is large and wraps, for large text and for
people who type slowly; Save and Cancel are plain, large buttons.
"""

from __future__ import annotations

from reader.core.errors import ReaderError
from reader.core.model import Article
from reader.core.personal.problems import report_problem
from reader.core.personal.store import PersonalData
from reader.ui.qt import QDialog, QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget, Signal
from reader.ui.widgets import button, heading, text_label

TITLE = "Report a problem with this summary"
EXPLAINED = (
    "Describe what looks wrong or is hard to understand: a number, a word, or something "
    "that seems untrue. Your report is saved in your notes for this summary, on this "
    "computer only. Nothing is sent over the internet. To pass it on, choose Menu, then "
    "“Export bookmarks and notes…”, and give the file to your clinic or caregiver; or "
    "print the summary with your notes."
)
EMPTY = "Please describe the problem first."


class ReportProblemDialog(QDialog):
    """Asks for a description; `saved` fires once it is in the note."""

    saved = Signal(str)  # the article id

    def __init__(self, parent: QWidget, personal: PersonalData, article: Article):
        super().__init__(parent)
        self.personal = personal
        self.article = article
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading(TITLE))
        about = text_label(article.headline)
        about.setProperty("role", "muted")
        layout.addWidget(about)
        self.explained = text_label(EXPLAINED)
        layout.addWidget(self.explained)
        self.label = text_label("What is the problem?")
        layout.addWidget(self.label)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName("What is the problem?")
        self.edit.setAccessibleDescription(EXPLAINED)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(160)
        self.label.setBuddy(self.edit)
        layout.addWidget(self.edit, 1)
        self.state = text_label(role="muted")
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.save_button = button(
            "Save the report", "Save the report", "Adds it to your notes", role="primary"
        )
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button("Cancel", "Cancel", "Closes without saving")
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.resize(720, 560)

    def save(self) -> None:
        try:
            report_problem(
                self.personal, self.article.id, self.article.title, self.edit.toPlainText()
            )
        except ReaderError as exc:  # empty, the note full, or the file refused it (full disk, lock)
            empty = not self.edit.toPlainText().strip()
            self.state.setText(EMPTY if empty else f"Not saved: {exc}.")
            self.edit.setFocus()
            return
        self.saved.emit(self.article.id)
        self.accept()


def open_report_dialog(parent: QWidget, personal: PersonalData, article: Article) -> QDialog:
    dialog = ReportProblemDialog(parent, personal, article)
    dialog.open()
    dialog.edit.setFocus()
    return dialog
