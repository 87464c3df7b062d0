"""A scroll area's accessible object that a screen reader's out-of-date question cannot crash.

Qt 6.11's own (QAccessibleAbstractScrollArea in qtbase's
src/widgets/accessible/complexwidgets.cpp) lists as children the viewport,
then each scroll bar's container while that bar is visible, then a visible
corner widget; and its `child(index)` reads that list with no bounds check.
Every page of the window is a QScrollArea, and a page's scroll area loses its
scroll bar child whenever the page is hidden (the stack shows another page)
or its content gets short. A screen reader that counted the children before
asks for the last one it counted (AT-SPI GetChildAtIndex, which Qt's
AtSpiAdaptor passes on unchecked), and Qt read past the list: the app died
of SIGSEGV in QAccessibleCache::idForObject (docs/accessibility.md).

This object lists the same children in the same order and answers None past
the end, which AT-SPI passes on as "no such object". accessible.py's factory
gives it to every scroll area that `mark()` did not give a role.
"""

from __future__ import annotations

from reader.ui.qt import QAccessible, QAccessibleWidget, QWidget, getCppPointer

# Qt names the containers it puts the scroll bars in; only those are listed.
_CONTAINERS = ("qt_scrollarea_hcontainer", "qt_scrollarea_vcontainer")
# The class names Qt's own factory answers with QAccessibleAbstractScrollArea.
SCROLL_AREA_CLASSES = frozenset({"QScrollArea", "QAbstractScrollArea"})


class ScrollAreaInterface(QAccessibleWidget):
    """What Qt reports for a scroll area, with every child index checked."""

    def __init__(self, area: QWidget):
        QAccessibleWidget.__init__(self, area, QAccessible.Role.Client)

    def _children(self) -> list[QWidget]:
        area = self.widget()
        if area is None:
            return []
        viewport = area.viewport()
        found = [viewport] if viewport is not None else []
        for bar, name in zip(
            (area.horizontalScrollBar(), area.verticalScrollBar()), _CONTAINERS, strict=True
        ):
            container = bar.parentWidget() if bar is not None and bar.isVisible() else None
            if container is not None and container.objectName() == name:
                found.append(container)
        corner = area.cornerWidget()
        if corner is not None and corner.isVisible():
            found.append(corner)
        return found

    def childCount(self) -> int:
        return len(self._children())

    def child(self, index: int):
        children = self._children()
        if 0 <= index < len(children):
            return QAccessible.queryAccessibleInterface(children[index])
        return None  # counted before a change: no such child now

    def indexOfChild(self, child) -> int:
        found = child.object() if child is not None else None
        if found is None:
            return -1
        address = getCppPointer(found)[0]
        for i, widget in enumerate(self._children()):
            if getCppPointer(widget)[0] == address:
                return i
        return -1
