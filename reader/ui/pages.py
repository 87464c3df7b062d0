"""The reader's pages: home, a category, an article, search results, a text page.

Each page shows one Location, reads what it needs through reader.core, and
exposes `heading`, where keyboard focus lands after navigation.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reader.core.text.render import article_body_html, first_sentence, page_html
from reader.ui.cards import CardList
from reader.ui.context import AppContext, Location
from reader.ui.models import ArticleListModel, SearchResultsModel, detail_line
from reader.ui.personal import BookmarkToggle, FeedbackBox, NoteEditor
from reader.ui.widgets import (
    CardButton,
    FlowLayout,
    SafeTextBrowser,
    button,
    heading,
    text_label,
)

LATEST_COUNT = 10
SEARCH_RESULTS = 30  # best first; more would only slow the list as you type


class Page(QWidget):
    """Base: a heading and a body that scrolls as one.

    A page with a long list (`self.list`) gives the list the height left
    under its header, but never less than MIN_LIST_HEIGHT: with very large
    text the header scrolls away and the list still has room.
    """

    MIN_LIST_HEIGHT = 320

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

    def show_location(self, location: Location) -> bool:
        """Load the location; False if it does not exist (any more)."""
        self.location = location
        return True

    def refresh(self) -> None:
        if self.location is not None:
            self.show_location(self.location)

    def scroll_to_top(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self.fit_list)

    def _clear(self, layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()


def _section(title: str) -> QLabel:
    return heading(title, role="subheading")


class HomePage(Page):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.intro = text_label()
        self.body.addWidget(self.intro)
        self.latest_title = _section("Latest research")
        self.body.addWidget(self.latest_title)
        self.latest = QVBoxLayout()
        self.latest.setSpacing(10)
        self.body.addLayout(self.latest)
        self.categories_title = _section("Categories")
        self.body.addWidget(self.categories_title)
        self.categories = FlowLayout(spacing=10)
        self.body.addLayout(self.categories)
        self.body.addStretch(1)
        self.latest_cards: list[CardButton] = []
        self.category_buttons: list = []

    def show_location(self, location: Location) -> bool:
        super().show_location(location)
        lib = self.ctx.library
        status = lib.status()
        self.heading.setText(status.title or "SCI Research Reader")
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


class ArticlePage(Page):
    """One summary in the site's order; slots for bookmark and feedback controls."""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.facts = text_label()
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.facts)
        self.doi_button = button("", "Open the original paper (DOI link)")
        self.doi_button.clicked.connect(self._open_doi)
        doi_row = QHBoxLayout()
        doi_row.addWidget(self.doi_button)
        doi_row.addStretch(1)
        self.body.addLayout(doi_row)
        self.actions = QHBoxLayout()
        self.bookmark = BookmarkToggle(ctx.personal)
        self.print_button = button(
            "Print or save as PDF…", "Print or save as PDF", "A clean handout of this summary"
        )
        self.actions.addWidget(self.bookmark)
        self.actions.addWidget(self.print_button)
        self.actions.addStretch(1)
        self.body.addLayout(self.actions)
        self.chips = FlowLayout(spacing=8)
        self.body.addLayout(self.chips)
        self.content = SafeTextBrowser(fit_height=True)
        self.content.setAccessibleName("Summary text")
        self.content.link_activated.connect(self._link)
        self.body.addWidget(self.content)
        self.feedback_box = QVBoxLayout()
        self.feedback_title = _section("Was this summary helpful?")
        self.feedback_box.addWidget(self.feedback_title)
        self.feedback = FeedbackBox(ctx.personal)
        self.feedback_box.addWidget(self.feedback)
        self.body.addLayout(self.feedback_box)
        self.note = NoteEditor(ctx.personal)
        self.body.addWidget(self.note)
        back_row = QHBoxLayout()
        self.back_button = button("", "Back to the category")
        self.back_button.clicked.connect(self._back_to_category)
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        self.body.addLayout(back_row)
        self.body.addStretch(1)
        self.article = None
        self.back_category: str | None = None
        self.chip_buttons: list = []

    def show_location(self, location: Location, from_category: str | None = None) -> bool:
        super().show_location(location)
        article = self.ctx.library.get_article(location.key)
        if article is None:
            return False
        self.article = article
        self.heading.setText(article.title)
        self.heading.setAccessibleName(article.title)
        facts = [p for p in (article.journal, str(article.year) if article.year else None) if p]
        line = ", ".join(facts)
        if article.doi:
            line += f" · DOI: {article.doi}"
        if article.published:
            line += f" · Published: {_long_date(article.published)}"
        self.facts.setText(line.strip(" ·"))
        self.facts.setAccessibleName(f"About the paper: {self.facts.text()}")
        self.doi_button.setVisible(bool(article.doi))
        self.doi_button.setText("Open the original paper…")
        self.doi_button.setAccessibleDescription(
            f"Opens https://doi.org/{article.doi} in your web browser, after asking"
        )
        self._clear(self.chips)
        self.chip_buttons = []
        names = self.ctx.library.category_names()
        for slug in article.categories:
            name = names.get(slug, slug)
            chip = button(name, f"Category: {name}", "Opens this category", role="chip")
            chip.clicked.connect(lambda _=False, s=slug: self.ctx.navigate(Location("category", s)))
            self.chips.addWidget(chip)
            self.chip_buttons.append(chip)
        self.content.set_document_html(self.ctx.css(), article_body_html(article))
        self.bookmark.show_article(article)
        self.feedback.show_article(article.id)
        self.note.show_article(article)
        back = from_category if from_category in article.categories else article.categories[0]
        self.back_category = back
        back_name = names.get(back, back)
        self.back_button.setText(f"Back to {back_name}".replace("&", "&&"))
        self.back_button.setAccessibleName(f"Back to {back_name}")
        return True

    def _open_doi(self) -> None:
        if self.article and self.article.doi:
            self.ctx.open_link(f"https://doi.org/{self.article.doi}")

    def _link(self, url: QUrl) -> None:
        self.ctx.open_link(url.toString())

    def _back_to_category(self) -> None:
        if self.back_category:
            self.ctx.navigate(Location("category", self.back_category))


