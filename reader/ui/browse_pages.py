"""The pages for browsing the library: home, one category, a text page (About...).

Lists are newest research first: by the publication date each card shows,
not by when a summary came into the library (issue 15).
"""

from __future__ import annotations

from reader.core.identity import DISPLAY_NAME
from reader.core.library.store import PUBLISHED
from reader.core.model import Category
from reader.core.text.messages import NEW_IN_LIBRARY
from reader.ui.context import AppContext, Location
from reader.ui.flow_layout import FlowLayout
from reader.ui.models import ArticleListModel, detail_line, spoken_card, teaser
from reader.ui.pages import Crumbs, Page, in_place, section, settle_layouts
from reader.ui.qt import QVBoxLayout
from reader.ui.widgets import CardButton, text_label
from reader.ui.wrap_button import wrapping_button

LATEST_COUNT = 10
# The list of every summary: a category page of the key no slug can be.
ALL_SUMMARIES = Location("category", "")


class HomePage(Page):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.intro = text_label()
        self.body.addWidget(self.intro)
        self.latest_title = section("Latest research")
        self.body.addWidget(self.latest_title)
        self.latest = QVBoxLayout()
        self.latest.setSpacing(10)
        self.body.addWidget(in_place(self.latest))
        self.categories_title = section("Categories")
        self.body.addWidget(self.categories_title)
        self.categories = FlowLayout(spacing=10)
        self.body.addWidget(in_place(self.categories))
        self.body.addStretch(1)
        self.latest_cards: list[CardButton] = []
        self.category_buttons: list = []
        self.all_button = None

    def crumbs(self) -> Crumbs:
        return [("Home", None)]

    def restyle(self) -> None:
        settle_layouts()  # the cards take the new look by themselves

    def show_location(self, location: Location) -> bool:
        lib = self.ctx.library
        # Everything read before anything is shown: a library that cannot be
        # read leaves the page as it was (reader.ui.library_trouble).
        status = lib.status()
        latest = lib.list_articles(limit=LATEST_COUNT, order=PUBLISHED)
        categories = lib.categories()
        super().show_location(location)
        self.heading.setText(status.title or DISPLAY_NAME)
        self.heading.setAccessibleName(self.heading.text())
        if status.articles:
            self.intro.setText(
                "Plain-language summaries of spinal cord injury research. "
                f"{status.articles} summaries in {status.categories} categories."
            )
        else:
            self.intro.setText(f"The library is empty. {self.ctx.empty_library_remedy()}")
        self._clear(self.latest)
        self.latest_cards = []
        for summary in latest:
            marked = self.ctx.personal.is_bookmarked(summary.id)
            lines = [detail_line(summary), teaser(summary)]
            card = CardButton(
                ("★ " if marked else "") + summary.headline, lines, spoken_card(summary, marked)
            )
            card.setAccessibleDescription("Opens the summary")
            card.clicked.connect(
                lambda _=False, i=summary.id: self.ctx.navigate(Location("article", i))
            )
            self.latest.addWidget(card)
            self.latest_cards.append(card)
        self.latest_title.setVisible(bool(self.latest_cards))
        self._clear(self.categories)
        self.category_buttons = []
        self.all_button = None
        if status.articles:  # first among the categories: no catch-all category is needed
            self.all_button = wrapping_button(
                f"All summaries ({status.articles})",
                f"All summaries, {status.articles}",
                "Every summary in the library, newest first",
            )
            self.all_button.clicked.connect(lambda: self.ctx.navigate(ALL_SUMMARIES))
            self.categories.addWidget(self.all_button)
        for entry in categories:
            c = entry.category
            noun = "summary" if entry.articles == 1 else "summaries"
            b = wrapping_button(
                f"{c.name} ({entry.articles})",
                f"{c.name}, {entry.articles} {noun}",
                c.description or "",
            )
            b.clicked.connect(lambda _=False, s=c.slug: self.ctx.navigate(Location("category", s)))
            self.categories.addWidget(b)
            self.category_buttons.append(b)
        self.categories_title.setVisible(bool(self.category_buttons))
        return True


