"""A card list that is part of its page: full height, no scroll bar of its own.

A list scrolling inside a page that also scrolls left a 427-px card in a
270-px window at 300% text. This list is as tall as its cards, so the page
is ONE scrolling list: the page's scroll bar, wheel and keys move through
the cards; the current card is kept in view; the next hundred summaries are
fetched when the reader nears the end of those shown (never all 10,000 at
once: the model fetches only when asked, see ArticleListModel.on_demand).
When the list gets the focus, a screen reader is told which card is current.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.ui.cards import CardList
from reader.ui.qt import (
    QAbstractItemView,
    QAccessible,
    QAccessibleEvent,
    QEvent,
    QModelIndex,
    QScrollArea,
    QSizePolicy,
    Qt,
    QTimer,
)
from reader.ui.theme import Theme


class PageCardList(CardList):
    def __init__(
        self,
        theme: Callable[[], Theme],
        outer: QScrollArea,
        text_is_html: bool = False,
        uniform: bool = False,
    ):
        super().__init__(theme, text_is_html, uniform=uniform)
        self.outer = outer
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._uniform = uniform
        self._stale = False  # measured while hidden: fit again when shown
        outer.verticalScrollBar().valueChanged.connect(self._outer_scrolled)

    def setModel(self, model) -> None:
        if hasattr(model, "on_demand"):
            model.on_demand = True
        super().setModel(model)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.fit)
        model.layoutChanged.connect(self.fit)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.fetch_next()
        self.fit()

    # Height
    def content_height(self) -> int:
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if not rows:
            return 0
        if self._uniform:
            total = rows * self.sizeHintForRow(0)
        else:
            total = sum(self.sizeHintForRow(i) for i in range(rows))
        return total + 2 * self.frameWidth()

    def fit(self, *args) -> None:
        if not self.isVisible() and self.height() > 1:
            self._stale = True  # a page not shown: measured when it is (see showEvent)
            return
        self._stale = False
        height = max(self.content_height(), 1)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.fit()

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit()
        return result

    # Fetching and following the current card
    def fetch_next(self) -> None:
        model = self.model()
        if model is not None and getattr(model, "has_more", lambda: False)():
            model.fetchMore(QModelIndex())

    def _outer_scrolled(self, value: int) -> None:
        bar = self.outer.verticalScrollBar()
        if self.isVisible() and value >= bar.maximum() - self.outer.viewport().height():
            self.fetch_next()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if current.row() >= self.model().rowCount() - 1:
            self.fetch_next()
        self.show_current()

    def show_current(self) -> None:
        """Scroll the page so that the current card is in view."""
        index = self.currentIndex()
        inner = self.outer.widget()
        if not index.isValid() or inner is None or not self.isVisible():
            return
        rect = self.visualRect(index)
        top = self.viewport().mapTo(inner, rect.topLeft()).y()
        half = rect.height() // 2
        self.outer.ensureVisible(0, top + half, 0, min(half + 8, self.outer.height() // 2))

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        # Qt reports the list as focused (after this returns), never its current
        # card: a screen reader said "list" but not which summary Enter opens, and
        # Down read the second. The card follows, as Qt says a new current card.
        if QAccessible.isActive():
            QTimer.singleShot(0, self, self._tell_current)

    def _tell_current(self) -> None:
        index = self.currentIndex()
        if self.hasFocus() and index.isValid():
            told = QAccessibleEvent(self, QAccessible.Event.Focus)
            told.setChild(index.row())
            QAccessible.updateAccessibility(told)

    def moveCursor(self, action, modifiers) -> QModelIndex:
        """Page Up/Down move by the cards that fit the page's window, not the list's."""
        pages = (
            QAbstractItemView.CursorAction.MovePageDown,
            QAbstractItemView.CursorAction.MovePageUp,
        )
        current = self.currentIndex()
        if action not in pages or not current.isValid():
            return super().moveCursor(action, modifiers)
        step = max(1, self.outer.viewport().height() // max(1, self.sizeHintForRow(current.row())))
        if action == QAbstractItemView.CursorAction.MovePageUp:
            step = -step
        row = max(0, min(self.model().rowCount() - 1, current.row() + step))
        return self.model().index(row, 0)
