"""What Qt's widgets do not tell a screen reader by themselves: roles, heading levels, news.

Qt gives a QLabel the role "label" and a plain container the role "filler",
so a screen reader could not jump by heading (H, 1-6) or to the toolbar, and
heard the Yes/No feedback as check boxes. `mark()` gives a widget the role it
plays (a heading its level); one accessible-interface factory, installed on
first use, makes Qt report it. The level reaches AT-SPI as the attribute
`level`, which Orca reads. `announce()` says a change out loud.

Qt 6.11 maps no role to AT-SPI's landmark or toggle button, and its custom
attributes (`xml-roles`) need a QHash<QString, QString> that PySide6 cannot
build: the breadcrumb is a named panel, the bookmark a pressed push button.

PySide6 notes: an interface written in Python hands Qt its attributes
through `interface_cast`, which must return the C++ address of the
QAccessibleAttributesInterface part as a `shiboken6.VoidPtr`, and a
`VoidPtr(0)`, never None, for an interface it lacks (None crashes Qt).
"""

from __future__ import annotations

import atexit

from reader.ui.accessible_scroll import SCROLL_AREA_CLASSES, ScrollAreaInterface
from reader.ui.qt import (
    QAbstractButton,
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleAttributesInterface,
    QAccessibleInterface,
    QAccessibleWidget,
    QLabel,
    QObject,
    QWidget,
    VoidPtr,
    getCppPointer,
)

Role = QAccessible.Role
_ROLE = "a11y_role"  # dynamic properties the factory reads
_LEVEL = "a11y_level"
_installed = False


class _Marked(QAccessibleWidget, QAccessibleAttributesInterface):
    """A widget's interface with the role `mark()` gave it."""

    def __init__(self, widget: QWidget, role: Role):
        QAccessibleWidget.__init__(self, widget, role)
        QAccessibleAttributesInterface.__init__(self)

    def text(self, kind: QAccessible.Text) -> str:
        widget = self.widget()
        if widget is None:
            return ""
        if kind == QAccessible.Text.Name:
            name = widget.accessibleName()
            if not name and isinstance(widget, QLabel | QAbstractButton):
                name = widget.text().replace("&&", "&")
            return name
        return QAccessibleWidget.text(self, kind)

    # A widget may add children of its own (a body's links): its method
    # accessible_extra_children() lists them after its child widgets.
    def _extra(self) -> list:
        widget = self.widget()
        extra = getattr(widget, "accessible_extra_children", None)
        return extra() if extra is not None else []

    # Or it stands for all its children (a list's rows): accessible_rows(),
    # an object with count(), at(i) and index_of(child).
    def _rows(self):
        widget = self.widget()
        rows = getattr(widget, "accessible_rows", None)
        return rows() if rows is not None else None

    def childCount(self) -> int:
        rows = self._rows()
        if rows is not None:
            return rows.count()
        return QAccessibleWidget.childCount(self) + len(self._extra())

    def child(self, index: int):
        rows = self._rows()
        if rows is not None:
            return rows.at(index)
        widgets = QAccessibleWidget.childCount(self)
        if index < widgets:
            return QAccessibleWidget.child(self, index)
        extra = self._extra()
        return extra[index - widgets] if index - widgets < len(extra) else None

    def indexOfChild(self, child) -> int:
        rows = self._rows()
        if rows is not None:
            return rows.index_of(child)
        for i, extra in enumerate(self._extra()):
            if extra is child:
                return QAccessibleWidget.childCount(self) + i
        return QAccessibleWidget.indexOfChild(self, child)

    def state(self):
        state = QAccessibleWidget.state(self)
        widget = self.widget()
        if isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.checkable = True
            state.checked = widget.isChecked()
            # Qt 6.11 maps no role to AT-SPI's toggle button; a push button that
            # is "pressed" is how Orca says one is on.
            state.pressed = widget.isChecked()
        return state

    # A button keeps its actions: pressed by a screen reader or voice control.
    def actionNames(self) -> list[str]:
        names = QAccessibleWidget.actionNames(self)
        widget = self.widget()
        if isinstance(widget, QAbstractButton) and widget.isEnabled():
            press = self.toggleAction() if widget.isCheckable() else self.pressAction()
            names = [press, *names]
        return names

    def doAction(self, name: str) -> None:
        widget = self.widget()
        pressing = name in (self.pressAction(), self.toggleAction())
        if isinstance(widget, QAbstractButton) and pressing:
            if widget.isEnabled():
                widget.click()
            return
        QAccessibleWidget.doAction(self, name)

    def attributeKeys(self) -> list:
        keys = []
        widget = self.widget()
        if widget is not None and widget.property(_LEVEL):
            keys.append(QAccessible.Attribute.Level)
        return keys

    def attributeValue(self, key: QAccessible.Attribute):
        widget = self.widget()
        if widget is None:
            return None
        if key == QAccessible.Attribute.Level:
            return int(widget.property(_LEVEL) or 0)
        return None

    def interface_cast(self, kind: QAccessible.InterfaceType):
        if kind == QAccessible.InterfaceType.AttributesInterface:
            return VoidPtr(getCppPointer(self)[1])
        found = QAccessibleWidget.interface_cast(self, kind)
        return found if found is not None else VoidPtr(0)  # None would crash Qt


