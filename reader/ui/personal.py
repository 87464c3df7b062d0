"""Personal data on the article page: bookmark toggle, feedback, private note.

Everything is stored at once through reader.core.personal.store (its own SQLite
file, which no sync touches). A note is saved within a second of any typing
(so even steady typing is never more than that behind on disk), and again
whenever the reader leaves the article or closes the app. A note longer than
the personal data file allows (1 MiB) is not saved, and the box says so.

A note the personal data file refuses (a full disk, a lock held by another
program, a read-only or damaged file) is never dropped: the box says why,
the text stays in memory, is shown again when the reader comes back to the
article, and is saved at the next chance (typing, leaving, coming back);
if the app ends first, it goes into a file Import reads (`set_aside`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import ReaderError
from reader.core.model import Article
from reader.core.personal.set_aside import set_aside
from reader.core.personal.store import MAX_NOTE_BYTES, Note, PersonalData
from reader.core.timestamps import utc_now
from reader.ui.accessible import Role, announce, mark
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import (
    QPlainTextEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from reader.ui.widgets import Button, dress_button, heading, text_label

if TYPE_CHECKING:
    from reader.ui.qt import QMessageBox

YES_HELP = "This summary was helpful"
NO_HELP = "This summary was not helpful"
NOTE_SAVE_DELAY_MS = 800
NOTE_HELP = "Saved automatically as you type. Tab moves on."
NOTE_OVER_LIMIT = (
    "This note is too long to save: a note can hold at most 1 MiB of text. "
    "Shorten it; until then the last saved version is kept."
)
NOTE_AT_LIMIT = "Saved. This note has reached its limit of 1 MiB of text."
NOTE_NOT_SAVED = "Not saved yet: {reason}. Your text stays here and is saved as soon as it can be."


@dataclass(frozen=True)
class NoteSubject:
    """What a note is about when the library no longer has the article: its id and saved title."""

    id: str
    title: str


def saved_day(timestamp: str) -> str:
    return timestamp[:10]


def tell_refused(widget: QWidget, sentence: str) -> QMessageBox:
    """The personal data file refused a change: said in a box and to a screen reader.

    What the reader sees stays what is on disk, so nothing looks saved that is not.
    """
    from reader.ui import dialogs  # a dialog: loaded when one opens

    announce(widget, sentence)
    return dialogs.tell(widget.window(), "Not saved", sentence, False)


class BookmarkToggle(Button):
    """A large toggle labelled in words: "Bookmark" / "Bookmarked"."""

    changed = Signal(bool)

    def __init__(self, personal: PersonalData):
        super().__init__()
        mark(self, Role.Button)  # a toggle button, not the check box Qt makes of it
        self.setText("☆ Bookmark")
        self.personal = personal
        self.article: Article | None = None
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setAccessibleName("Bookmark")
        self.setAccessibleDescription("Save this summary to your bookmarks (Ctrl+D)")
        self.setToolTip("Save this summary to your bookmarks (Ctrl+D)")
        self.clicked.connect(self._clicked)

    def show_article(self, article: Article) -> None:
        self.article = article
        self._show(self.personal.is_bookmarked(article.id))

    def _show(self, on: bool) -> None:
        self.setChecked(on)
        self.setText("★ Bookmarked" if on else "☆ Bookmark")
        self.setAccessibleName("Bookmarked" if on else "Bookmark")

    def toggle_bookmark(self) -> None:
        self.setChecked(not self.isChecked())
        self._clicked()

    def _clicked(self) -> None:
        if self.article is None:
            return
        on = self.isChecked()
        try:
            if on:
                self.personal.add_bookmark(self.article.id, self.article.title)
            else:
                self.personal.remove_bookmark(self.article.id)
        except ReaderError as exc:
            self._show(not on)
            done = "This summary was not bookmarked" if on else "The bookmark was not removed"
            self.problem_box = tell_refused(self, f"{done}: {exc}.")
            return
        self._show(on)
        announce(self, "Bookmark added" if on else "Bookmark removed")
        self.changed.emit(on)


class AnswerButton(Button):
    """One answer of a choice: pressing the chosen one keeps it chosen.

    Qt's checkable button unchecks on the press and the answer checked it
    again; a screen reader said "not selected", then "selected".
    """

    def nextCheckState(self) -> None:
        self.setChecked(True)


class FeedbackBox(QWidget):
    """Yes / No, stored at once, shown as selected and changeable."""

    def __init__(self, personal: PersonalData, question: str = "Was this summary helpful?"):
        super().__init__()
        mark(self, Role.Grouping)
        self.setAccessibleName(question)
        self.personal = personal
        self.article_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = FlowLayout(spacing=8)  # at 300% with larger targets they no longer fit side by side
        # Two choices, one at a time: radio buttons to a screen reader, in a group
        # named by the question. Each stays a Tab stop (not a QButtonGroup: Qt
        # makes only one button of a group a Tab stop).
        self.yes = dress_button(AnswerButton(), "Yes, it helped", "Yes, it helped", YES_HELP,
                                a11y=Role.RadioButton)  # fmt: skip
        self.no = dress_button(AnswerButton(), "No, it did not", "No, it did not", NO_HELP,
                               a11y=Role.RadioButton)  # fmt: skip
        for b in (self.yes, self.no):
            b.setCheckable(True)
            row.addWidget(b)
        layout.addLayout(row)
        self.thanks = text_label()
        self.thanks.setAccessibleDescription("Feedback status")  # its name is its text
        layout.addWidget(self.thanks)
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))

    def show_article(self, article_id: str) -> None:
        self.article_id = article_id
        current = self.personal.get_feedback(article_id)
        self.yes.setChecked(bool(current and current.helpful))
        self.no.setChecked(bool(current and not current.helpful))
        self.thanks.setText("")

    def _answer(self, helpful: bool) -> None:
        if self.article_id is None:
            return
        try:
            self.personal.set_feedback(self.article_id, helpful)
        except ReaderError as exc:
            self.show_article(self.article_id)  # the answer on disk, not the one clicked
            self.thanks.setText(f"Your answer was not saved: {exc}.")
            announce(self, self.thanks.text())
            return
        self.yes.setChecked(helpful)  # one choice shown; clicking it again keeps it
        self.no.setChecked(not helpful)
        message = "Thank you. Your answer is saved on this computer. You can change it at any time."
        self.thanks.setText(message)
        announce(self, "Thank you, your answer is saved")


class NoteEditor(QWidget):
    """ "Your notes (only on this computer)": saved a moment after typing stops."""

    saved = Signal(str)  # article id

    def __init__(self, personal: PersonalData):
        super().__init__()
        self.personal = personal
        self.article: Article | NoteSubject | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = heading("Your notes (only on this computer)", role="subheading")
        layout.addWidget(self.label)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName("Your notes (only on this computer)")
        self.edit.setAccessibleDescription(NOTE_HELP)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(120)
        self.label.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.state = text_label(role="muted")
        layout.addWidget(self.state)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_SAVE_DELAY_MS)
        self.timer.timeout.connect(self._save)  # a fired single-shot timer is not active
        self.edit.textChanged.connect(self._typed)
        self._loading = False
        # Text the personal data file refused, by article id, until it is saved.
        self.unsaved: dict[str, Note] = {}

    def show_article(self, article: Article | NoteSubject) -> None:
        """The note about `article` (a withdrawn one: a NoteSubject with the saved title)."""
        self.flush()
        self.article = article
        pending = self.unsaved.get(article.id)
        note = pending or self.personal.get_note(article.id)
        self._loading = True
        self.edit.setPlainText(note.text if note else "")
        self._loading = False
        self.state.setText(f"Last saved {saved_day(note.updated)}" if note else "")
        self.edit.setAccessibleDescription(NOTE_HELP)
        if pending is not None:
            self._save()  # offered again, and tried again

    def forget(self) -> None:
        """A kiosk's next visitor: the box holds no earlier visitor's words (saved first)."""
        self.flush()
        self.article = None
        self._loading = True
        self.edit.setPlainText("")
        self._loading = False
        self.state.setText("")

    def set_aside_unsaved(self) -> Path | None:
        """The app is ending: notes still refused go into a file Import reads (never in kiosk)."""
        if not self.unsaved or self.personal.in_memory:
            return None
        import tempfile  # only on this rare path

        folders = (self.personal.data_dir, Path.home(), Path(tempfile.gettempdir()))
        path = set_aside(list(self.unsaved.values()), folders)
        if path is not None:
            self.unsaved.clear()
        return path

    def _typed(self) -> None:
        if not self._loading:
            self.state.setText("Saving…")
            if not self.timer.isActive():  # not restarted: steady typing is saved too
                self.timer.start()

    def flush(self) -> None:
        """Save now if anything is waiting (navigation, close), or was refused before."""
        if self.timer.isActive() or (self.article and self.article.id in self.unsaved):
            self._save()

    def _save(self) -> None:
        self.timer.stop()
        if self.article is None:
            return
        text = self.edit.toPlainText()
        size = len(text.encode("utf-8")) if len(text) * 4 > MAX_NOTE_BYTES else 0
        if size > MAX_NOTE_BYTES:  # not saved: the store refuses it, as import does
            self._limit_message(NOTE_OVER_LIMIT)
            return
        try:
            self.personal.set_note(self.article.id, self.article.title, text)
        except ReaderError as exc:  # kept, said, and tried again at the next chance
            self.unsaved[self.article.id] = Note(self.article.id, self.article.title, text,
                                                 utc_now())  # fmt: skip
            self._limit_message(NOTE_NOT_SAVED.format(reason=exc))
            return
        self.unsaved.pop(self.article.id, None)
        if size == MAX_NOTE_BYTES:
            self._limit_message(NOTE_AT_LIMIT)
        else:
            self.state.setText("Saved")
            self.edit.setAccessibleDescription(NOTE_HELP)
        self.saved.emit(self.article.id)

    def _limit_message(self, message: str) -> None:  # or any other reason it was not saved
        """Shown under the box, and what a screen reader says about the box."""
        self.state.setText(message)
        self.edit.setAccessibleDescription(message)
        announce(self.edit, message)
