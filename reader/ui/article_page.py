"""One summary in the site's order, with the reader's bookmark, feedback and note.

The text is section headings and bodies (`article_body`); `show_section`
scrolls to one and marks it current, for reading aloud.
"""

from __future__ import annotations

from reader.core.bundle.study_types import GUIDE_PAGE
from reader.core.model import sections
from reader.core.text.article_html import article_sections_html, key_facts_text
from reader.core.text.evidence import evidence_card
from reader.core.text.handout import article_handout
from reader.core.text.messages import from_the_paper, journal_year
from reader.ui.article_body import ArticleBody
from reader.ui.context import HOME, AppContext, Location
from reader.ui.flow_layout import FlowLayout
from reader.ui.focus import READING_GAP
from reader.ui.guide_links import page_location
from reader.ui.pages import Crumbs, Page, in_place, section, settle_layouts
from reader.ui.personal import BookmarkToggle, FeedbackBox, NoteEditor
from reader.ui.printing import Handout
from reader.ui.qt import QHBoxLayout, Qt, QUrl, QVBoxLayout, QWidget
from reader.ui.read_aloud import IDLE
from reader.ui.read_aloud_bar import ReadAloudBar
from reader.ui.report_problem import SAVED as REPORT_SAVED
from reader.ui.report_problem import open_report_dialog
from reader.ui.widgets import button, text_label
from reader.ui.wrap_button import wrapping_button


