"""A note (or bookmark) about an article a sync withdrew: read, copied, edited, printed, deleted.

Nothing a reader writes is ever lost, and a withdrawn article's note must
stay as usable as any other: My notes and Bookmarks open this page for an
entry whose article is no longer in the library (its card cannot open the
summary). It shows the title saved with the entry, says plainly that the
summary is no longer available, and holds the same NoteEditor as the
article page (saved as you type, kept in memory if the file refuses it).
Delete works like a removal on My notes: Undo (Ctrl+Z) puts it back for as
long as the reader stays on the page.
"""

from __future__ import annotations

from reader.core.errors import ReaderError
from reader.core.personal.store import Note
from reader.core.text.handout import NO_LONGER_AVAILABLE, withdrawn_handout
from reader.ui.context import HOME, AppContext, Location
from reader.ui.flow_layout import FlowLayout
from reader.ui.pages import Crumbs, Page, settle_layouts
from reader.ui.personal import NoteEditor, NoteSubject, announce, saved_day, tell_refused
from reader.ui.printing import Handout
from reader.ui.qt import QApplication, QEvent, Qt
from reader.ui.widgets import button, text_label, undo_bar

BACK_AGAIN = "This summary is in the library again."
LISTS = {"bookmarks": "Bookmarks", "notes": "My notes"}  # the lists that open this page


