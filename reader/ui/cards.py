"""Article cards: the list view and the delegate that paints each card.

One card is title, a detail line and a line of text, wrapped to the view's
width and scaled with the text size. The list opens an article on a single
click or on Enter (no double-click anywhere). The current card of a focused
list gets the app's one focus look (a thick ring in the focus colour); a
selected card of an unfocused list a bar in the accent colour, so that two
things never look focused.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from reader.ui.accessible import Role, mark
from reader.ui.list_items import ListRows
from reader.ui.models import ArticleIdRole, DetailRole, MarkedRole, TextRole, TitleRole
from reader.ui.qt import (
    QAbstractItemView,
    QAbstractTextDocumentLayout,
    QColor,
    QEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QListView,
    QModelIndex,
    QPainter,
    QPen,
    QPointF,
    QRectF,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTextDocument,
    QTextLayout,
    Signal,
)
from reader.ui.theme import Theme, mark_css
from reader.ui.widgets import whole_words

MARGIN = 8
PADDING = 14
KEPT_DOCUMENTS = 160  # laid-out cards kept: pages of search results, measured and painted


class CardDelegate(QStyledItemDelegate):
    def __init__(self, theme: Callable[[], Theme], text_is_html: bool = False, parent=None):
        super().__init__(parent)
        self._theme = theme
        self._text_is_html = text_is_html
        # The view measures every row again whenever rows are fetched or reset;
        # laying out a document per row each time made scrolling 10,000 cards
        # stall, and search (a reset per keystroke) slow. Sizes are kept by what
        # a card shows, so a card that stays in the results as the reader types
        # is not measured again.
        self._sizes: dict[tuple, QSize] = {}
        self._documents: dict[tuple, QTextDocument] = {}

    def _document(
        self, index: QModelIndex, width: float, font, star: bool | None = None
    ) -> QTextDocument:
        """The card's laid-out text, kept: a keystroke repaints cards that did not change."""
        t = self._theme()
        star = "★ " if (index.data(MarkedRole) if star is None else star) else ""
        title = html.escape(index.data(TitleRole) or "")
        detail = html.escape(index.data(DetailRole) or "")
        text = index.data(TextRole) or ""
        if not self._text_is_html:
            text = html.escape(text)
        css = f"p {{ margin: 0 0 6px 0; color: {t.text}; }} p.detail {{ color: {t.muted}; }}"
        css += f" {mark_css(t)}"
        width = max(50.0, width)
        key = (star, title, detail, text, css, width, font.key())
        if (doc := self._documents.get(key)) is not None:
            return doc
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDefaultStyleSheet(css)
        big = font.pointSizeF() * 1.2
        doc.setHtml(
            f'<p style="font-size:{big:.1f}pt; font-weight:bold">{star}{title}</p>'
            + (f'<p class="detail">{detail}</p>' if detail else "")
            + (f"<p>{text}</p>" if text else "")
        )
        doc.setTextWidth(width)
        if len(self._documents) >= KEPT_DOCUMENTS:
            self._documents.pop(next(iter(self._documents)))  # the oldest
        self._documents[key] = doc
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        key = (
            index.data(TitleRole),
            index.data(DetailRole),
            index.data(TextRole),
            width,
            option.font.pointSizeF(),
            option.font.family(),
        )
        size = self._sizes.get(key)
        if size is None:
            # Measured with the bookmark star, so adding one never needs more room.
            doc = self._document(index, width - 2 * (MARGIN + PADDING), option.font, star=True)
            size = QSize(width, int(doc.size().height()) + 2 * (MARGIN + PADDING))
            if len(self._sizes) >= 50_000:
                self._sizes.clear()
            self._sizes[key] = size
        return QSize(size)

    def draw_card(self, painter: QPainter, option: QStyleOptionViewItem) -> QRectF:
        """The card's frame, with the focus ring or the selection bar; returns its rect."""
        t = self._theme()
        card = QRectF(option.rect).adjusted(MARGIN, MARGIN / 2, -MARGIN, -MARGIN / 2)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(t.surface))
        if focused:
            painter.setPen(QPen(QColor(t.focus), 4))
        else:
            painter.setPen(QPen(QColor(t.accent if selected else t.border), 2))
        painter.drawRoundedRect(card, 10, 10)
        if selected and not focused:
            bar = QRectF(card.left() + 3, card.top() + 8, 6, card.height() - 16)
            painter.fillRect(bar, QColor(t.accent))
        return card

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        painter.save()
        card = self.draw_card(painter, option)
        doc = self._document(index, card.width() - 2 * PADDING, option.font)
        painter.translate(card.left() + PADDING, card.top() + PADDING)
        context = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, context)
        painter.restore()


def _draw_lines(
    painter: QPainter, text: str, font: QFont, x: float, y: float, width: float, lines: int
) -> float:
    """Draw `text` wrapped to at most `lines` lines, the last cut at a word; return the new y."""
    metrics = QFontMetricsF(font)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    drawn: list[tuple[str, float]] = []
    while len(drawn) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(drawn) == lines - 1 and start + length < len(text):
            rest = text[start:].replace("\n", " ")
            drawn.append((whole_words(rest, metrics, width), y))
        else:
            drawn.append((text[start : start + length].rstrip(), y))
        y += metrics.lineSpacing()
    layout.endLayout()
    painter.setFont(font)
    for chunk, top in drawn:
        painter.drawText(QPointF(x, top + metrics.ascent()), chunk)
    return y


