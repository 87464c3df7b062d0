"""The Bookmarks and My notes pages: saved entries, removable with Undo.

Undo has no time limit (WCAG 2.2.1): the last removal can be undone until
the next one or until the reader leaves the page, and after a removal focus
moves to the next row (or the previous one at the end), never elsewhere.
Rows are rebuilt on every change (a removal, Undo, a text-size step): focus
goes straight from the old row to its place in the new ones, before the old
rows are hidden, so a screen reader never hears it pass through the toolbar
on the way; what was done is announced once focus has settled.
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
from reader.ui.qt import (
    QApplication,
    QHBoxLayout,
    QKeyEvent,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
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
        # Where focus goes when the rows are rebuilt under it (an article id, or
        # the Undo button): set by a removal or an undo; else the same row.
        self._land_on: str | QWidget | None = None

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
        old = self._take_rows()
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
        self._retire(old)
        n = len(self.rows)
        self.intro.setText(self.empty_text if not n else self.count_text(n))
        if self.print_button is not None:
            self.print_button.setEnabled(bool(n))
            self.print_button.setVisible(self.ctx.printing)
            name = "Print the list" if self.ctx.paper_only else "Print or save the list"
            self.print_button.setText(f"{name}…")
            self.print_button.setAccessibleName(name)
        return True

    def _take_rows(self) -> list[_EntryRow]:
        """The rows shown, out of the layout but still shown (and holding focus) for now."""
        old, self.rows = self.rows, []
        while self.rows_box.count():
            self.rows_box.takeAt(0)
        return old

    def _retire(self, old: list[_EntryRow]) -> None:
        """Focus moves from `old` to its place among the new rows, then `old` goes.

        Hiding a focused row first would send focus along Qt's chain (to Back)
        and a screen reader would say so.
        """
        focused = QApplication.focusWidget()
        was = next((row for row in old if focused and row.isAncestorOf(focused)), None)
        if was is not None:
            self._landing(was, focused is was.remove).setFocus(Qt.FocusReason.OtherFocusReason)
        for row in old:
            row.hide()
            row.deleteLater()

    def _landing(self, was: _EntryRow, on_remove: bool) -> QWidget:
        target = self._land_on if self._land_on is not None else was.entry.article_id
        if isinstance(target, QWidget):
            return target
        for row in self.rows:
            if row.entry.article_id == target:
                return row.remove if on_remove and self._land_on is None else row.card
        return self.rows[0].card if self.rows else self.heading

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
        left = [i for i in ids if i != entry.article_id]
        self._land_on = left[min(place, len(left) - 1)] if left else self.undo_button
        self._refresh_landing()
        if self.rows:
            announce(self, f"{self.noun.capitalize()} removed. Press Control Z to undo.")
        else:
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
        self._land_on = entry.article_id
        self._refresh_landing()
        self._forget_undo()  # focus has left the Undo button: hiding it moves nothing
        announce(self, f"{self.noun.capitalize()} restored")

    def _refresh_landing(self) -> None:
        """Rows rebuilt, focus on `_land_on` (wherever it was: Remove clicked, Ctrl+Z)."""
        try:
            self.refresh()
            target = self._land_on
            if not isinstance(target, QWidget):
                cards = [row.card for row in self.rows if row.entry.article_id == target]
                target = cards[0] if cards else self.first_focus()
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        finally:
            self._land_on = None

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
