"""The window's small dialogs: a message, "leave the app for this link?", the disclaimer.

All are window-modal and opened with open(), never exec(): the event loop
keeps running, and tests can find and answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from reader.core.text.render import is_allowed_link, page_html
from reader.ui.qt import QDialog, QMessageBox, Qt, QUrl, QVBoxLayout, QWidget
from reader.ui.safe_browser import SafeTextBrowser
from reader.ui.screen_fit import fit_message_box
from reader.ui.widgets import button, heading


class _TextPage(Protocol):
    title: str
    body: str  # Markdown


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


def disclaimer_dialog(parent: QWidget, page: _TextPage | None, css: str) -> QDialog:
    """The library's disclaimer page (or a short default), with "I understand"; open."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Before you start")
    dialog.setAccessibleName("Disclaimer")
    dialog.setModal(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(heading(page.title if page else "Disclaimer"))
    text = SafeTextBrowser(fit_height=False)
    text.setAccessibleName("Disclaimer text")
    text.set_document_html(css, page_html(page.body) if page else NO_DISCLAIMER)
    layout.addWidget(text, 1)
    ok = button("I understand", "I understand", "Close the disclaimer", role="primary")
    ok.clicked.connect(dialog.accept)
    layout.addWidget(ok)
    dialog.resize(720, 560)
    dialog.open()
    ok.setFocus()
    return dialog
