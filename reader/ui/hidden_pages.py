"""Pages not shown sit outside the window while its look changes, and come back when shown.

A style sheet set on the window repolishes every widget under it, hidden
ones too: with Home, a category and an article made, an article's text-size
step spent about half of its restyling on the two pages nobody saw
(benchmarks/README.md, "A text-size step"). So before the window takes a new
look, the pages the stack does not show move to a parking widget outside the
window (no sheet: nothing to restyle there); a parked page goes back into the
stack when it is shown, and takes the window's look then, once, however many
steps were taken meanwhile. Its content is shown again anyway on the way
(`Page.show_location` renders with the look of that moment).

The parked pages are deleted with the stack, or when the application quits,
whichever comes first. Quitting matters: the app's window outlives
`app.exec()` (Qt's connections hold it) and PySide deletes it at interpreter
exit, walking every widget Python owns in no fixed order; deleting the
parking widget from inside that walk killed the process with a segmentation
fault about two exits in three (tests/ui/test_exit_after_size_step.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reader.ui.qt import QApplication, QStackedWidget, QWidget, Slot, delete


class _Parking(QWidget):
    """One per stack, never shown and never a child of the window: it owns the parked pages."""

    @Slot()
    def discard(self) -> None:
        # At once, not later: a page left alive would get the next window's
        # font change and read closed files. Connected through this method,
        # the stack's and the application's signals let go of it once it is gone.
        delete(self)


def _parking(stack: QStackedWidget) -> QWidget:
    parking = getattr(stack, "_parked_pages", None)
    if parking is None:
        parking = stack._parked_pages = _Parking()
        stack.destroyed.connect(parking.discard)
        QApplication.instance().aboutToQuit.connect(parking.discard)
    return parking


@contextmanager
def hidden_pages_parked(stack: QStackedWidget) -> Iterator[None]:
    """Within: the stack holds only the page it shows (a new look reaches that page only)."""
    current = stack.currentWidget()
    hidden = [stack.widget(i) for i in range(stack.count())]
    hidden = [page for page in hidden if page is not current]
    if hidden:
        parking = _parking(stack)
        for page in hidden:
            stack.removeWidget(page)
            page.setParent(parking)
    yield


def unpark(stack: QStackedWidget, page: QWidget) -> None:
    """Put `page` back in the stack (before it is shown); it takes the window's look now."""
    if stack.indexOf(page) < 0:
        stack.addWidget(page)
