"""Calm notices in the status line that stay until they are answered: never a modal dialog.

"A library update is available" and "This library may be out of date" are
news, not alarms: the reader keeps reading and acts when they choose. A
message of the status line goes at the next key press; a notice stays (it is
still true), with its own button ("Download", "Check for updates") and
"Hide". Each is announced to screen readers when it appears, and its words
are its accessible name. In the status bar they get the chrome's text size,
which grows less than the reading text. A notice is one row, as tall as
its buttons: where the whole sentence would be taller (300% text on a
1024-px screen: five lines, a quarter of the page) it shows its short form,
and its accessible name and tooltip still say all of it.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.ui.accessible import announce
from reader.ui.qt import (
    QApplication,
    QEvent,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRect,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from reader.ui.theme import COMPACT
from reader.ui.widgets import button
from reader.ui.wrap_button import wrapping_button

UPDATE_AVAILABLE = "update"  # the keys of the notices the window shows
OUT_OF_DATE = "out-of-date"
READ_ONLY = "read-only"  # a data folder the window cannot write (updates.py)


class Notice(QFrame):
    """One notice: its words, at most one action button, and Hide."""

    dismissed = Signal(bool)  # by the reader's Hide (not by its action button)
    focus_released = Signal()  # it went away from under the keyboard focus

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        self.text = ""  # the whole sentence (set before Qt's first event reaches us)
        self.short = ""  # what is shown when the whole is taller than the buttons
        super().__init__(parent)
        self.key = key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row.addWidget(self.label, 1)
        self.label.installEventFilter(self)  # its width decides which words it shows
        self.action_button: QPushButton | None = None
        self._action: Callable[[], None] | None = None
        self.hide_button = button("Hide", "Hide this notice", "Hide it until there is news")
        self.hide_button.clicked.connect(self._hide_by_reader)
        self.hide_button.setProperty(COMPACT, True)
        row.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row = row

    def set(
        self, text: str, action: str | None, run: Callable[[], None] | None, short: str = ""
    ) -> None:
        self.text, self.short = text, short or text
        self.label.setText(text)
        self.label.setToolTip(text)
        self.setAccessibleName(f"Notice: {text}")
        self.label.setAccessibleName(text)
        self._fit_words()
        self._action = run
        wanted = action if action and run is not None else None
        if self.action_button is not None and self.action_button.text() == wanted:
            return  # the same button: keep it (and the focus it may have)
        if self.action_button is not None:
            self.action_button.deleteLater()
            self.action_button = None
        if wanted:
            # Its words wrap: a narrow button leaves the notice's words more room.
            self.action_button = wrapping_button(wanted, wanted, text, role="primary")
            self.action_button.setProperty(COMPACT, True)
            self.action_button.clicked.connect(self._act)
            self._row.insertWidget(1, self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
            # Hide was made first: Tab and a screen reader's order (the children's)
            # would meet it before the action drawn left of it.
            QWidget.setTabOrder(self.action_button, self.hide_button)
            self.hide_button.raise_()  # last among the children

    def _fit_words(self) -> None:
        """The whole sentence if it is no taller than the buttons beside it, else the short."""
        if self.short == self.text or not hasattr(self, "label"):
            return
        metrics = self.label.fontMetrics()
        width = max(1, self.label.contentsRect().width())
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = metrics.boundingRect(QRect(0, 0, width, 100_000), flags, self.text).height()
        self.hide_button.ensurePolished()
        room = max(self.hide_button.height(), self.hide_button.sizeHint().height())
        chosen = self.text if needed <= room else self.short
        if self.label.text() != chosen:
            self.label.setText(chosen)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.label and event.type() == QEvent.Type.Resize:
            self._fit_words()
        return False

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        self._fit_words()  # a new font (text size)

    def _has_focus(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and self.isAncestorOf(focused)

    def _hide_by_reader(self) -> None:
        had_focus = self._has_focus()
        self.dismiss(by_reader=True)
        if had_focus:
            self.focus_released.emit()

    def _act(self) -> None:
        run = self._action
        had_focus = self._has_focus()
        self.dismiss()
        if run is not None:
            run()
        if not had_focus:
            return
        # Hiding it moved the focus on, to the toolbar. An action that failed shows
        # the notice again ("Try again"): the focus goes back to its button, or a
        # keyboard or switch user would have to find it anew after each try.
        if not self.isHidden() and self.action_button is not None:
            self.action_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.focus_released.emit()  # the window gives it to the page

    def dismiss(self, by_reader: bool = False) -> None:
        self.hide()  # Qt moves a focus inside it on to the next widget
        self.dismissed.emit(by_reader)


class NoticeArea(QWidget):
    """The status line's notices, one per key, newest last; hidden when there are none."""

    focus_released = Signal()  # a notice went away from under the keyboard focus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Notices")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 4)
        self.column.setSpacing(4)
        self.notices: dict[str, Notice] = {}
        self.hidden_by_reader: dict[str, str] = {}  # key: the words the reader hid

    def show_notice(
        self,
        key: str,
        text: str,
        action: str | None = None,
        run: Callable[[], None] | None = None,
        short: str = "",
    ) -> Notice | None:
        """Show (or replace) the notice `key` and announce it; `action` names its button.

        Words the reader hid are not shown again (a refresh of the window would
        otherwise bring them back); other words are news, and are shown.
        """
        if self.hidden_by_reader.get(key) == text:
            return None
        notice = self.notices.get(key)
        if notice is None:
            notice = Notice(key, self)
            notice.dismissed.connect(lambda by_reader, n=notice: self._dismissed(n, by_reader))
            notice.focus_released.connect(self.focus_released)
            self.notices[key] = notice
            self.column.addWidget(notice)
        fresh = notice.isHidden() or notice.text != text
        notice.set(text, action, run, short)
        notice.show()
        self.show()
        if fresh:
            announce(notice, text)
        return notice

    def hide_notice(self, key: str) -> None:
        notice = self.notices.get(key)
        if notice is not None:
            notice.hide()
        self._fit()

    def _dismissed(self, notice: Notice, by_reader: bool) -> None:
        if by_reader:
            self.hidden_by_reader[notice.key] = notice.text
        self._fit()

    def _fit(self) -> None:
        self.setVisible(any(not n.isHidden() for n in self.notices.values()))

    def shown(self, key: str) -> Notice | None:
        """The notice `key` if it is showing."""
        notice = self.notices.get(key)
        return notice if notice is not None and not notice.isHidden() else None
