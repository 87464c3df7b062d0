"""Menu > About and help: the library's pages, in manifest order, with their manifest titles.

The pages are the bundle's to choose (docs/bundle-format.md, "Pages are
shown in manifest order"): a publisher may add a glossary or a contacts
page, name a page as it likes, or leave How to read out. So the submenu is
not a fixed list: it is read from the library (`Library.page_titles()`,
ids and titles only) each time the Menu is about to be shown, never while
the window starts (nothing before the first paint), and again after a sync
changed the library. A page no longer in the library has no entry, and with
no page at all there is no About and help.

Every menu keeps to ten entries (reader.ui.actions: one column on a 768-px
screen at 300% text with larger click targets): past ten pages, nine and a
"More pages" submenu holding the rest, and so on. A title too long for the
screen is cut after the last whole word that fits, with "…" (a menu entry
cannot wrap; `widgets.whole_words`, as the breadcrumb and the cards cut):
"…spinal cord inj…" would leave the reader guessing the word. Its full
text is the entry's tooltip and the heading of the page it opens (a screen
reader hears the cut one: Qt names a menu entry by its text,
docs/accessibility.md).
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.model import PageTitle
from reader.ui.context import Location
from reader.ui.qt import QAction, QFontMetricsF, QMenu, QWidget
from reader.ui.widgets import whole_words

TITLE = "About and help"
MORE = "More pages"
MENU_ENTRIES = 10  # the most entries of one menu (reader.ui.actions)
# The widest an entry's text may be, as a share of the screen's width, so that
# the submenu, with its margins, stays on the screen. (At 300% text the Menu
# itself is about 700 px wide: its submenus then cover part of it, as Update
# library's always did.)
TEXT_SHARE = 0.7


class PageMenu(QMenu):
    """The About and help submenu; `refresh()` makes it show the library's pages now."""

    def __init__(
        self,
        parent: QWidget,
        titles: Callable[[], list[PageTitle] | None],
        go: Callable[[Location], object],
        actions: list[QAction],
    ):
        super().__init__(TITLE, parent)
        self.setAccessibleName(TITLE)
        self.setToolTipsVisible(True)  # a cut title's full text
        self._titles = titles
        self._go = go
        self._actions = actions  # Actions.pages: the page entries, in order, kept current
        self._shown: tuple | None = None  # (the pages, the text's font and width) shown
        self.aboutToShow.connect(self.refresh)

    def refresh(self) -> None:
        """Read the library's pages; rebuild the entries if they or the text's width changed.

        `titles()` None: the library cannot be read now (the window says so);
        the entries last read stay, and the Menu opens as usual.
        """
        titles = self._titles()
        if titles is None:
            return
        pages = tuple(titles)
        self.menuAction().setVisible(bool(pages))
        self.ensurePolished()  # the window's style sheet: the Menu's font at this text size
        font = self.font()
        width = max(200, int(self.screen().availableGeometry().width() * TEXT_SHARE))
        shown = (pages, font.key(), width)
        if shown == self._shown:
            return
        self._shown = shown
        for more in self.findChildren(QMenu):
            more.deleteLater()
        self.clear()  # deletes the entries, which the menus own
        self._actions.clear()
        self._fill(self, list(pages), QFontMetricsF(font), width)

    def _fill(self, menu: QMenu, pages: list[PageTitle], metrics: QFontMetricsF, width: int):
        here = pages if len(pages) <= MENU_ENTRIES else pages[: MENU_ENTRIES - 1]
        for page in here:
            menu.addAction(self._entry(menu, page, metrics, width))
        rest = pages[len(here) :]
        if rest:
            more = QMenu(MORE, menu)
            more.setAccessibleName(MORE)
            more.setToolTipsVisible(True)
            menu.addMenu(more)
            self._fill(more, rest, metrics, width)

    def _entry(self, menu: QMenu, page: PageTitle, metrics: QFontMetricsF, width: int) -> QAction:
        title = " ".join(page.title.split())  # no tab (a shortcut's column) or line break
        shown = whole_words(title, metrics, width)
        action = QAction(shown.replace("&", "&&"), menu)  # "&" shown, not a mnemonic
        if shown != title:
            action.setToolTip(title)
        action.setData(page.id)
        action.triggered.connect(lambda _=False, p=page.id: self._go(Location("page", p)))
        self._actions.append(action)
        return action
