"""The links inside a text body, as objects a screen reader can find, hear and press.

Qt's text browser tells a screen reader only its text: the links in it were
neither listed nor pressable, and a link reached with Tab was heard as a
selection. `BodyLinks` reads the anchors of one body's document and stands
for each with a `LinkObject` (role link, its words as name, Press and
SetFocus), a child of the section that holds the body (see
`accessible.mark`'s extra children). Tab inside the body moves from link to
link as before, and each link it reaches is now reported as focused.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.ui.accessible import LeafInterface, register, unregister
from reader.ui.qt import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleEvent,
    QAccessibleInterface,
    QRect,
    Qt,
    QTextCursor,
    QUrl,
    VoidPtr,
    getCppPointer,
)
from reader.ui.safe_browser import SafeTextBrowser


@dataclass(frozen=True)
class Anchor:
    href: str
    text: str
    start: int  # document positions
    end: int


def anchors(browser: SafeTextBrowser) -> list[Anchor]:
    """The document's links in reading order, one per run of text with the same target."""
    found: list[Anchor] = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                start, text = fragment.position(), fragment.text()
                last = found[-1] if found else None
                if last and last.href == fmt.anchorHref() and last.end == start:
                    found[-1] = Anchor(last.href, last.text + text, last.start, start + len(text))
                else:
                    found.append(Anchor(fmt.anchorHref(), text, start, start + len(text)))
            it += 1
        block = block.next()
    return found


class LinkObject(LeafInterface, QAccessibleActionInterface):
    """One link of a body, for screen readers; pressing it asks, like a click."""

    def __init__(self, browser: SafeTextBrowser, anchor: Anchor, parent_widget):
        QAccessibleInterface.__init__(self)
        QAccessibleActionInterface.__init__(self)
        self.browser = browser
        self.anchor = anchor
        self._parent_widget = parent_widget
        self.id = register(self)

    def isValid(self) -> bool:
        try:
            self.browser.objectName()
        except RuntimeError:  # the browser is gone
            return False
        return True

    def window(self):
        return self.browser.window().windowHandle()

    def parent(self):
        return QAccessible.queryAccessibleInterface(self._parent_widget)

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self.anchor.text
        if kind == QAccessible.Text.Description:
            return f"Link to {self.anchor.href}; opens only after asking"
        return ""

    def setText(self, _kind, _text) -> None:
        return None

    def _cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(self.anchor.start)
        cursor.setPosition(self.anchor.end, QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def rect(self) -> QRect:
        start = self._cursor()
        start.setPosition(self.anchor.start)
        end = self._cursor()
        end.setPosition(self.anchor.end)
        area = self.browser.cursorRect(start).united(self.browser.cursorRect(end))
        viewport = self.browser.viewport()
        return QRect(viewport.mapToGlobal(area.topLeft()), area.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Link

    def state(self):
        state = QAccessible.State()
        state.focusable = True
        state.linked = True
        state.focused = self.is_current() and self.browser.hasFocus()
        state.invisible = not self.browser.isVisible()
        return state

    def is_current(self) -> bool:
        cursor = self.browser.textCursor()
        return (cursor.selectionStart(), cursor.selectionEnd()) == (
            self.anchor.start,
            self.anchor.end,
        )

    def interface_cast(self, kind: QAccessible.InterfaceType):
        if kind == QAccessible.InterfaceType.ActionInterface:
            return VoidPtr(getCppPointer(self)[1])
        return VoidPtr(0)

    def actionNames(self) -> list[str]:
        return [self.pressAction(), self.setFocusAction()]

    def localizedActionDescription(self, name: str) -> str:
        return "Open the link (after asking)" if name == self.pressAction() else ""

    def keyBindingsForAction(self, _name: str) -> list[str]:
        return []

    def doAction(self, name: str) -> None:
        if name == self.pressAction():
            self.browser.link_activated.emit(QUrl(self.anchor.href))
        elif name == self.setFocusAction():
            self.focus()

    def focus(self) -> None:
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)
        self.browser.setTextCursor(self._cursor())


class BodyLinks:
    """The link objects of one body; reported focused as Tab reaches each."""

    def __init__(self, browser: SafeTextBrowser, parent_widget):
        self.browser = browser
        self.objects = [LinkObject(browser, a, parent_widget) for a in anchors(browser)]
        if self.objects:
            browser.cursorPositionChanged.connect(self._moved)
            browser.destroyed.connect(lambda *_: self.release())

    def _moved(self) -> None:
        if not QAccessible.isActive() or not self.browser.hasFocus():
            return
        for link in self.objects:
            if link.is_current():
                QAccessible.updateAccessibility(QAccessibleEvent(link, QAccessible.Event.Focus))

    def release(self) -> None:
        """Forget the objects (their body is going away)."""
        for link in self.objects:
            unregister(link.id)
        self.objects = []
