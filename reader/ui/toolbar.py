"""The window's toolbar: always ONE row; what does not fit goes into a "More" menu.

A toolbar that wraps onto three rows at 300% text took 440 px of a 768-px
screen. Here the row keeps its height; when the controls are wider than the
window, the rightmost ones (never the first, the search field or a button
with a menu) are hidden and offered, by their names, in a "More" menu at the
end of the row, in the order they had on the row.
"""

from __future__ import annotations

from reader.ui.accessible import Role, mark
from reader.ui.qt import (
    QEvent,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    Qt,
    QWidget,
)
from reader.ui.widgets import button


class _Row(QHBoxLayout):
    """The row's layout: widgets added go before the "More" button, which stays last."""

    def addWidget(self, widget: QWidget, *args) -> None:
        self.insertWidget(max(0, self.count() - 1), widget, *args)


class ToolbarRow(QWidget):
    def __init__(self, accessible_name: str, spacing: int = 8, parent: QWidget | None = None):
        super().__init__(parent)
        mark(self, Role.ToolBar)  # before the name: naming makes Qt create the interface
        self.setObjectName("chrome")  # the style sheet scales chrome less than text
        self.setAccessibleName(accessible_name)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.flow = _Row(self)
        self.flow.setContentsMargins(0, 0, 0, 0)
        self.flow.setSpacing(spacing)
        self.more_menu = QMenu("More", self)
        self.more_menu.setAccessibleName("More")
        self.more_menu.aboutToShow.connect(self._fill_menu)
        self.more_button = button("More", "More", "The toolbar buttons that do not fit")
        self.more_button.setMenu(self.more_menu)
        self.more_button.hide()
        self.flow.insertWidget(0, self.more_button)
        self.overflow: list[QWidget] = []  # hidden here for want of room, in row order
        self._fitting = False

    def controls(self) -> list[QWidget]:
        """The row's widgets but "More", less those their owner hid on purpose."""
        out = []
        for i in range(self.flow.count()):
            w = self.flow.itemAt(i).widget()
            if w is None or w is self.more_button:
                continue
            hidden_by_owner = (
                w.isHidden()
                and w not in self.overflow
                and w.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
            )
            if not hidden_by_owner:
                out.append(w)
        return out

    def _width(self, widget: QWidget) -> int:
        # What the row's layout gives it before squeezing anyone: its size hint
        # (polished first: a button never shown has no style sheet size yet).
        widget.ensurePolished()
        return max(widget.sizeHint().width(), widget.minimumWidth())

    def _pinned(self, widget: QWidget, first: QWidget) -> bool:
        return (
            widget is first
            or isinstance(widget, QLineEdit)
            or (isinstance(widget, QPushButton) and widget.menu() is not None)
        )

    def relayout(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            self._fit()
        finally:
            self._fitting = False

    def _fit(self) -> None:
        items = self.controls()
        if not items:
            return
        gap = self.flow.spacing()
        margins = self.flow.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        need = sum(self._width(w) for w in items) + gap * (len(items) - 1)
        candidates = [w for w in reversed(items) if not self._pinned(w, items[0])]
        hidden: list[QWidget] = []
        while need > room and candidates:
            w = candidates.pop(0)
            if not hidden:
                need += self._width(self.more_button) + gap
            hidden.append(w)
            need -= self._width(w) + gap
        self.overflow = [w for w in items if w in hidden]
        for w in items:
            if w.isHidden() != (w in hidden):
                w.setVisible(w not in hidden)
        if self.more_button.isHidden() == bool(hidden):
            self.more_button.setVisible(bool(hidden))

    def _fill_menu(self) -> None:
        self.more_menu.clear()
        for w in self.overflow:
            name = w.accessibleName() or (w.text() if isinstance(w, QPushButton) else "")
            action = self.more_menu.addAction(name.replace("&", "&&"))
            action.setEnabled(w.isEnabled())
            if isinstance(w, QPushButton):
                action.triggered.connect(w.click)
            else:
                action.triggered.connect(lambda _=False, w=w: self._show_and_focus(w))

    def _show_and_focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def event(self, event) -> bool:
        result = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.StyleChange):
            self.relayout()
        return result