class SearchPage(Page):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.message = text_label()
        self.body.addWidget(self.message)
        self._names: dict[str, str] = {}
        self.model = SearchResultsModel(self._category_names, self)
        self.list = CardList(ctx.theme, text_is_html=True)
        self.list.setAccessibleName("Search results")
        self.list.setModel(self.model)
        self.list.activated_id.connect(lambda i: self.ctx.navigate(Location("article", i)))
        self.body.addWidget(self.list)
        self.body.addStretch(1)

    def _category_names(self, slugs: tuple[str, ...]) -> str:
        return ", ".join(self._names.get(s, s) for s in slugs)

    def show_location(self, location: Location) -> bool:
        from reader.core.library.search import search

        super().show_location(location)
        query = location.key
        self._names = self.ctx.library.category_names()
        hits = search(self.ctx.library, query, limit=SEARCH_RESULTS)
        self.model.set_hits(hits)
        self.heading.setText("Search results")
        self.heading.setAccessibleName("Search results")
        if not self.ctx.library.count_articles():
            self.message.setText(
                "The library is empty, so there is nothing to search yet. "
                "Choose Menu, then Update library, to import summaries."
            )
        elif not query.strip():
            self.message.setText("Type a word in the search box to find summaries.")
        elif not hits:
            self.message.setText(
                f"No summaries match “{query.strip()}”. Try fewer or different words."
            )
        else:
            n = len(hits)
            self.message.setText(
                f"{n} {'summary matches' if n == 1 else 'summaries match'} “{query.strip()}”."
            )
        self.list.setVisible(bool(hits))
        return True

    def first_result(self) -> str | None:
        hit = self.model.hit(0)
        return hit.id if hit else None


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


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _long_date(iso: str) -> str:
    """2014-08-01 -> August 1, 2014 (the site's style)."""
    try:
        year, month, day = (int(p) for p in iso.split("-"))
        return f"{_MONTHS[month - 1]} {day}, {year}"
    except (ValueError, IndexError):
        return iso
