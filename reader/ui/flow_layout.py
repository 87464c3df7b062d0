"""A layout that lays its children left to right and wraps them onto new lines.

Qt has none (its examples carry one): at 300% text a row of buttons must
wrap instead of clipping or pushing the window wider than the screen.
"""

from __future__ import annotations

from reader.ui.qt import QLayout, QLayoutItem, QPoint, QRect, QSize, QSizePolicy, Qt, QWidget


class FlowLayout(QLayout):
    """Lays children left to right and wraps them onto new lines.

    With `wrap=False` it keeps one line: an elastic child (an eliding label)
    gets whatever is left of it, however little.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, wrap: bool = True):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._wrap = wrap
        # Qt asks the height for one width many times over while it lays a
        # window out (40-odd times for Home's rows as it opens); like Qt's own
        # box layouts, the answer is kept until the layout is invalidated.
        self._heights: dict[int, int] = {}
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        # On one line every item is as tall as the line, so that their words align.
        one_line = (
            0 if self._wrap or not apply else self._arrange(rect, False) - m.top() - m.bottom()
        )
        for item in self._items:
            widget = item.widget()
            if (
                widget is not None
                and widget.isHidden()
                and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
            ):
                continue  # hidden on purpose (not merely waiting to be shown)
            hint = item.sizeHint()
            width = min(hint.width(), area.width())
            elastic = widget is not None and (
                widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
            )
            if elastic:
                # Takes what is left of the line (an eliding label), if enough.
                # (The layout item reports 0 width for an Ignored policy.)
                width = min(widget.sizeHint().width(), area.width())
                left = area.right() + 1 - x
                if left >= widget.minimumSizeHint().width() or not self._wrap:
                    width = max(1, min(width, left))
            elif not self._wrap:
                width = max(1, min(width, area.right() + 1 - x))
            if self._wrap and x > area.x() and x + width > area.right() + 1:
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            height = max(height, hint.height() if width == hint.width() else height)
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, max(height, one_line))))
            x += width + self._spacing
            line_height = max(line_height, height)
        return y + line_height - rect.y() + m.bottom()
