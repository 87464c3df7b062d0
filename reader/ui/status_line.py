"""The status bar: the last message and the library's status, both seen and heard.

Qt's status bar draws a message only in the room its permanent widgets
leave, and clears it after a few seconds: with the library status filling
the bar, "Text size 125%" or "Saved handout.pdf" never showed. Here the
message has a line of its own, stays until the reader's next action (a key
or a click) or the next message, whatever timeout the caller asks for, and
is announced to screen readers. The library status says its text in its
accessible name. Above them, notices that stay until answered ("Update
available", "may be out of date": notice_bar.py).
"""

from __future__ import annotations

from reader.ui.accessible import Role, announce, mark
from reader.ui.notice_bar import READ_ONLY, NoticeArea
from reader.ui.qt import (
    QApplication,
    QEvent,
    QLabel,
    QObject,
    QStatusBar,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from reader.ui.settings import Preferences

LIBRARY_STATUS = "Library status"
SETTINGS_NOT_KEPT = "settings-not-kept"  # the notice's key
NOT_KEPT_WORDS = ("Your settings could not be saved on this computer ({why}): "
                  "what you change is used until the reader closes, then forgotten.")  # fmt: skip
NOT_KEPT_FULL = "the disk may be full"
NOT_KEPT_READ_ONLY = "it does not let the reader save in its folder"  # as updates.read_only_notice
NOT_KEPT_SHORT = "Your settings could not be saved"
_MODIFIERS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
              Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock}  # fmt: skip


class LibraryStatusLabel(QLabel):
    """The library's version and date; its accessible name carries the text itself."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(LIBRARY_STATUS)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(f"{LIBRARY_STATUS}: {text}" if text else LIBRARY_STATUS)


class StatusLine(QStatusBar):
    """A status bar whose messages stay until the next action and are announced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mark(self, Role.StatusBar)
        self.setAccessibleName("Status")
        self.setSizeGripEnabled(False)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setAccessibleName("Message")
        self.message_label.hide()
        self.library_label = LibraryStatusLabel()
        self.notices = NoticeArea()
        self.notices.hide()
        # One above the other, each the bar's full width: side by side, each
        # wrapped to three lines at 300% text on a 1024-px screen.
        lines = QWidget()
        column = QVBoxLayout(lines)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notices)
        column.addWidget(self.message_label)
        column.addWidget(self.library_label)
        self.addPermanentWidget(lines, 1)
        self._watching = False
        prefs = getattr(parent, "prefs", None)  # the window's (a kiosk's never writes)
        if isinstance(prefs, Preferences):
            self.prefs = prefs
            prefs.kept_changed = self._settings_kept
        personal = getattr(parent, "personal", None)
        if personal is not None:  # opened read-only on a full disk, writable once there is room
            personal.opened_for_writing = lambda: self.notices.hide_notice(READ_ONLY)

    def _settings_kept(self, kept: bool) -> None:
        """A change the settings file did not take (a full disk, a read-only file or folder):
        said, for its true reason, until one is kept."""
        if not kept and not self.notices.shown(READ_ONLY):  # that one says it already
            why = NOT_KEPT_READ_ONLY if self.prefs.file_read_only() else NOT_KEPT_FULL
            words = NOT_KEPT_WORDS.format(why=why)
            self.notices.show_notice(SETTINGS_NOT_KEPT, words, short=NOT_KEPT_SHORT)
        elif kept:
            self.notices.hide_notice(SETTINGS_NOT_KEPT)

    def showMessage(self, text: str, timeout: int = 0) -> None:
        """Show and announce `text`; `timeout` is ignored: it stays until the next action."""
        del timeout
        self.message_label.setText(text)
        self.message_label.setAccessibleName(f"Message: {text}" if text else "Message")
        self.message_label.setVisible(bool(text))
        if text:
            announce(self, text)
            # Watched from the next turn of the event loop: every event passes
            # the app-wide filter, and a text-size step's own thousands of
            # layout events (its message comes first) need not (~10 ms a step).
            QTimer.singleShot(0, self, self._watch_if_shown)

    def _watch_if_shown(self) -> None:
        self._watch(bool(self.message_label.text()) and self.isVisible())

    def currentMessage(self) -> str:
        return self.message_label.text()

    def clearMessage(self) -> None:
        self.message_label.clear()
        self.message_label.setAccessibleName("Message")
        self.message_label.hide()
        self._watch(False)

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if on and not self._watching:
            app.installEventFilter(self)
        elif not on and self._watching:
            app.removeEventFilter(self)
        self._watching = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The next action clears the message before it runs (a shortcut arrives
        # as ShortcutOverride first), so a message that action shows survives.
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            if event.key() not in _MODIFIERS and not event.isAutoRepeat():
                self.clearMessage()
        elif (
            kind == QEvent.Type.MouseButtonPress
            and isinstance(watched, QWidget)
            and watched.window() is self.window()
        ):
            self.clearMessage()
        return False

    def closeEvent(self, event) -> None:
        self._watch(False)
        super().closeEvent(event)