def _line_count(text: str, font: QFont, width: float, most: int) -> int:
    """How many lines `text` takes at `width`, counting no further than `most`."""
    advance = QFontMetricsF(font).horizontalAdvance(text)
    if advance <= width:
        return 1  # no layout needed to know: most cards at 100%
    if advance > most * width:
        return most  # more than `most` lines whatever the breaks: most cards at 300%
    layout = QTextLayout(text, font)
    layout.beginLayout()
    count = 0
    while count < most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        count += 1
    layout.endLayout()
    return max(1, count)


class FixedCardDelegate(CardDelegate):
    """Cards of one height for long lists, so the view never measures rows.

    With uniform item sizes a 10,000-row list lays out in constant time when
    more rows arrive; the price is that a title longer than three lines and
    a first sentence longer than two are cut with "…" (the full title is the
    card's accessible name and the article page's heading). The one height
    is what the cards fetched so far need at this width and size, up to those
    limits, so short headlines and teasers leave no empty band under them.
    Rows are measured once per width and size, new rows as they arrive, and
    no more once one card needs the most lines.
    """

    TITLE_LINES, DETAIL_LINES, TEXT_LINES = 3, 1, 2
    GAP = 6

    def __init__(self, theme: Callable[[], Theme], text_is_html: bool = False, parent=None):
        super().__init__(theme, text_is_html, parent)
        self.forget()

    def forget(self, *_args) -> None:
        """Measure again: the rows changed (a new list, a reset)."""
        self._measured_for: tuple | None = None
        self._measured_rows = 0
        self._needed = (1, 1)  # title lines, text lines

    def _lines_needed(self, model, width: float, title: QFont, body: QFont) -> tuple[int, int]:
        key = (width, title.key(), body.key(), id(model))
        if key != self._measured_for:
            self._measured_for, self._measured_rows, self._needed = key, 0, (1, 1)
        rows = model.rowCount() if model is not None else 0
        most = (self.TITLE_LINES, self.TEXT_LINES)
        if rows > self._measured_rows and self._needed != most:
            title_lines, text_lines = self._needed
            for row in range(self._measured_rows, rows):
                index = model.index(row, 0)
                # With the bookmark star, so adding one never needs more room.
                heading = "★ " + (index.data(TitleRole) or "")
                title_lines = max(title_lines, _line_count(heading, title, width, most[0]))
                first = index.data(TextRole) or ""
                text_lines = max(text_lines, _line_count(first, body, width, most[1]))
                if (title_lines, text_lines) == most:
                    break
            self._needed = (title_lines, text_lines)
        self._measured_rows = max(rows, self._measured_rows)
        return self._needed

    def _fonts(self, font: QFont) -> tuple[QFont, QFont]:
        title = QFont(font)
        title.setPointSizeF(font.pointSizeF() * 1.2)
        title.setBold(True)
        return title, font

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        title, body = self._fonts(option.font)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        inner = width - 2 * (MARGIN + PADDING)
        title_lines, text_lines = self._lines_needed(index.model(), inner, title, body)
        height = (
            title_lines * QFontMetricsF(title).lineSpacing()
            + (self.DETAIL_LINES + text_lines) * QFontMetricsF(body).lineSpacing()
            + 2 * self.GAP
            + 2 * (MARGIN + PADDING)
        )
        return QSize(width, int(height) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        t = self._theme()
        painter.save()
        card = self.draw_card(painter, option)
        title_font, body_font = self._fonts(option.font)
        x, width = card.left() + PADDING, card.width() - 2 * PADDING
        star = "★ " if index.data(MarkedRole) else ""
        painter.setPen(QColor(t.text))
        y = _draw_lines(
            painter, star + (index.data(TitleRole) or ""), title_font, x,
            card.top() + PADDING, width, self.TITLE_LINES,
        )  # fmt: skip
        painter.setPen(QColor(t.muted))
        y = _draw_lines(
            painter, index.data(DetailRole) or "", body_font, x, y + self.GAP, width,
            self.DETAIL_LINES,
        )  # fmt: skip
        painter.setPen(QColor(t.text))
        _draw_lines(
            painter, index.data(TextRole) or "", body_font, x, y + self.GAP, width,
            self.TEXT_LINES,
        )  # fmt: skip
        painter.restore()


class CardList(QListView):
    """A list of cards; `activated_id` fires on a single click, Enter or Space."""

    activated_id = Signal(str)

    def __init__(
        self,
        theme: Callable[[], Theme],
        text_is_html: bool = False,
        parent=None,
        uniform: bool = False,
    ):
        super().__init__(parent)
        mark(self, Role.List)  # its rows offer Press (open), not only Qt's Toggle
        self.rows = ListRows(self, self._open)
        if uniform:
            self.setItemDelegate(FixedCardDelegate(theme, text_is_html, self))
            self.setUniformItemSizes(True)
        else:
            self.setItemDelegate(CardDelegate(theme, text_is_html, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setMouseTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clicked.connect(self._open)

    def accessible_rows(self) -> ListRows:
        return self.rows

    def setModel(self, model) -> None:
        self.rows.forget()
        super().setModel(model)
        self.rows.watch(model)
        forget = getattr(self.itemDelegate(), "forget", None)
        if forget is not None:  # before anything measures the new rows
            forget()
            model.modelReset.connect(forget)
        model.modelReset.connect(self._select_first)
        model.rowsInserted.connect(self._select_first)
        self._select_first()

    def _select_first(self, *args) -> None:
        model = self.model()
        if model is not None and model.rowCount() and not self.currentIndex().isValid():
            self.setCurrentIndex(model.index(0, 0))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated_id.emit(index.data(ArticleIdRole))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Card heights depend on the width: ask the view to measure again.
        self.scheduleDelayedItemsLayout()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            self.scheduleDelayedItemsLayout()
        return super().event(event)
