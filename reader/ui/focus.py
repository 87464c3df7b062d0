"""Focus where the eye is: scrolled into view, and Tab in the order things are seen.

Qt scrolls a QScrollArea to a newly focused child only on some moves (not
when Tab wraps round), never when a text-size step moves the focused widget
below the fold, and its Tab order is the order widgets were created: rebuilt
breadcrumbs and a page's new rows came after everything else, so Tab went
page, breadcrumb, toolbar. `FocusFollower` keeps the focused widget in view;
`visual_tab_order` sets the Tab order to the layouts' order (top to bottom,
left to right, as drawn). A new look (text size, theme, spacing, targets) keeps
the reader's place: the focused widget if it was in view, else what was at the
top of the view (the reader had scrolled away from the focus, or it was in the
toolbar).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from reader.ui.qt import (
    QApplication,
    QEvent,
    QLayout,
    QObject,
    QPoint,
    QScrollArea,
    QStackedWidget,
    Qt,
    QTimer,
    QWidget,
)

MARGIN = 24  # room kept around the focused widget, so its focus frame shows too
SETTLE_MS = 600  # relayouts this soon after a font change are the new size settling
READING_GAP = 12  # a section being read aloud shows this far below the top (ArticlePage)


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        inner = parent.widget() if isinstance(parent, QScrollArea) else None
        if inner is not None and inner.isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def scroll_into_view(widget: QWidget | None) -> None:
    """Scroll the page that holds `widget` so that it (or a list's current card) shows."""
    if widget is None:
        return
    area = _scroll_area(widget)
    if area is None:
        return
    inner = area.widget()
    # Asked of Qt's meta-object, not with isinstance: naming QAbstractItemView
    # builds the class and its nine enum types, and Home has no list
    # (benchmarks/README.md, "Window start, third pass").
    if widget.inherits("QAbstractItemView") and widget.currentIndex().isValid():
        rect = widget.visualRect(widget.currentIndex())
        center = widget.viewport().mapTo(inner, rect.center())
        area.ensureVisible(center.x(), center.y(), MARGIN, rect.height() // 2 + MARGIN)
        return
    # The whole widget, not Qt's ensureWidgetVisible: for a text box that
    # shows only the text cursor, leaving the box's frame below the fold.
    rect = widget.rect().translated(widget.mapTo(inner, widget.rect().topLeft()))
    viewport = area.viewport().height()
    if rect.height() <= viewport:
        margin = min(MARGIN, (viewport - rect.height()) // 2)
        area.ensureVisible(rect.center().x(), rect.center().y(), 0, rect.height() // 2 + margin)
    else:  # taller than the view: its top at the top, where reading starts
        area.verticalScrollBar().setValue(rect.top() - MARGIN)


def _in_view(widget: QWidget, area: QScrollArea) -> bool:
    viewport = area.viewport()
    if not viewport.isAncestorOf(widget):
        return False
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    return top < viewport.height() and top + widget.height() > 0


@dataclass(frozen=True)
class Place:
    """A point of a widget under the top of a scroll area's view, kept there while a
    new look settles: how far down the widget (a share of its height, which the new
    look changes) and how far below the view's top."""

    area: QScrollArea
    widget: QWidget
    share: float
    below_top: int

    def keep(self) -> None:
        try:
            inner = self.area.widget()
            top = self.widget.mapTo(inner, QPoint(0, 0)).y()
            point = top + round(self.share * self.widget.height())
        except RuntimeError:  # the widget is gone (a new page): nothing to keep
            return
        self.area.verticalScrollBar().setValue(point - self.below_top)


def place_at_top(area: QScrollArea) -> Place | None:
    """What the reader sees at the top of `area`: the first widget found down its
    first third (a gap between two widgets has none)."""
    inner = area.widget()
    top = area.verticalScrollBar().value()
    for y in range(top, top + area.viewport().height() // 3, 8):
        for x in (inner.width() // 4, inner.width() // 2):
            widget = inner.childAt(x, y)
            if widget is not None and widget.height() > 0:
                offset = y - widget.mapTo(inner, QPoint(0, 0)).y()
                return Place(area, widget, offset / widget.height(), y - top)
    return None


class FocusFollower(QObject):
    """Scrolls the focused widget into view after every focus move and every relayout."""

    def __init__(self, root: QWidget):
        super().__init__(root)
        self._root = root  # the window is root.window(), looked up when needed
        QApplication.instance().focusChanged.connect(self._moved)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.again)
        self._settling = QTimer(self)  # the time a new text size takes to settle
        self._settling.setSingleShot(True)
        self._settling.setInterval(SETTLE_MS)
        self._settling.timeout.connect(self._forget_place)
        self._place: Place | None = None  # kept instead of the focus while a look settles
        root.installEventFilter(self)

    def watch(self, area: QScrollArea) -> None:
        """Follow the relayouts of `area` that a text-size step causes."""
        area.verticalScrollBar().rangeChanged.connect(self._relaid)

    def _relaid(self, *_range) -> None:
        # Only just after a new font (a new size settles over a few relayouts):
        # other relayouts (a page growing, read aloud showing a section) must
        # not pull the view back to the focus.
        if self._settling.isActive():
            self._pending.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.look_changed()
        return False

    def look_changing(self, area: QScrollArea | None, reading: QWidget | None = None) -> None:
        """Before a new look: the focused widget is followed if it shows in `area`
        (the page shown); else `reading` (a section being read aloud) is kept at the
        top, as the page shows it; else what is at the top of the view now."""
        focused = QApplication.focusWidget()
        if area is None or (focused is not None and _in_view(focused, area)):
            self._place = None
        elif reading is not None:
            self._place = Place(area, reading, 0.0, READING_GAP)
        else:
            self._place = place_at_top(area)

    def _forget_place(self) -> None:
        self._place = None

    def look_changed(self) -> None:
        """A new look is settling: keep the reader's place while it does.

        Said by the window too: wider line spacing changes only the documents'
        CSS, which sends the window neither event, yet every text above the
        focus grows (at 300% text it went 2,000 px below the fold)."""
        self._settling.start()
        self._pending.start()

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.window() is self._root.window():
            self._place = None  # the reader moved: follow them
            scroll_into_view(new)
            if new.inherits("QAbstractButton"):
                # Tab goes on to QScrollArea's own ensureWidgetVisible, which centres a
                # button taller than the view (a card at 300% text): its first lines
                # went above the view. Placed again once Tab is done. (In a text body Qt
                # centres the selected link, as it should: that is left alone.)
                self._pending.start()

    def again(self) -> None:
        if self._place is not None:
            self._place.keep()
            return
        focused = QApplication.focusWidget()
        if focused is not None and focused.window() is self._root.window():
            scroll_into_view(focused)


def layout_order(root: QWidget) -> list[QWidget]:
    """The widgets under `root`, in their layouts' order (as drawn)."""
    found: list[QWidget] = []

    def visit_widget(widget: QWidget) -> None:
        found.append(widget)
        if isinstance(widget, QScrollArea) and widget.widget() is not None:
            visit_widget(widget.widget())
        elif isinstance(widget, QStackedWidget):
            current = widget.currentWidget()
            if current is not None:
                visit_widget(current)
        elif widget.layout() is not None:
            visit_layout(widget.layout())

    def visit_layout(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None:
                continue
            if item.widget() is not None:
                visit_widget(item.widget())
            elif item.layout() is not None:
                visit_layout(item.layout())

    if root.layout() is not None:
        visit_layout(root.layout())
    return found


def visual_tab_order(root: QWidget) -> None:
    """Make Tab visit `root`'s focusable widgets in the order they are drawn."""
    chain = [w for w in layout_order(root) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


def is_text_input(widget: QWidget | None) -> bool:
    """A widget that takes typing (Backspace there deletes, never goes back)."""
    from reader.ui.qt import QLineEdit, QPlainTextEdit, QTextEdit  # enums: not before first paint

    return isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and not (
        isinstance(widget, QTextEdit) and widget.isReadOnly()
    )
