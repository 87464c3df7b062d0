"""Search results: a full show on arrival, then updated in place as the query changes.

`show_location` reads what does not change while typing (category names,
whether the library is empty); `show_query` only searches and fills the
list, so a keystroke costs little more than the core search itself.
"""

from __future__ import annotations

from reader.core.library.search import find
from reader.core.text.messages import SEARCH_INSTEAD_FOR, typed_words
from reader.ui.accessible import announce
from reader.ui.context import AppContext, Location
from reader.ui.models import SearchResultsModel
from reader.ui.page_list import PageCardList
from reader.ui.pages import Page, settle_layouts
from reader.ui.qt import QTimer
from reader.ui.widgets import text_label
from reader.ui.wrap_button import wrapping_button

SEARCH_RESULTS = 20  # best first, as `sci-reader search`; each more card slows typing (measured)
# The count is announced once typing pauses this long: each keystroke's count
# would interrupt the screen reader echoing the letters typed.
ANNOUNCE_DELAY_MS = 900


class SearchPage(Page):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.message = text_label()
        self.body.addWidget(self.message)
        # When nothing matched the words as typed but a corrected spelling
        # did: the way back to the words as typed.
        self.exact_button = wrapping_button("", "Search instead for the words as typed")
        self.exact_button.clicked.connect(self._search_exactly)
        self.exact_button.hide()
        self.body.addWidget(self.exact_button)
        self._exact_query: str | None = None  # the text to search as typed, uncorrected
        self._names: dict[str, str] = {}
        self._library_empty = True
        self.model = SearchResultsModel(self._category_names, self)
        self.list = PageCardList(ctx.theme, self.scroll, text_is_html=True)
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.activated_id.connect(lambda i: self.ctx.navigate(Location("article", i)))
        self.body.addWidget(self.list)
        self.body.addStretch(1)
        self.announce_timer = QTimer(self)
        self.announce_timer.setSingleShot(True)
        self.announce_timer.setInterval(ANNOUNCE_DELAY_MS)
        self.announce_timer.timeout.connect(lambda: announce(self, self.message.text()))

    def _category_names(self, slugs: tuple[str, ...]) -> str:
        return ", ".join(self._names.get(s, s) for s in slugs)

    def restyle(self) -> None:
        settle_layouts()  # the cards take the new look by themselves

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        self._names = self.ctx.library.category_names()
        self._library_empty = not self.ctx.library.count_articles()
        self.heading.setText("Search results")
        self.heading.setAccessibleName("Search results")
        self.show_query(location.key)
        return True

    def show_query(self, query: str) -> None:
        """New results for a changed query, on the page as it is (the typing path)."""
        self.location = Location("search", query)
        forgive = query != self._exact_query
        found = find(self.ctx.library, query, limit=SEARCH_RESULTS, forgive=forgive)
        hits = found.hits
        self.model.set_hits(hits)
        words = typed_words(query)
        corrected = found.corrected_query
        self.exact_button.setVisible(corrected is not None)
        if corrected is not None:
            self.exact_button.setText(SEARCH_INSTEAD_FOR.format(typed=words))
            self.exact_button.setAccessibleName(SEARCH_INSTEAD_FOR.format(typed=words))
        if self._library_empty:
            self.message.setText(
                "The library is empty, so there is nothing to search yet. "
                + self.ctx.empty_library_remedy()
            )
        elif not words:
            self.message.setText("Type a word in the search box to find summaries.")
        elif not hits:
            self.message.setText(f"No summaries match “{words}”. Try fewer or different words.")
        elif corrected is not None:
            self.message.setText(
                f"Showing results for “{corrected}”. No summaries match “{words}”."
            )
        else:
            n = len(hits)
            self.message.setText(
                f"{n} {'summary matches' if n == 1 else 'summaries match'} “{words}”."
            )
        self.list.setVisible(bool(hits))
        self.announce_timer.start()  # restarted by each keystroke: heard after a pause

    def _search_exactly(self) -> None:
        """The words as typed, without corrections; announced at once (a click asked for it)."""
        self._exact_query = self.location.key
        if not self.ctx.read(lambda: self.show_query(self._exact_query) or True, False):
            return  # the library cannot be read: the window said so
        self.announce_timer.stop()
        announce(self, self.message.text())
        self.exact_button.hide()
        if self.list.isVisible():
            self.list.setFocus()

    def leaving(self) -> None:
        self.announce_timer.stop()

    def forget_visit(self) -> None:
        """A kiosk's next visitor: no results of the last one's words (Enter in an empty
        search box opened their first result)."""
        self.announce_timer.stop()
        self._exact_query = None
        self.location = Location("search", "")
        self.model.set_hits([])
        self.list.hide()
        self.exact_button.hide()
        self.message.setText("")

    def first_result(self) -> str | None:
        hit = self.model.hit(0)
        return hit.id if hit else None
