"""A card list's rows for screen readers, each with an action that opens it.

Qt's list items offer only "Toggle" (select); a screen reader or voice
control user could not open a summary from its row. Here each row is an
accessible list item (its name the model's AccessibleTextRole) with Press
(opens it, as Enter or a click does), Toggle (makes it current) and
SetFocus. Rows are made on demand and forgotten when the model changes, so
a 10,000-row list costs nothing until someone asks.
"""

from __future__ import annotations

from reader.ui.accessible import LeafInterface, register, unregister
from reader.ui.qt import (
    QAbstractItemView,
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QRect,
    Qt,
    VoidPtr,
    getCppPointer,
)


class RowObject(LeafInterface, QAccessibleActionInterface):
    """One row of a card list; `open` is what Press does."""

    def __init__(self, view: QAbstractItemView, row: int, open_row):
        QAccessibleInterface.__init__(self)
        QAccessibleActionInterface.__init__(self)
        self.view = view
        self.row = row
        self._open = open_row
        self.id = register(self)

    def _index(self):
        model = self.view.model()
        return model.index(self.row, 0) if model is not None else None

    def isValid(self) -> bool:
        try:
            index = self._index()
        except RuntimeError:  # the view is gone
            return False
        return index is not None and index.isValid()

    def window(self):
        return self.view.window().windowHandle()

    def parent(self):
        return QAccessible.queryAccessibleInterface(self.view)

    def text(self, kind: QAccessible.Text) -> str:
        index = self._index()
        if index is None or not index.isValid():
            return ""
        if kind == QAccessible.Text.Name:
            return str(index.data(Qt.ItemDataRole.AccessibleTextRole) or index.data() or "")
        if kind == QAccessible.Text.Description:
            return "Opens the summary"
        return ""

    def setText(self, _kind, _text) -> None:
        return None

    def rect(self) -> QRect:
        index = self._index()
        if index is None or not index.isValid():
            return QRect()
        area = self.view.visualRect(index)
        return QRect(self.view.viewport().mapToGlobal(area.topLeft()), area.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.ListItem

    def state(self):
        state = QAccessible.State()
        current = self.view.currentIndex()
        is_current = current.isValid() and current.row() == self.row
        state.focusable = state.selectable = True
        state.focused = is_current and self.view.hasFocus()
        state.selected = is_current
        visible = self.view.viewport().rect().intersects(self.view.visualRect(self._index()))
        state.invisible = not self.view.isVisible()
        state.offscreen = not visible
        return state

    def interface_cast(self, kind: QAccessible.InterfaceType):
        if kind == QAccessible.InterfaceType.ActionInterface:
            return VoidPtr(getCppPointer(self)[1])
        return VoidPtr(0)

    def actionNames(self) -> list[str]:
        return [self.pressAction(), self.toggleAction(), self.setFocusAction()]

    def localizedActionDescription(self, name: str) -> str:
        return "Open the summary" if name == self.pressAction() else ""

    def keyBindingsForAction(self, name: str) -> list[str]:
        return ["Return"] if name == self.pressAction() else []

    def doAction(self, name: str) -> None:
        index = self._index()
        if index is None or not index.isValid():
            return
        if name == self.pressAction():
            self._open(index)
            return
        self.view.setCurrentIndex(index)
        if name == self.setFocusAction():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)


class ListRows:
    """The row objects of one view, made on demand, forgotten on any model change."""

    def __init__(self, view: QAbstractItemView, open_row):
        self.view = view
        self._open = open_row
        self._rows: dict[int, RowObject] = {}
        view.destroyed.connect(lambda *_: self.forget())

    def watch(self, model) -> None:
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.forget)

    def count(self) -> int:
        model = self.view.model()
        return model.rowCount() if model is not None else 0

    def at(self, row: int) -> RowObject | None:
        if not 0 <= row < self.count():
            return None
        if row not in self._rows:
            self._rows[row] = RowObject(self.view, row, self._open)
        return self._rows[row]

    def index_of(self, child) -> int:
        for row, found in self._rows.items():
            if found is child:
                return row
        return -1

    def forget(self, *_args) -> None:
        for found in self._rows.values():
            unregister(found.id)
        self._rows = {}
