"""Where the reader is: the page stack, Back/Forward history and the breadcrumb.

Navigation is a history of Locations (Back/Forward like a browser). After
every move keyboard focus lands on the new page's `first_focus()` (its
heading, or a list page's first card, so Enter opens it at once), and Tab
follows the order things are drawn in (toolbar, breadcrumb, page). A search is
one history entry whose query is updated in place while the reader types:
each keystroke only refreshes the results (see `search`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reader.ui.accessible import Role
from reader.ui.context import HOME, AppContext, Location
from reader.ui.focus import FocusFollower, visual_tab_order
from reader.ui.hidden_pages import hidden_pages_parked, unpark
from reader.ui.pages import Crumbs, Page
from reader.ui.qt import (
    QApplication,
    QLabel,
    QObject,
    QPushButton,
    QStackedWidget,
    Qt,
    Signal,
)
from reader.ui.widgets import ElidedLabel, WrapRow, button


class Breadcrumb(WrapRow):
    """ "Home › Category › This summary": every step but the last is a button.

    One line always: the current page's name is cut with "…" to fit, and the
    full path is the row's tooltip and description.
    """

    def __init__(self, go: Callable[[Location], object]):
        super().__init__("You are here", spacing=4, wrap=False, role=Role.Grouping)  # a panel
        self.setObjectName("chrome")  # scaled less than the text, like the toolbar
        self._go = go

    def show_crumbs(self, crumbs: Crumbs) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        for i, (label, target) in enumerate(crumbs):
            if i:
                sep = QLabel("›")
                sep.setMinimumHeight(44)
                sep.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.flow.addWidget(sep)
            if target is None:
                current = ElidedLabel(label)
                # As far from the "›" before it as a crumb's words are (a crumb's
                # padding): at 300% text, "›Cells put…" read as one word.
                current.setProperty("role", "crumb")
                current.setAccessibleName(f"Current page: {label}")
                self.flow.addWidget(current)
            else:
                crumb = button(label, f"Breadcrumb: {label}", f"Go to {label}", role="crumb")
                crumb.clicked.connect(lambda _=False, t=target: self._go(t))
                self.flow.addWidget(crumb)
        path = " › ".join(label for label, _target in crumbs)
        self.setToolTip(path)
        self.setAccessibleDescription(path)
        self.relayout()


class Navigator(QObject):
    """Shows Locations in the stack of pages and keeps the history."""

    missing = Signal(str)  # a message: the location is no longer in the library

    def __init__(
        self,
        ctx: AppContext,
        pages: dict[str, Page],
        stack: QStackedWidget,
        breadcrumb: Breadcrumb,
        back: QPushButton,
        forward: QPushButton,
    ):
        super().__init__(stack)
        self.ctx = ctx
        self.pages = pages
        self.stack = stack
        self.breadcrumb = breadcrumb
        self.back_button = back
        self.forward_button = forward
        self.history: list[Location] = []
        self.position = -1
        self.follower = FocusFollower(stack)
        for page in pages.values():
            stack.addWidget(page)
            self.follower.watch(page.scroll)

    def current_page(self) -> Page:
        return self.stack.currentWidget()

    @contextmanager
    def new_look(self) -> Iterator[None]:
        """Within: a new look reaches the page shown only (reader.ui.hidden_pages);
        after it, the reader's place is kept as the page settles (reader.ui.focus)."""
        page = self.current_page()
        shown = isinstance(page, Page)
        self.follower.look_changing(
            page.scroll if shown else None, page.reading_at() if shown else None
        )
        with hidden_pages_parked(self.stack):
            yield
        self.follower.look_changed()

    def current_location(self) -> Location | None:
        return self.history[self.position] if self.position >= 0 else None

    def navigate(self, location: Location, *, push: bool = True) -> bool:
        current = self.current_page()
        if isinstance(current, Page):
            current.leaving()
        page = self.pages[location.kind]
        unpark(self.stack, page)  # back from outside the window: its look before its content
        # The library may not be readable (reader.ui.library_trouble): then the
        # page shown stays, and the reader is told; `crumbs` may read it too.
        shown = self.ctx.read(lambda: _shown(page, location), None)
        if shown is None:
            return False
        if not shown:
            self.missing.emit("That page is no longer in the library.")
            if location != HOME:
                return self.navigate(HOME, push=push)
            return False
        crumbs = shown
        if location.kind == "category":
            self.ctx.last_category = location.key
        elif location.kind == "home":
            self.ctx.last_category = None
        if push and not (self.position >= 0 and self.history[self.position] == location):
            del self.history[self.position + 1 :]
            self.history.append(location)
            self.position = len(self.history) - 1
        if location.kind != "search" and current is not page:
            self._focus_first_then_switch(page)
        self.stack.setCurrentWidget(page)
        page.scroll_to_top()
        if location.kind != "search":  # before the crumb or Back pressed goes or is disabled
            page.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        self.breadcrumb.show_crumbs(crumbs)
        self._update_buttons()
        visual_tab_order(self.stack.parentWidget() or self.stack)
        if location.kind != "search":  # again, should the first focus have changed meanwhile
            page.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _focus_first_then_switch(self, page: Page) -> None:
        """The new page's first focus, before the old page hides.

        Hiding the focused widget would send the focus along Qt's chain (to
        Back), then the stack to the new page's last focused widget: a screen
        reader heard both before the heading. Shown a moment early here (the
        stack hides the old page next, before anything is painted).
        """
        focused = QApplication.focusWidget()
        old = self.stack.currentWidget()
        if focused is None or old is None or not old.isAncestorOf(focused):
            return  # the focus is elsewhere (the toolbar): nothing moves it on the way
        page.setGeometry(self.stack.contentsRect())  # where the stack will put it
        page.show()
        page.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)

    def search(self, query: str) -> bool:
        """Show results for `query`: one history entry per search, its query kept current.

        On the results page already, only the results change: no history step,
        no breadcrumb, no note to save, no page to rebuild.
        """
        location = Location("search", query)
        page = self.pages["search"]
        current = self.current_location()
        if current is None or current.kind != "search" or self.current_page() is not page:
            return self.navigate(location)
        from reader.ui.search_page import SearchPage  # made on the first search

        assert isinstance(page, SearchPage)
        if not self.ctx.read(lambda: page.show_query(query) or True, False):
            return False  # the results shown stay; the field keeps what was typed
        self.history[self.position] = location
        page.scroll_to_top()
        return True

    def go_back(self) -> None:
        self._step(-1)

    def go_forward(self) -> None:
        self._step(+1)

    def _step(self, step: int) -> None:
        """Back or Forward; where it was when the page could not be shown."""
        target = self.position + step
        if 0 <= target < len(self.history):
            was, self.position = self.position, target
            if not self.navigate(self.history[target], push=False):
                self.position = was

    def show_again(self) -> None:
        """Show the current location anew (the library or personal data changed)."""
        self.navigate(self.current_location() or HOME, push=False)

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self.position > 0)
        self.forward_button.setEnabled(self.position < len(self.history) - 1)


def _shown(page: Page, location: Location) -> Crumbs | bool:
    """The page's breadcrumb once it shows `location`; False if it is not there."""
    return page.show_location(location) and page.crumbs()
