"""A page's scroll area answers a screen reader's out-of-date child index with "none".

Qt 6.11's own accessible scroll area reads past its list of children when
asked for one it no longer has (a hidden page loses its scroll bar child),
which crashed the app under a screen reader (reader/ui/accessible_scroll.py;
tests/ui/test_atspi_stress.py shows it through the real AT-SPI bus).
"""

from __future__ import annotations

import pytest

from reader.ui.accessible_scroll import ScrollAreaInterface
from reader.ui.qt import QAccessible, QApplication, QScrollArea, QWidget, getCppPointer
from tests.ui import library_content as content
from tests.ui.helpers import go

pytestmark = pytest.mark.usefixtures("accessibility_on")


def _address(widget: QWidget) -> int:
    return getCppPointer(widget)[0]


def _children(interface) -> list[int]:
    return [_address(interface.child(i).object()) for i in range(interface.childCount())]


def test_a_hidden_pages_scroll_area_has_no_child_past_its_new_end(window):
    window.resize(900, 420)  # Home taller than the window: its scroll bar shows
    QApplication.processEvents()
    scroll = window.pages["home"].scroll
    area = QAccessible.queryAccessibleInterface(scroll)
    assert isinstance(area, ScrollAreaInterface)  # Qt's own reads past its list
    bar = scroll.verticalScrollBar().parentWidget()
    assert bar.objectName() == "qt_scrollarea_vcontainer"
    assert _children(area) == [_address(scroll.viewport()), _address(bar)]  # as Qt lists them
    assert area.indexOfChild(area.child(1)) == 1
    assert area.child(0).parent().object() is scroll

    go(window, "article", content.FULL_ID)  # Home hidden: its scroll bar is not visible
    assert area.childCount() == 1
    assert area.child(1) is None  # the old last child: Qt 6.11 read past its list here
    assert area.child(-1) is None
    assert area.indexOfChild(QAccessible.queryAccessibleInterface(bar)) == -1


def test_every_scroll_area_gets_the_checked_interface(qapp):
    from reader.ui.accessible import Role, mark

    mark(QWidget(), Role.Heading)  # the factory is installed with the first mark
    plain = QScrollArea()
    assert isinstance(QAccessible.queryAccessibleInterface(plain), ScrollAreaInterface)
    assert QAccessible.queryAccessibleInterface(plain).role() == QAccessible.Role.Client


def test_a_deleted_scroll_area_takes_its_interface_with_it(qapp):
    from reader.ui.accessible import Role, mark
    from reader.ui.qt import QEvent, delete

    mark(QWidget(), Role.Heading)
    for i in range(20):  # pages and dialogs come and go, later or at once
        area = QScrollArea()
        area.setWidget(QWidget())
        found = QAccessible.uniqueId(QAccessible.queryAccessibleInterface(area))
        assert QAccessible.accessibleInterface(found) is not None
        if i % 2:
            delete(area)
        else:
            area.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert QAccessible.accessibleInterface(found) is None
