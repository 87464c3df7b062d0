"""The mouse's Back and Forward buttons go back and forward anywhere in the window.

An event filter on the whole application, because lists, text and fields
take mouse presses themselves and never pass them up to the window. Python
sees every event of the app through it, which costs: `paused()` takes it
off while the window restyles itself (a text-size step sends tens of
thousands of events; benchmarks/size_step_bench.py), and it goes on a
moment after the window is shown (START_DELAY_MS): building and showing the
window sends about two thousand events, and the first object of a type
Python has not met (Qt's window handle) makes PySide6 build every QObject
class it has to find its type, 20-80 ms that the first paint would wait for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from reader.ui.qt import QApplication, QEvent, QObject, Qt, QTimer, QWidget

START_DELAY_MS = 400  # after the first paint; no one reaches for Back that soon


class MouseBackForward(QObject):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._on = False
        self._stopped = False
        QTimer.singleShot(START_DELAY_MS, self, self._start)

    @property
    def on(self) -> bool:
        return self._on

    def _start(self) -> None:
        if self._stopped:
            return
        self._on = True
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
            if self._on:
                QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        self._on, self._stopped = False, True
        QApplication.instance().removeEventFilter(self)
