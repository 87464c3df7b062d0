"""The Bookmarks and My notes pages: saved entries, removable with Undo.

Undo has no time limit (WCAG 2.2.1): the last removal can be undone until
the next one or until the reader leaves the page, and after a removal focus
moves to the next row (or the previous one at the end), never elsewhere.
They use real widget rows rather than a painted list: each Remove button is
then its own Tab stop with its own accessible name, and these lists are as
long as what one person saves, not as long as the library. Entries about
articles no longer in the library stay, marked as such, and removable; their
card opens what was saved (the whole note, to read, edit, print or delete:
reader.ui.withdrawn_page).
"""

from __future__ import annotations

from reader.core.errors import ReaderError
from reader.core.personal.store import Bookmark, Note
from reader.core.text.handout import NOT_IN_LIBRARY, BookmarkLine, bookmarks_handout
from reader.core.text.messages import journal_year
from reader.ui.context import AppContext, Location
from reader.ui.pages import Page
from reader.ui.personal import announce, saved_day, tell_refused
from reader.ui.printing import Handout
from reader.ui.qt import QHBoxLayout, QKeyEvent, QPushButton, Qt, QVBoxLayout, QWidget
from reader.ui.widgets import CardButton, button, text_label, undo_bar


class _EntryRow(QWidget):
    """One saved entry: a card that opens the article, and a Remove button."""

    def __init__(self, title: str, lines: list[str], available: bool, noun: str):
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if not available:
            lines = [*lines, NOT_IN_LIBRARY]
        self.card = CardButton(title, lines, f"{title}. {'. '.join(lines)}")
        self.card.setEnabled(True)
        self.card.setAccessibleDescription(
            "Opens the summary"
            if available
            else f"This summary is no longer in the library. Opens your {noun} about it"
        )
        layout.addWidget(self.card, 1)
        self.remove = button("Remove", f"Remove {noun}: {title}", f"Remove this {noun} (Delete)")
        layout.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)


class SavedListPage(Page):
    """Shared by Bookmarks and My notes: rows, Delete to remove, Undo for a while."""

    noun = "entry"
    empty_text = ""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.intro = text_label()
        self.body.addWidget(self.intro)
        self.print_button: QPushButton | None = None
        self.add_actions()
        self.undo_bar, self.undo_label, self.undo_button = undo_bar(self.undo)
        self.body.addWidget(self.undo_bar)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(10)
        self.body.addLayout(self.rows_box)
        self.body.addStretch(1)
        self.rows: list[_EntryRow] = []
        self._undo: tuple | None = None

    def add_actions(self) -> None:
        """Buttons under the intro (a subclass's own, such as Print)."""

    # Subclasses: entries() -> list of (entry, title, lines); remove(entry); restore(entry)
    def entries(self) -> list[tuple[object, str, list[str]]]:
        raise NotImplementedError

    def remove_entry(self, entry) -> None:
        raise NotImplementedError

    def restore_entry(self, entry) -> None:
        raise NotImplementedError

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        self._clear(self.rows_box)
        self.rows = []
        entries = self.entries()
        ids = [e.article_id for e, _t, _l in entries]
        # A library that cannot be read (said by the window): every entry as saved, openable.
        present = self.ctx.read(lambda: self.ctx.library.article_titles(ids), None)
        unknown, present = present is None, present or {}
        for entry, title, lines in entries:
            available = unknown or entry.article_id in present
            # The headline the library shows now; the title saved with the entry once gone.
            row = _EntryRow(present.get(entry.article_id, title), lines, available, self.noun)
            # A withdrawn article's entry opens what was saved about it, whole, from this list.
            opens = (
                Location("article", entry.article_id)
                if available
                else Location("withdrawn", entry.article_id, via=location.kind)
            )
            row.card.clicked.connect(lambda _=False, to=opens: self.ctx.navigate(to))
            row.remove.clicked.connect(lambda _=False, e=entry: self.remove(e))
            row.entry = entry
            self.rows_box.addWidget(row)
            self.rows.append(row)
        n = len(self.rows)
        self.intro.setText(self.empty_text if not n else self.count_text(n))
        if self.print_button is not None:
            self.print_button.setEnabled(bool(n))
            self.print_button.setVisible(self.ctx.printing)
            name = "Print the list" if self.ctx.paper_only else "Print or save the list"
            self.print_button.setText(f"{name}…")
            self.print_button.setAccessibleName(name)
        return True

    def count_text(self, n: int) -> str:
        return f"{n} saved, newest first. Press Delete to remove the selected one."

    def first_focus(self) -> QWidget:
        return self.rows[0].card if self.rows else self.heading

    def leaving(self) -> None:
        self._forget_undo()

    def remove(self, entry) -> None:
        ids = [row.entry.article_id for row in self.rows]
        place = ids.index(entry.article_id) if entry.article_id in ids else 0
        try:
            self.remove_entry(entry)
        except ReaderError as exc:
            self.problem_box = tell_refused(self, f"The {self.noun} was not removed: {exc}.")
            return
        self._undo = (entry,)
        self.undo_label.setText(f"Removed “{entry.title}”.")
        self.undo_bar.show()
        self.refresh()
        if self.rows:
            self.rows[min(place, len(self.rows) - 1)].card.setFocus()
            announce(self, f"{self.noun.capitalize()} removed. Press Control Z to undo.")
        else:
            self.undo_button.setFocus()
            announce(self, f"{self.noun.capitalize()} removed, list empty. Undo puts it back.")

    def undo(self) -> None:
        if self._undo is None:
            return
        (entry,) = self._undo
        try:
            self.restore_entry(entry)
        except ReaderError as exc:  # Undo stays, to try again
            self.problem_box = tell_refused(self, f"The {self.noun} was not put back: {exc}.")
            return
        self._forget_undo()
        announce(self, f"{self.noun.capitalize()} restored")
        self.refresh()
        back = [row.card for row in self.rows if row.entry.article_id == entry.article_id]
        (back[0] if back else self.first_focus()).setFocus()

    def _forget_undo(self) -> None:
        self._undo = None
        self.undo_bar.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            for row in self.rows:
                if row.isAncestorOf(self.focusWidget()):
                    self.remove(row.entry)
                    return
        super().keyPressEvent(event)