class WithdrawnPage(Page):
    """Location("withdrawn", article_id): what the reader saved about an article now gone."""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.state = text_label()  # no longer available, or back again
        self.body.addWidget(self.state)
        self.saved = text_label(role="muted")  # a bookmark's date
        self.body.addWidget(self.saved)
        self.actions = FlowLayout(spacing=8)  # wraps at large text instead of cutting
        self.open_button = button(
            "Open the summary", "Open the summary", "It is back in the library"
        )
        self.open_button.clicked.connect(self._open_summary)
        self.copy_button = button(
            "Copy note", "Copy note", "Copies the whole note to paste elsewhere"
        )
        self.copy_button.clicked.connect(self.copy_note)
        self.print_button = button(
            "Print or save as PDF…", "Print or save as PDF", "A handout of this note"
        )
        self.print_button.clicked.connect(self.print_requested)
        self.delete_button = button("Delete note", "Delete note", "Undo (Ctrl+Z) puts it back")
        self.delete_button.clicked.connect(self.delete_note)
        for b in (self.open_button, self.copy_button, self.print_button, self.delete_button):
            self.actions.addWidget(b)
        self.body.addLayout(self.actions)
        self.undo_bar, self.undo_label, self.undo_button = undo_bar(self.undo)
        self.body.addWidget(self.undo_bar)
        self.note = NoteEditor(ctx.personal)
        # A long note is what brings the reader here: the box grows to show all of it,
        # and the page scrolls as one (no second scroll bar inside it).
        self.note.edit.document().documentLayout().documentSizeChanged.connect(self._fit_note)
        self.note.edit.installEventFilter(self)  # and when its font or width changes
        self.note.edit.viewport().installEventFilter(self)
        self.note.saved.connect(lambda _id: self._show_buttons())
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.subject: NoteSubject | None = None
        self.listed = "notes"  # "bookmarks" or "notes": the breadcrumb's way back
        self._undo: Note | None = None

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        article_id = location.key
        note = self.note.unsaved.get(article_id) or self.ctx.personal.get_note(article_id)
        bookmark = self.ctx.personal.get_bookmark(article_id)
        kept = note or bookmark or (self._undo if self._undo_for(article_id) else None)
        if kept is None:
            return False  # nothing saved about it any more: the window says so and goes home
        keep_undo = self._undo_for(article_id)
        if not keep_undo:
            self._undo = None  # its row hides below, once the note box is back
        self.subject = NoteSubject(article_id, kept.title)
        # The list the reader came from; else (none named) the one it is on, a note's first.
        listed = location.via if location.via in LISTS else None
        self.listed = listed or ("notes" if note is not None else "bookmarks")
        self.heading.setText(kept.title)
        self.heading.setAccessibleName(kept.title)
        back = article_id in self.ctx.library.article_titles([article_id])
        kept_what = "note" if note is not None else "bookmark" if bookmark is not None else ""
        kept_line = f" Your {kept_what} is kept on this computer." if kept_what else ""
        self.state.setText(BACK_AGAIN if back else NO_LONGER_AVAILABLE + kept_line)
        self.open_button.setVisible(back)
        # When the note was saved is said under the box, as on the article page.
        since = f"In your bookmarks since {saved_day(bookmark.created)}" if bookmark else ""
        self.saved.setText(since)
        self.saved.setVisible(bool(since))
        self.note.show_article(self.subject)
        self.note.setVisible(self._undo is None)
        if not keep_undo:
            self._forget_undo()
        name = "Print" if self.ctx.paper_only else "Print or save as PDF"
        self.print_button.setText(f"{name}…")
        self.print_button.setAccessibleName(name)
        self._show_buttons()
        self._fit_note()  # a new look: the same lines, a new line height
        return True

    def eventFilter(self, watched, event) -> bool:
        kinds = (QEvent.Type.FontChange, QEvent.Type.Resize)  # a new text size, a new width
        if watched in (self.note.edit, self.note.edit.viewport()) and event.type() in kinds:
            self._fit_note()
        return super().eventFilter(watched, event)

    def _fit_note(self, *_args) -> None:
        """The note box as tall as its wrapped text, and two lines to type more."""
        edit = self.note.edit
        layout = edit.document().documentLayout()
        block, text_height = edit.document().begin(), 0.0
        while block.isValid():  # blockBoundingRect lays out a block not yet laid out
            text_height += layout.blockBoundingRect(block).height()
            block = block.next()
        line = edit.fontMetrics().lineSpacing()
        margins = edit.contentsMargins()
        frame = margins.top() + margins.bottom() + 2 * edit.document().documentMargin()
        height = max(4 * line, int(text_height) + 2 * line) + int(frame)
        if height != edit.height():  # a new height only: no new width, no loop
            edit.setFixedHeight(height)

    def _show_buttons(self) -> None:
        has_text = bool(self.note.edit.toPlainText().strip()) and self._undo is None
        self.copy_button.setVisible(has_text)
        self.delete_button.setVisible(has_text)
        self.print_button.setVisible(self.ctx.printing and self._undo is None)

    def restyle(self) -> None:
        """A new look: the same note, the caret where it was, the box fitted to the new size."""
        settle_layouts()
        self._fit_note()

    def leaving(self) -> None:
        self.note.flush()
        self._forget_undo()

    def save_typing(self, *, last_chance: bool = False) -> None:
        self.note.flush()
        if last_chance:
            self.note.set_aside_unsaved()

    def forget_visit(self) -> None:
        self._forget_undo()
        self.subject = None
        self.note.forget()

    def crumbs(self) -> Crumbs:
        trail = (LISTS[self.listed], Location(self.listed))
        return [("Home", HOME), trail, (self.heading.text(), None)]

    def handout(self) -> Handout | None:
        if self.subject is None or self._undo is not None:
            return None
        self.note.flush()  # the handout shows what was typed a moment ago
        title, text = self.subject.title, self.note.edit.toPlainText()
        return Handout(
            title,
            lambda with_notes: withdrawn_handout(title, text if with_notes else None),
            has_notes=bool(text.strip()),
        )

    def copy_note(self) -> None:
        QApplication.clipboard().setText(self.note.edit.toPlainText())
        announce(self, "Note copied")

    def delete_note(self) -> None:
        if self.subject is None:
            return
        self.note.flush()
        note = self.ctx.personal.get_note(self.subject.id)
        if note is None:  # refused before, still only in memory: nothing on disk to delete
            return
        try:
            self.ctx.personal.set_note(note.article_id, note.title, "")
        except ReaderError as exc:
            self.problem_box = tell_refused(self, f"The note was not removed: {exc}.")
            return
        self._undo = note
        self.undo_label.setText(f"Removed the note about “{note.title}”.")
        self.undo_bar.show()
        self.refresh()
        self.undo_button.setFocus()
        announce(self, "Note removed. Press Control Z to undo.")

    def undo(self) -> None:
        note = self._undo
        if note is None:
            return
        try:
            self.ctx.personal.set_note(note.article_id, note.title, note.text, note.updated)
        except ReaderError as exc:  # Undo stays, to try again
            self.problem_box = tell_refused(self, f"The note was not put back: {exc}.")
            return
        self._undo = None
        self.refresh()  # the note back in its box; focus from Undo to it (_forget_undo)
        self.note.edit.setFocus()
        announce(self, "Note restored")  # last: no focus change talks over it

    def _undo_for(self, article_id: str) -> bool:
        return self._undo is not None and self._undo.article_id == article_id

    def _forget_undo(self) -> None:
        self._undo = None
        if self.undo_button.hasFocus() and self.note.isVisibleTo(self):
            # Before the row hides: else focus goes along Qt's chain (to Back), heard.
            self.note.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.undo_bar.hide()

    def _open_summary(self) -> None:
        if self.subject is not None:
            self.ctx.navigate(Location("article", self.subject.id))
