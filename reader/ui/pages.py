"""What every page is, and everything the window shell may ask of one.

A page shows one Location, reads what it needs through reader.core and owns
its widgets. The shell talks to a page only through the methods and signals
of `Page` (show, refresh, leaving, crumbs, handout, undo, ...), never through
a page's layout or child widgets, so a page can change without the shell.
"""

from __future__ import annotations

from reader.ui.cards import CardList
from reader.ui.context import HOME, AppContext, Location
from reader.ui.printing import Handout
from reader.ui.qt import QFrame, QLabel, QScrollArea, Qt, QTimer, QVBoxLayout, QWidget, Signal
from reader.ui.widgets import heading

Crumbs = list[tuple[str, Location | None]]  # label, and where it leads (None: this page)


class Page(QWidget):
    """Base: a heading and a body that scrolls as one.

    A page with a long list (`self.list`) gives the list the height left
    under its header, but never less than MIN_LIST_HEIGHT: with very large
    text the header scrolls away and the list still has room.
    """

    MIN_LIST_HEIGHT = 320

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
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(self.inner)
        outer.addWidget(self.scroll)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_list)

    def fit_list(self) -> None:
        if self.list is None or not self.list.isVisible():
            return
        margin = self.body.contentsMargins().bottom()
        room = self.scroll.viewport().height() - self.list.y() - margin
        height = max(self.MIN_LIST_HEIGHT, room)
        if self.list.minimumHeight() != height:
            self.list.setMinimumHeight(height)

    # What the shell asks of a page
    def show_location(self, location: Location) -> bool:
        """Load the location; False if it does not exist (any more)."""
        self.location = location
        return True

    def refresh(self) -> None:
        """Show the current location again (new look, new library, new personal data)."""
        if self.location is not None:
            self.show_location(self.location)

    def leaving(self) -> None:
        """The reader moves elsewhere or closes the app: save what is pending."""

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

    def toggle_bookmark(self) -> None:
        """Bookmark or un-bookmark what the page shows, if it is one summary."""

    def scroll_to_top(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self.fit_list)

    def _clear(self, layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()


def section(title: str) -> QLabel:
    return heading(title, role="subheading")