class BookmarksPage(SavedListPage):
    noun = "bookmark"
    empty_text = "No bookmarks yet. Open a summary and choose Bookmark (Ctrl+D) to save it here."

    def add_actions(self) -> None:
        self.print_button = button(
            "Print or save the list…", "Print or save the list", "A handout of the bookmarks list"
        )
        self.print_button.clicked.connect(self.print_requested)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def handout(self) -> Handout:
        lines = [self._line(b) for b in self.ctx.personal.list_bookmarks()]
        return Handout("Bookmarks", lambda _with_notes: bookmarks_handout(lines))

    def _line(self, bookmark: Bookmark) -> BookmarkLine:
        article = self.ctx.library.get_article(bookmark.article_id)
        return BookmarkLine(
            title=article.headline if article else bookmark.title,
            saved=bookmark.created[:10],
            doi=article.doi if article else None,
            source=(journal_year(article) or None) if article else None,
            available=article is not None,
            paper=article.title if article else None,
        )

    def show_location(self, location: Location) -> bool:
        self.heading.setText("Bookmarks")
        self.heading.setAccessibleName("Bookmarks")
        return super().show_location(location)

    def entries(self):
        return [
            (b, b.title, [f"Saved {saved_day(b.created)}"])
            for b in self.ctx.personal.list_bookmarks()
        ]

    def remove_entry(self, entry: Bookmark) -> None:
        self.ctx.personal.remove_bookmark(entry.article_id)

    def restore_entry(self, entry: Bookmark) -> None:
        self.ctx.personal.add_bookmark(entry.article_id, entry.title, entry.created)


class NotesPage(SavedListPage):
    noun = "note"
    empty_text = "No notes yet. Each summary has a notes box under “Was this summary helpful?”."

    def show_location(self, location: Location) -> bool:
        self.heading.setText("My notes")
        self.heading.setAccessibleName("My notes")
        return super().show_location(location)

    def count_text(self, n: int) -> str:
        return f"{n} {'note' if n == 1 else 'notes'}, most recent first."

    def entries(self):
        return [
            (n, n.title, [f"Written {saved_day(n.updated)}", _preview(n.text)])
            for n in self.ctx.personal.list_notes()
        ]

    def remove_entry(self, entry: Note) -> None:
        self.ctx.personal.set_note(entry.article_id, entry.title, "")

    def restore_entry(self, entry: Note) -> None:
        self.ctx.personal.set_note(entry.article_id, entry.title, entry.text, entry.updated)


def _preview(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