class ArticlePage(Page):
    """One summary; its Back button leads to the category the reader came from."""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.source = text_label()  # "From the paper: …" under a plain headline
        self.body.insertWidget(1, self.source)
        self.facts = text_label()
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.facts)
        self.doi_button = button("", "Open the original paper (DOI link)")
        self.doi_button.clicked.connect(self._open_doi)
        doi_row = QHBoxLayout()
        doi_row.addWidget(self.doi_button)
        doi_row.addStretch(1)
        self.body.addLayout(doi_row)
        self.actions = FlowLayout(spacing=8)  # wraps at large text instead of cutting
        self.bookmark = BookmarkToggle(ctx.personal)
        self.bookmark.changed.connect(lambda _on: self.personal_changed.emit())
        self.print_button = button(
            "Print or save as PDF…", "Print or save as PDF", "A clean handout of this summary"
        )
        self.print_button.clicked.connect(self.print_requested)
        self.actions.addWidget(self.bookmark)
        self.actions.addWidget(self.print_button)
        self.body.addLayout(self.actions)
        self.chips = FlowLayout(spacing=8)
        self.body.addWidget(in_place(self.chips))
        self.content = ArticleBody()
        self.content.link_activated.connect(self._link)
        self.body.addWidget(self.content)
        self.feedback_box = QVBoxLayout()
        self.feedback_title = section("Was this summary helpful?")
        self.feedback_box.addWidget(self.feedback_title)
        self.feedback = FeedbackBox(ctx.personal)
        self.feedback_box.addWidget(self.feedback)
        self.body.addLayout(self.feedback_box)
        self.report_button = wrapping_button(
            "Report a problem with this summary…",
            "Report a problem with this summary",
            "Saved in your notes, on this computer only",
        )
        self.report_button.clicked.connect(self._report_problem)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_button)
        report_row.addStretch(1)
        self.body.addLayout(report_row)
        self.note = NoteEditor(ctx.personal)
        self.body.addWidget(self.note)
        back_row = QHBoxLayout()
        self.back_button = wrapping_button("", "Back to the category")
        self.back_button.clicked.connect(self._back_to_category)
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        self.body.addLayout(back_row)
        self.body.addStretch(1)
        self.article = None
        self._names: dict[str, str] = {}  # the categories' names, read with the article
        self._guide = False  # the library has How to read (read with the article)
        self._rendered: tuple = (None,)  # the article, then its HTML (see _render_body)
        self.report_dialog = None
        self.back_category: str | None = None
        self.chip_buttons: list = []
        # Under the scrolling page, so the controls stay in view while it scrolls.
        self.read_aloud = ReadAloudBar(self, ctx.prefs, lambda: self.article)
        self.layout().addWidget(self.read_aloud)

    def show_location(self, location: Location) -> bool:
        library = self.ctx.library
        article = library.get_article(location.key)
        if article is None:
            return False
        # Read before anything is shown: a library that cannot be read leaves
        # the page as it was (reader.ui.library_trouble).
        names = library.category_names()
        # "What does this mean?" leads to How to read: not when the bundle has none.
        guide = any(p.id == GUIDE_PAGE for p in library.page_titles())
        super().show_location(location)
        self.article, self._names, self._guide = article, names, guide
        self.heading.setText(article.headline)
        self.heading.setAccessibleName(article.headline)
        self.source.setText(from_the_paper(article.title) if article.plain_title else "")
        self.source.setVisible(bool(article.plain_title))
        line = journal_year(article)
        if article.doi:
            line += f" · DOI: {article.doi}"
        if article.published:
            line += f" · Published: {_long_date(article.published)}"
        self.facts.setText(line.strip(" ·"))
        self.facts.setAccessibleName(f"About the paper: {self.facts.text()}")
        self.doi_button.setVisible(bool(article.doi) and self.ctx.web_links)
        self.print_button.setVisible(self.ctx.printing)
        name = "Print" if self.ctx.paper_only else "Print or save as PDF"
        self.print_button.setText(f"{name}…")
        self.print_button.setAccessibleName(name)
        self.doi_button.setText("Open the original paper…")
        self.doi_button.setAccessibleDescription(
            f"Opens https://doi.org/{article.doi} in your web browser, after asking"
        )
        self._clear(self.chips)
        self.chip_buttons = []
        for slug in article.categories:
            name = names.get(slug, slug)
            chip = wrapping_button(name, f"Category: {name}", "Opens this category", role="chip")
            chip.clicked.connect(lambda _=False, s=slug: self.ctx.navigate(Location("category", s)))
            self.chips.addWidget(chip)
            self.chip_buttons.append(chip)
        self._render_body()
        self.bookmark.show_article(article)
        self.feedback.show_article(article.id)
        self.note.show_article(article)
        came_from = self.ctx.last_category
        back = came_from if came_from in article.categories else article.categories[0]
        self.back_category = back
        back_name = names.get(back, back)
        self.back_button.setText(f"Back to {back_name}".replace("&", "&&"))
        self.back_button.setAccessibleName(f"Back to {back_name}")
        self.read_aloud.reading.article_shown(article)
        return True

    def _render_body(self) -> None:
        """The sections as widgets; the same article again (a new look) keeps them and focus."""
        article = self.article
        if self._rendered[0] is not article:  # a new look needs new CSS, not new Markdown
            html = article_sections_html(article), key_facts_text(article)
            self._rendered = (article, *html, evidence_card(article, guide=self._guide))
        _article, sections, facts, evidence = self._rendered
        self.content.show_sections(self.ctx.css(), sections, facts, evidence_html=evidence)

    def restyle(self) -> None:
        """A new look: only the text is laid out again (its CSS holds the sizes);
        the section being read aloud is scrolled to again where the new size put it."""
        if self.article is not None:
            self._render_body()
        settle_layouts()
        if self.article is not None:
            self.read_aloud.reading.article_shown(self.article)

    def forget_visit(self) -> None:
        self.read_aloud.reading.forget()
        self.note.forget()  # the box kept the last visitor's note, hidden, until the next article
        self._drop_report()  # closed by the reset, it still held the words typed in it

    def _drop_report(self) -> None:
        # Closed (it is modal); kept, every report dialog stayed in the window for good.
        if self.report_dialog is not None:
            self.report_dialog.deleteLater()
            self.report_dialog = None

    def leaving(self) -> None:
        self.note.flush()
        self.read_aloud.reading.stop()

    def save_typing(self, *, last_chance: bool = False) -> None:
        self.note.flush()
        if last_chance:
            self.note.set_aside_unsaved()

    def crumbs(self) -> Crumbs:
        trail: Crumbs = [("Home", HOME)]
        slug = self.back_category
        if slug and slug in self._names:  # the categories read with the article
            trail.append((self._names[slug], Location("category", slug)))
        trail.append((self.heading.text(), None))
        return trail

    def handout(self) -> Handout | None:
        article = self.article
        if article is None:
            return None
        self.note.flush()  # the handout shows what was typed a moment ago
        note = self.ctx.personal.get_note(article.id)
        return Handout(
            article.headline,
            lambda with_notes: article_handout(article, note.text if with_notes else None),
            has_notes=note is not None,
        )

    def section_count(self) -> int:
        """How many sections model.sections(article) and the extra sections make (shown or not)."""
        if self.article is None:
            return 0
        return len(sections(self.article)) + len(self.article.extra_sections)

    def show_section(self, index: int) -> None:
        """Scroll section `index` (model.sections order, then extras) into view; mark it current.

        A section with nothing in it is not shown; then nothing moves.
        """
        view = self.content.view_at(index)
        if view is None:
            return
        self.content.set_current(view)
        bar = self.scroll.verticalScrollBar()
        bar.setValue(view.mapTo(self.inner, view.rect().topLeft()).y() - READING_GAP)

    def reading_at(self) -> QWidget | None:
        if self.read_aloud.reading.state == IDLE:
            return None
        return self.content.current_view()

    def toggle_bookmark(self) -> bool:
        if self.article is None:
            return False
        self.bookmark.toggle_bookmark()
        return True

    def _open_doi(self) -> None:
        if self.article and self.article.doi:
            self.ctx.open_link(f"https://doi.org/{self.article.doi}")

    def _link(self, url: QUrl) -> None:
        target = page_location(url)  # "What does this mean?" on the Evidence card
        if target is not None:
            self.ctx.navigate(target)
        else:
            self.ctx.open_link(url.toString())

    def _report_problem(self) -> None:
        if self.article is not None:
            self.note.flush()  # what was typed into the note a moment ago comes first
            self._drop_report()
            self.report_dialog = open_report_dialog(
                self, self.ctx.personal, self.article, self.ctx.printing
            )
            self.report_dialog.saved.connect(self._report_saved)

    def _report_saved(self, _article_id: str) -> None:
        self.note.show_article(self.article)
        self.window().statusBar().showMessage(REPORT_SAVED)  # seen and heard

    def _back_to_category(self) -> None:
        if self.back_category:
            self.ctx.navigate(Location("category", self.back_category))


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
