"""Qt item models for lists that can grow: articles of a category, search results.

ArticleListModel fetches a page of rows at a time from the library
(canFetchMore/fetchMore), so a 10,000-article category opens at once and
keeps memory flat: rows are read only when the view scrolls to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.core.bundle.study_types import study_type
from reader.core.model import ArticleSummary
from reader.core.text.messages import from_the_paper, journal_year, new_in_library
from reader.ui.qt import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:  # search (and its stemmers) loads with the search page, not with Home
    from reader.core.library.search import SearchHit

PAGE_SIZE = 100

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
TitleRole = Qt.ItemDataRole.UserRole + 2
DetailRole = Qt.ItemDataRole.UserRole + 3  # journal and year, evidence level
TextRole = Qt.ItemDataRole.UserRole + 4  # first sentence or snippet (HTML for search)
MarkedRole = Qt.ItemDataRole.UserRole + 5  # e.g. bookmarked

_Index = QModelIndex | QPersistentModelIndex


def detail_line(summary: ArticleSummary) -> str:
    source = journal_year(summary)
    kind = study_type(summary.study_type)
    if kind is not None:  # the design in plain words, and how strong (the card explains)
        evidence = f"{kind.name} · {kind.strength}"
    else:
        evidence = f"Evidence: {summary.evidence_level}" if summary.evidence_level else ""
    return " · ".join(p for p in (source, evidence) if p)


def first_sentence(markdown_text: str, limit: int = 220) -> str:
    """The first sentence of a Markdown paragraph, as plain text, for a card.

    Here, not with the article's HTML (reader.core.text.article_html): Home's
    cards need only this, and that module brings the Evidence card and
    Python's `html` (its entity table) with it, ~3.5 ms at every start.
    """
    plain = " ".join(markdown_text.replace("*", "").replace("_", " ").split())
    for end in (". ", "! ", "? "):
        cut = plain.find(end)
        if 0 < cut < limit:
            return plain[: cut + 1]
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def teaser(summary: ArticleSummary) -> str:
    """A card's line of text: the Simple Explanation's first sentence, which the
    library writes as the finding (tests/content checks it never just counts
    the people); a first Key Finding often describes the method instead."""
    return first_sentence(summary.simple_explanation)


def spoken_card(summary: ArticleSummary, marked: bool) -> str:
    """A card's accessible name: headline, the paper it is from, the detail line."""
    source = f" {from_the_paper(summary.title)}." if summary.plain_title else ""
    return f"{summary.headline}{', bookmarked' if marked else ''}.{source} {detail_line(summary)}"


class ArticleListModel(QAbstractListModel):
    """Article cards, newest first, fetched a page at a time.

    `fetch(limit, offset)` returns the next summaries; `total` is the count.
    """

    def __init__(
        self,
        fetch: Callable[[int, int], list[ArticleSummary]],
        total: int,
        is_marked: Callable[[str], bool] = lambda _id: False,
        parent=None,
        show_added: bool = False,
    ):
        super().__init__(parent)
        self._show_added = show_added  # listed by it: each card says when it was added
        self._fetch = fetch
        self._total = total
        self._rows: list[ArticleSummary] = []
        self._is_marked = is_marked
        self._inserting = False

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    # True when the view shows every row at full height (reader.ui.page_list):
    # Qt's own "fetch while the last row is visible" would then fetch them all,
    # so the view fetches the next page itself when the reader nears the end.
    on_demand = False

    def has_more(self) -> bool:
        return len(self._rows) < self._total

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.on_demand and self.has_more()

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        # Not again from a rowsAboutToBeInserted handler: the rows are not in yet,
        # so the same page would be fetched and inserted twice.
        if parent.isValid() or self._inserting:
            return
        more = self._fetch(PAGE_SIZE, len(self._rows))
        more = more[: self._total - len(self._rows)]
        if not more:
            self._total = len(self._rows)
            return
        self._inserting = True
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
        finally:
            self._inserting = False
        self.endInsertRows()

    def summary(self, row: int) -> ArticleSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or role == TitleRole:
            return s.headline
        if role == Qt.ItemDataRole.AccessibleTextRole:
            spoken = spoken_card(s, self._is_marked(s.id))
            return f"{spoken}. {new_in_library(s.added)}" if self._show_added else spoken
        if role == Qt.ItemDataRole.ToolTipRole:
            return from_the_paper(s.title) if s.plain_title else s.title
        if role == ArticleIdRole:
            return s.id
        if role == DetailRole:
            return self._detail(s)
        if role == TextRole:
            return teaser(s)
        if role == MarkedRole:
            return self._is_marked(s.id)
        return None

    def _detail(self, summary: ArticleSummary) -> str:
        line = detail_line(summary)
        if self._show_added:
            line = " · ".join(p for p in (new_in_library(summary.added), line) if p)
        return line

    def refresh_marks(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [MarkedRole])


class SearchResultsModel(QAbstractListModel):
    """Search hits, best first; the text role is a snippet with <mark>ed words."""

    def __init__(self, category_names: Callable[[tuple[str, ...]], str], parent=None):
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._category_names = category_names

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole or role == TitleRole:
            return h.headline
        if role == Qt.ItemDataRole.AccessibleTextRole:
            plain = h.snippet.replace("\x02", "").replace("\x03", "")
            source = f" {from_the_paper(h.title)}." if h.plain_title else ""
            return f"{h.headline}.{source} {plain}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return from_the_paper(h.title) if h.plain_title else h.title
        if role == ArticleIdRole:
            return h.id
        if role == DetailRole:
            return self._category_names(h.categories)
        if role == TextRole:
            return h.snippet_html
        if role == MarkedRole:
            return False
        return None
