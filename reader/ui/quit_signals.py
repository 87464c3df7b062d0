"""SIGTERM, SIGINT and SIGHUP close the window the way its Quit does.

A desktop session ends its programs with SIGTERM (logout, shutdown, a
service manager), a terminal with SIGINT (Ctrl-C) or SIGHUP. Left to
Python, SIGTERM killed the window at once: a note typed in the last 0.8 s
(`NoteEditor` saves a moment after typing stops) was lost, and both
databases were left with their write-ahead logs. Ctrl-C did nothing at all:
Python runs a handler only between bytecodes, and while Qt waits for events
no Python runs, so the KeyboardInterrupt struck later, inside whatever slot
ran next (a note's save among them).

Python writes each signal's number to a socket (`signal.set_wakeup_fd`); a
QSocketNotifier on the other end wakes Qt's event loop, open dialogs are
closed, and then the window is closed as by Quit: each page's `leaving`
saves what is waiting, both databases close. In kiosk mode too: a signal
comes from the machine's owner, not from a visitor. The process then exits
with 128 + the signal's number, as a shell reports a command ended by it.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

from reader.ui.qt import QApplication, QSocketNotifier, QTimer, QWidget

# Those that exist here: Windows has no SIGHUP.
QUIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)


class QuitOnSignal:
    """While installed, a quit signal closes `window` through `close` (its Quit)."""

    def __init__(self, window: QWidget, close: Callable[[], None]) -> None:
        self.window = window
        self.close = close
        self.received: int | None = None
        self._installed = False

    def install(self) -> None:
        """From now on a quit signal closes the window (`run` calls it once the window is up:
        nothing of it before the first paint)."""
        import socket  # not at launch: the Python module is ~2 ms (tests/ui/test_startup.py)

        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_handlers = {
            number: signal.signal(number, self._handle) for number in QUIT_SIGNALS
        }
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self.window
        )
        self._notifier.activated.connect(self._woken)
        self._installed = True

    def _handle(self, number: int, _frame) -> None:
        # Python runs this just before `_woken`'s code: remember, act there.
        if self.received is None:
            self.received = number

    def _woken(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        if self.received is None:
            return
        self._notifier.setEnabled(False)
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible():
                widget.close()  # a modal dialog's own event loop ends first
        QTimer.singleShot(0, self.close)

    def exit_code(self, code: int) -> int:
        """What the process exits with: 128 + the signal when one closed the window."""
        return code if self.received is None else 128 + self.received

    def uninstall(self) -> None:
        """The handlers and wake-up socket as they were before (tests run many windows)."""
        if not self._installed:
            return
        self._installed = False
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for number, handler in self._previous_handlers.items():
            signal.signal(number, handler)
        self._reader.close()
        self._writer.close()
