"""Small helpers the window tests share: walking widgets, Tab cycles, geometry."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from reader.ui.context import Location


def set_prefs(data_dir, *, acknowledged: bool = True, theme: str = "light", scale: float = 1.0):
    """Preferences as a test wants them (a fixed theme, not the system's)."""
    from reader.ui.settings import Preferences

    prefs = Preferences(data_dir)
    prefs.disclaimer_acknowledged = acknowledged
    prefs.theme = theme
    prefs.scale = scale
    return prefs


def dispose(window) -> None:
    """Close a window and delete it now, so that it gets no more events.

    Needed before a test opens a second window on the same data: the new
    window's font change reaches every live widget, closed or not.
    """
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def go(window, kind: str, key: str = "") -> None:
    assert window.navigate(Location(kind, key)), f"cannot show {kind}:{key}"
    QApplication.processEvents()


def current(window):
    return window.stack.currentWidget()


def focusable(root: QWidget) -> list[QWidget]:
    """Visible widgets under `root` that Tab can stop at (TabFocus in their policy)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisible()
        and w.window() is root.window()
        and (w.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
    ]


def tab_cycle(qtbot, limit: int = 400) -> list[QWidget]:
    """Press Tab from the focused widget until the cycle closes; the widgets seen.

    A widget may keep focus for several presses (a text browser steps through
    its links first); the cycle is closed when focus returns to a widget seen
    earlier.
    """
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    seen: list[QWidget] = [widget]
    for _ in range(limit):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        following = QApplication.focusWidget()
        assert following is not None, f"Tab from {describe(widget)} lost the focus"
        if following is not widget and following in seen:
            return seen
        if following not in seen:
            seen.append(following)
        widget = following
    raise AssertionError(f"the Tab cycle did not close in {limit} presses")


def window_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def horizontally_clipped(widget: QWidget) -> QWidget | None:
    """The first ancestor (up to the window) that cuts `widget` off left or right."""
    parent = widget.parentWidget()
    while parent is not None:
        left = widget.mapTo(parent, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > parent.width():
            return parent
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return None


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QPushButton) else ""
    name = widget.accessibleName() or text or widget.objectName()
    parent = widget.parentWidget()
    where = f" in {type(parent).__name__}" if parent is not None else ""
    return f"{type(widget).__name__}({name!r}){where}"
