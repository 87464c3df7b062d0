"""The mouse's Back and Forward buttons go back and forward anywhere in the window.

An event filter on the whole application, because lists, text and fields
take mouse presses themselves and never pass them up to the window. Python
sees every event of the app through it, which costs: `paused()` takes it
off while the window restyles itself (a text-size step sends tens of
thousands of events; benchmarks/size_step_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reader.ui.qt import QApplication, QEvent, QObject, Qt, QWidget


class MouseBackForward(QObject):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and self._window.isActiveWindow():
            if event.button() == Qt.MouseButton.BackButton:
                self._window.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self._window.go_forward()
                return True
        return False

    @contextmanager
    def paused(self) -> Iterator[None]:
        QApplication.instance().removeEventFilter(self)
        try:
            yield
        finally:
            QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
