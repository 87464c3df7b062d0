"""The window's small dialogs: a message, "leave the app for this link?", the disclaimer
(answered with "I understand" or by closing the app; never dismissed).

All are window-modal and opened with open(), never exec(): the event loop
keeps running, and tests can find and answer them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from reader.core.text.render import is_allowed_link, page_html
from reader.ui import screen_fit
from reader.ui.accessible import announce
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import QDialog, QMessageBox, Qt, QTimer, QUrl, QVBoxLayout, QWidget
from reader.ui.safe_browser import SafeTextBrowser
from reader.ui.screen_fit import FRAME_ALLOWANCE, fit_message_box
from reader.ui.widgets import button, heading, text_label

if TYPE_CHECKING:
    from reader.ui.qt import QCloseEvent, QKeyEvent


class _TextPage(Protocol):
    title: str
    body: str  # Markdown


class _Window(Protocol):  # the main window, as the disclaimer's answer needs it
    kiosk: object | None  # with `active` while the kiosk is locked down
    prefs: object  # with `disclaimer_acknowledged`
    disclaimer_dialog: QDialog | None

    def close(self) -> bool: ...


STAY = "To start reading, choose I understand."
STAY_LEAVE = " To leave, choose Close the app."
LEAVE_WHY = "Close the app without reading; the disclaimer is shown again next time"
NO_DISCLAIMER = (
    "<p>These summaries are not medical advice. Talk to your care team "
    "before changing any treatment.</p>"
)


def tell(parent: QWidget, title: str, message: str, ok: bool) -> QMessageBox:
    """An information (ok) or warning box, already open."""
    icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.setAccessibleDescription(message)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    fit_message_box(box).open()
    return box


def ask_to_open(
    parent: QWidget, href: str, open_url: Callable[[QUrl], object]
) -> QMessageBox | None:
    """Ask before a http(s) or mailto link leaves the app; None if the link is not allowed."""
    if not is_allowed_link(href):
        return None
    url = QUrl(href)
    web = url.scheme().lower() in ("http", "https")
    question = (
        f"This opens a web page. Continue?\n\n{href}"
        if web
        else f"This opens your email program. Continue?\n\n{href}"
    )
    title = "Open a web page?" if web else "Write an email?"
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    # What the title says, not a name of its own, and the question with it: a screen
    # reader announces both as the box opens, as it does for tell()'s boxes.
    box.setAccessibleName(title)
    box.setAccessibleDescription(question)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def answered(_result: int) -> None:
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            open_url(url)

    box.finished.connect(answered)
    fit_message_box(box).open()
    return box


class DisclaimerDialog(QDialog):
    """The library's disclaimer page (or a short default): answered, never dismissed.

    "I understand" (the default, focused) acknowledges it; "Close the app"
    rejects it, and the window then closes (main_window). Escape never
    dismisses it: it stays and says what to do, since one stray key used to
    leave the app in use unacknowledged. The title bar's close is a close of
    the app. Where the app cannot be closed (`can_leave` False: a kiosk) only
    "I understand" ends it; a kiosk's reset still rejects it to show a fresh one.
    """

    def __init__(
        self, parent: QWidget, page: _TextPage | None, css: str, can_leave: Callable[[], bool]
    ) -> None:
        super().__init__(parent)
        self.can_leave = can_leave
        self.setWindowTitle("Before you start")
        self.setAccessibleName("Disclaimer")
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(page.title if page else "Disclaimer"))
        self.text = SafeTextBrowser(fit_height=False)
        self.text.setAccessibleName("Disclaimer text")
        self.text.set_document_html(css, page_html(page.body) if page else NO_DISCLAIMER)
        layout.addWidget(self.text, 1)
        self.hint = text_label()
        self.hint.hide()  # until Escape: an empty label is a blank stop for a screen reader
        layout.addWidget(self.hint)
        row = FlowLayout(spacing=8)  # wraps at 300% instead of pushing past the screen
        self.understood = button(
            "I understand", "I understand", "Close the disclaimer and start reading", role="primary"
        )
        self.understood.setDefault(True)
        self.understood.clicked.connect(self.accept)
        row.addWidget(self.understood)
        self.leave = button("Close the app", "Close the app", LEAVE_WHY)
        self.leave.clicked.connect(self.reject)
        self.leave.setVisible(can_leave())
        row.addWidget(self.leave)
        layout.addLayout(row)
        self.fit()

    def fit(self) -> None:
        """Some 50 characters wide (720 px at least) and as tall as its text needs, within
        the screen: a fixed 720x560 showed a line and a half of it at 300% text."""
        self.understood.ensurePolished()  # the text size the style sheet gives
        room = screen_fit.available(self)
        chars = 50 * self.understood.fontMetrics().averageCharWidth()
        width = min(max(720, chars), room.width() - FRAME_ALLOWANCE[0])
        most = room.height() - FRAME_ALLOWANCE[1]
        self.resize(width, min(560, most))
        self.layout().activate()
        view = self.text.viewport()
        self.text.document().setTextWidth(view.width())
        more = math.ceil(self.text.document().size().height()) - view.height()
        self.resize(width, min(most, self.height() + max(0, more)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self._stay()  # not reject(): that read as "read it" or quit on one stray key
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The title bar's close closes the app (rejected), where it can be closed.
        if event.spontaneous() and not self.can_leave():
            event.ignore()
            self._stay()
            return
        super().closeEvent(event)

    def _stay(self) -> None:
        words = STAY + (STAY_LEAVE if self.can_leave() else "")
        self.hint.setText(words)
        self.hint.show()
        self.understood.setFocus()
        announce(self.understood, words)


def disclaimer_dialog(window: _Window, page: _TextPage | None, css: str) -> DisclaimerDialog:
    """The disclaimer, open: "I understand" stores the acknowledgement in the window's
    preferences; declined, the window closes (a kiosk's reset: its next one is fresh)."""

    def can_leave() -> bool:  # a kiosk's visitor cannot close the app
        return window.kiosk is None or not window.kiosk.active

    def answered(result: int) -> None:
        window.disclaimer_dialog = None
        if result:
            window.prefs.disclaimer_acknowledged = True
        elif can_leave():  # not read: the app is not used without it
            QTimer.singleShot(0, window.close)

    dialog = DisclaimerDialog(window, page, css, can_leave)
    dialog.finished.connect(answered)
    dialog.open()
    dialog.understood.setFocus()
    return dialog
