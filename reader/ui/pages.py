"""What every page is, and everything the window shell may ask of one.

A page shows one Location, reads what it needs through reader.core and owns
its widgets. The shell talks to a page only through the methods and signals
of `Page` (show, refresh, leaving, crumbs, handout, undo, ...), never through
a page's layout or child widgets, so a page can change without the shell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING

from reader.ui.context import HOME, AppContext, Location
from reader.ui.qt import (
    QApplication,
    QEvent,
    QFrame,
    QLabel,
    QLayout,
    QModelIndex,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from reader.ui.widgets import heading

if TYPE_CHECKING:  # list pages and printing load with the first page that has them
    from reader.ui.cards import CardList
    from reader.ui.printing import Handout

Crumbs = list[tuple[str, Location | None]]  # label, and where it leads (None: this page)

# Every page the window can show, by Location kind: its class's name in the
# module `_page_module` imports when the page is first shown (the article page
# pulls in Markdown, read aloud and printing, none of which the first window needs).
PAGE_CLASSES = {
    "home": "HomePage",
    "category": "CategoryPage",
    "article": "ArticlePage",
    "search": "SearchPage",
    "page": "TextPage",
    "bookmarks": "BookmarksPage",
    "notes": "NotesPage",
    "withdrawn": "WithdrawnPage",
}


class Page(QWidget):
    """Base: a heading and a body that scrolls as one.

    A page with a long list (`self.list`) shows it at full height inside the
    body (reader.ui.page_list), so the page is one scrolling list.
    """

    print_requested = Signal()  # the page's own Print button was pressed
    personal_changed = Signal()  # the page changed personal data (a bookmark)

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.location: Location | None = None
        self.list: CardList | None = None
        self.heading = heading()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.inner = QWidget()
        self.inner.setObjectName("page")
        self.body = QVBoxLayout(self.inner)
        self.body.setContentsMargins(24, 12, 24, 24)
        self.body.setSpacing(14)
        self.body.addWidget(self.heading)
        self.scroll = QScrollArea()
        # A viewport made here, not by Qt: the first time Python meets a QWidget
        # that C++ made (focus.py walks up through the viewport), PySide6 builds
        # every QtWidgets class to find its type, 20-80 ms (benchmarks/README.md).
        self.scroll.setViewport(QWidget())
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(self.inner)
        outer.addWidget(self.scroll)

    # What the shell asks of a page
    def show_location(self, location: Location) -> bool:
        """Load the location; False if it does not exist (any more)."""
        self.location = location
        return True

    def refresh(self) -> None:
        """Show the current location again (new look, new library, new personal data).

        Laid out before this returns, so the next frame shows the new layout
        whole, never half-measured cards on top of each other (a size step
        or a theme change ends here).
        """
        if self.location is not None:  # a library that cannot be read: as it was, and said
            self.ctx.read(lambda: self.show_location(self.location), None)
        settle_layouts()

    def restyle(self) -> None:
        """The look changed (text size, theme, comfort): show the same content in it.

        By default the page is shown again; a page whose widgets take the new
        look by themselves only lays out (rebuilding Home's cards on every
        size step was most of a step's time).
        """
        self.refresh()

    def leaving(self) -> None:
        """The reader moves elsewhere or closes the app: save what is pending."""

    def save_typing(self, *, last_chance: bool = False) -> None:
        """Save what was typed a moment ago (an export, an import, a logout, the app ending).

        `last_chance`: the app is ending; what cannot be saved is kept in a file.
        """

    def crumbs(self) -> Crumbs:
        """The breadcrumb trail to this page, Home first."""
        return [("Home", HOME), (self.heading.text(), None)]

    def handout(self) -> Handout | None:
        """What Print makes of this page; None if it has nothing to print."""
        return None

    def marks_changed(self) -> None:
        """Bookmarks changed elsewhere; show the new marks if this page shows any."""

    def undo(self) -> None:
        """Undo this page's last removal, if it has one."""

    def forget_visit(self) -> None:
        """A kiosk's next visitor: let go of choices made on this page (a list's order)."""

    def toggle_bookmark(self) -> bool:
        """Bookmark or un-bookmark what the page shows, if it is one summary (then True)."""
        return False

    def reading_at(self) -> QWidget | None:
        """What the reader is following on this page (a section read aloud), kept in
        view through a new look (reader.ui.focus); None: the focus or the view's top."""
        return None

    def first_focus(self) -> QWidget:
        """Where focus lands when the page opens: its heading, or a list's first card."""
        lst, model = self.list, self.list.model() if self.list is not None else None
        # Rows may come in lazily (canFetchMore): the first is made current as it does.
        has_rows = model is not None and (model.rowCount() or model.canFetchMore(QModelIndex()))
        return lst if has_rows and lst.isVisibleTo(self) else self.heading

    def keyPressEvent(self, event) -> None:
        # Keys the focused widget did not use scroll the page (End reaches the end).
        bar = self.scroll.verticalScrollBar()
        moves = {
            Qt.Key.Key_Home: lambda: bar.minimum(),
            Qt.Key.Key_End: lambda: bar.maximum(),
            Qt.Key.Key_PageUp: lambda: bar.value() - bar.pageStep(),
            Qt.Key.Key_PageDown: lambda: bar.value() + bar.pageStep(),
        }
        move = moves.get(event.key())
        if move is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            bar.setValue(move())
            return
        super().keyPressEvent(event)

    def scroll_to_top(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)

    def _clear(self, layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()


def settle_layouts() -> None:
    """Lay out every widget whose size changed, now (layouts may ask again: a few rounds)."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def in_place(layout: QLayout) -> QWidget:
    """A widget holding `layout`, so widgets added to it later are read where they are seen.

    Screen readers get a widget's children in the order they were made, not
    as laid out: cards made on each visit would come after everything else.
    """
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


def section(title: str) -> QLabel:
    return heading(title, role="subheading")


class PageSet(Mapping[str, "Page"]):
    """The window's pages by kind, each made on first use, so the window opens
    after building Home alone.

    `pages[kind]` makes the page if needed and hands it to `made` (the shell
    puts it in its stack and connects it); iterating, `len` and `values()`
    see only the pages made so far, which is what the shell's "tell every
    page" loops want: a page made later reads the current state anyway.
    """

    def __init__(self, ctx: AppContext, made: Callable[[Page], None]):
        self.ctx = ctx
        self.made = made
        self._pages: dict[str, Page] = {}

    def __getitem__(self, kind: str) -> Page:
        page = self._pages.get(kind)
        if page is None:
            page_class = getattr(_page_module(kind), PAGE_CLASSES[kind])
            page = self._pages[kind] = page_class(self.ctx)
            self.made(page)
        return page

    def __contains__(self, kind: object) -> bool:
        return kind in PAGE_CLASSES

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._pages))

    def __len__(self) -> int:
        return len(self._pages)

    def save_typing(self, *, last_chance: bool = False) -> None:
        """What was typed a moment ago onto disk (export, import, a logout, a quit)."""
        for page in self.values():
            page.save_typing(last_chance=last_chance)

    def closing(self) -> None:
        """The window closes: every page leaves, and what cannot be saved is kept aside."""
        for page in self.values():
            page.leaving()
        self.save_typing(last_chance=True)


def _page_module(kind: str) -> ModuleType:
    # Plain import statements, not importlib with names: PyInstaller finds these.
    if kind == "article":
        from reader.ui import article_page as module
    elif kind == "search":
        from reader.ui import search_page as module
    elif kind in ("bookmarks", "notes"):
        from reader.ui import saved_pages as module
    elif kind == "withdrawn":
        from reader.ui import withdrawn_page as module
    else:
        from reader.ui import browse_pages as module
    return module
