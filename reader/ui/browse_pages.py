"""The pages for browsing the library: home, one category, a text page (About...)."""

from __future__ import annotations

from reader.core.identity import DISPLAY_NAME
from reader.core.text.render import first_sentence, page_html
from reader.ui.cards import CardList
from reader.ui.context import AppContext, Location
from reader.ui.models import ArticleListModel, detail_line
from reader.ui.pages import Crumbs, Page, section
from reader.ui.qt import QVBoxLayout
from reader.ui.widgets import CardButton, FlowLayout, SafeTextBrowser, button, text_label

LATEST_COUNT = 10


class HomePage(Page):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.intro = text_label()
        self.body.addWidget(self.intro)
        self.latest_title = section("Latest research")
        self.body.addWidget(self.latest_title)
        self.latest = QVBoxLayout()
        self.latest.setSpacing(10)
        self.body.addLayout(self.latest)
        self.categories_title = section("Categories")
        self.body.addWidget(self.categories_title)
        self.categories = FlowLayout(spacing=10)
        self.body.addLayout(self.categories)
        self.body.addStretch(1)
        self.latest_cards: list[CardButton] = []
        self.category_buttons: list = []

    def crumbs(self) -> Crumbs:
        return [("Home", None)]

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        lib = self.ctx.library
        status = lib.status()
        self.heading.setText(status.title or DISPLAY_NAME)
        self.heading.setAccessibleName(self.heading.text())
        if status.articles:
            self.intro.setText(
                "Plain-language summaries of spinal cord injury research. "
                f"{status.articles} summaries in {status.categories} categories."
            )
        else:
            self.intro.setText(
                "The library is empty. Choose Menu, then Update library, to import summaries."
            )
        self._clear(self.latest)
        self.latest_cards = []
        for summary in lib.list_articles(limit=LATEST_COUNT):
            marked = self.ctx.personal.is_bookmarked(summary.id)
            lines = [detail_line(summary), first_sentence(summary.simple_explanation)]
            card = CardButton(
                ("★ " if marked else "") + summary.title,
                lines,
                f"{summary.title}{', bookmarked' if marked else ''}. {detail_line(summary)}",
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
        for entry in lib.categories():
            c = entry.category
            noun = "summary" if entry.articles == 1 else "summaries"
            b = button(
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
        self.list = CardList(ctx.theme, uniform=True)
        self.list.setAccessibleName("Summaries in this category")
        self.list.activated_id.connect(lambda i: self.ctx.navigate(Location("article", i)))
        self.body.addWidget(self.list)
        self.body.addStretch(1)
        self.model: ArticleListModel | None = None

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        lib = self.ctx.library
        category = lib.category(location.key)
        if category is None:
            return False
        self.heading.setText(category.name)
        self.heading.setAccessibleName(category.name)
        self.description.setText(category.description or "")
        self.description.setVisible(bool(category.description))
        total = lib.count_articles(category.slug)
        self.count.setText(f"{total} {'summary' if total == 1 else 'summaries'}, newest first")
        old = self.model
        self.model = ArticleListModel(
            lambda limit, offset, slug=category.slug: lib.list_articles(slug, limit, offset),
            total,
            self.ctx.personal.is_bookmarked,
            self,
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
        self.content = SafeTextBrowser(fit_height=True)
        self.content.setAccessibleName("Page text")
        self.content.link_activated.connect(lambda url: self.ctx.open_link(url.toString()))
        self.body.addWidget(self.content)
        self.body.addStretch(1)

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        page = self.ctx.library.get_page(location.key)
        if page is None:
            return False
        self.heading.setText(page.title)
        self.heading.setAccessibleName(page.title)
        self.content.set_document_html(self.ctx.css(), page_html(page.body))
        return True