def _factory(key: str, obj: QObject):
    if isinstance(obj, QWidget):
        role = obj.property(_ROLE)
        if role is not None:
            return _Marked(obj, Role(int(role)))
        if key in SCROLL_AREA_CLASSES:  # Qt's own crashes on an old child index
            return ScrollAreaInterface(obj)
    return None


def mark(widget: QWidget, role: Role, *, level: int = 0) -> QWidget:
    """Report `widget` as `role` (a heading with its `level`, 1-6).

    `widget` must be of a Python subclass (Qt asks factories by class name,
    most derived first, and its own factory answers for QLabel, QPushButton,
    ...), and marked right after it is made: Qt keeps the first interface.
    """
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
    widget.setProperty(_ROLE, role.value)
    if level:
        widget.setProperty(_LEVEL, level)
    return widget


def set_level(widget: QWidget, level: int) -> None:
    """A marked heading's new level (its interface reads the property each time)."""
    widget.setProperty(_LEVEL, level)


# Interfaces written in Python and registered with Qt (a body's links, a
# list's rows). Each is unregistered when what it stands for goes; those left
# at exit are unregistered before Python finalizes them, or Qt's cache would
# delete them a second time (a crash as the process ends).
_registered: set[int] = set()


def register(interface) -> int:
    """Register a Python-made interface with Qt; its id."""
    if not _registered:
        atexit.register(_unregister_all)
    found = QAccessible.registerAccessibleInterface(interface)
    _registered.add(found)
    return found


def unregister(found: int) -> None:
    if found in _registered:
        _registered.discard(found)
        QAccessible.deleteAccessibleInterface(found)


def _unregister_all() -> None:
    for found in list(_registered):
        unregister(found)


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Tell screen readers about a change ("Bookmark added"), politely unless urgent."""
    if not message:
        return
    event = QAccessibleAnnouncementEvent(widget, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


# A message box's sign in words, by the name of its QMessageBox.Icon.
_SIGNS = {"Information": "Information", "Warning": "Warning", "Critical": "Error",
          "Question": "Question"}  # fmt: skip
BOX_BUTTONS = "Your choice"  # the name of a message box's row of buttons


def name_box_parts(box: QWidget) -> None:
    """Name what Qt leaves unnamed in a QMessageBox: its icon and its row of buttons.

    A screen reader otherwise meets a blank image and a blank panel before the
    box's words. The icon is named for what it shows (a warning, an error).
    """
    icon = box.findChild(QLabel, "qt_msgboxex_icon_label")  # Qt's own object names
    sign = _SIGNS.get(box.icon().name)
    if icon is not None and sign:
        icon.setAccessibleName(sign)
    buttons = box.findChild(QWidget, "qt_msgbox_buttonbox")
    if buttons is not None:
        buttons.setAccessibleName(BOX_BUTTONS)


class LeafInterface(QAccessibleInterface):
    """An accessible object made in Python with no children of its own (a link, a list row)."""

    def object(self):
        return None

    def relations(self, _match=None) -> list:
        return []

    def focusChild(self):
        return None

    def childAt(self, _x: int, _y: int):
        return None

    def child(self, _index: int):
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, _child) -> int:
        return -1