class CategoryPage(Page):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.description = text_label()
        self.count = text_label(role="muted")
        self.body.addWidget(self.description)
        self.body.addWidget(self.count)
        # Here, not at the top: Home, the first page, has no card list (reader.ui.cards).
        from reader.ui.list_order import OrderChoice
        from reader.ui.page_list import PageCardList

        self.order_choice = OrderChoice()  # on All summaries only
        self.order_choice.changed.connect(lambda _order: self.refresh())
        self.body.addWidget(self.order_choice)
        self.list = PageCardList(ctx.theme, self.scroll, uniform=True)
        self.list.setAccessibleName("Summaries in this category")
        self.list.activated_id.connect(lambda i: self.ctx.navigate(Location("article", i)))
        self.body.addWidget(self.list)
        self.body.addStretch(1)
        self.model: ArticleListModel | None = None

    def restyle(self) -> None:
        settle_layouts()  # the cards take the new look by themselves

    def forget_visit(self) -> None:
        self.order_choice.choose(PUBLISHED)

    def show_location(self, location: Location) -> bool:
        lib = self.ctx.library
        if location == ALL_SUMMARIES:
            category = Category("", "All summaries", "Every summary in the library.")
        else:
            category = lib.category(location.key)
        if category is None:
            return False
        total = lib.count_articles(category.slug or None)  # read before anything changes
        super().show_location(location)
        self.heading.setText(category.name)
        self.heading.setAccessibleName(category.name)
        self.description.setText(category.description or "")
        self.description.setVisible(bool(category.description))
        every = location == ALL_SUMMARIES
        self.order_choice.setVisible(every)
        order = self.order_choice.order if every else PUBLISHED
        # Newest by the date each card shows (Published, else Year), or as chosen.
        first = "newest first" if order == PUBLISHED else f"{NEW_IN_LIBRARY} first"
        self.count.setText(f"{total} {'summary' if total == 1 else 'summaries'}, {first}")
        old = self.model
        self.model = ArticleListModel(
            # Loading more as the reader scrolls: nothing more, and said, if it cannot be read.
            lambda limit, offset, slug=category.slug: self.ctx.read(
                lambda: lib.list_articles(slug, limit, offset, order=order), []
            ),
            total,
            self.ctx.personal.is_bookmarked,
            self,
            show_added=order != PUBLISHED,
        )
        self.list.setModel(self.model)
        if old is not None:
            old.deleteLater()
        return True

    def marks_changed(self) -> None:
        if self.model is not None:
            self.model.refresh_marks()


class TextPage(Page):
    """A page of the bundle: About, Disclaimer, How to read."""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        # Here, not at the top: Home, the first page, shows no rendered HTML.
        from reader.ui.guide_links import GuideScroll
        from reader.ui.safe_browser import SafeTextBrowser

        self.content = SafeTextBrowser(fit_height=True)
        self.content.setAccessibleName("Page text")
        self.content.link_activated.connect(lambda url: self.ctx.open_link(url.toString()))
        self.body.addWidget(self.content)
        self.body.addStretch(1)
        self.guide_scroll = GuideScroll(self.scroll, self.content)

    def show_location(self, location: Location) -> bool:
        page_id, _hash, anchor = location.key.partition("#")
        page = self.ctx.library.get_page(page_id)
        if page is None:
            return False
        super().show_location(location)
        self.heading.setText(page.title)
        self.heading.setAccessibleName(page.title)
        from reader.core.text.render import page_html  # Markdown: not needed for Home

        self.content.set_document_html(self.ctx.css(), page_html(page.body))
        self.guide_scroll.aim(anchor)
        return True

    def scroll_to_top(self) -> None:
        super().scroll_to_top()
        self.guide_scroll.go()
