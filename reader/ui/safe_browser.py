"""The text browser for rendered HTML that never follows a link or loads a resource itself.

A module of its own, not one of `widgets`' building blocks: subclassing
QTextBrowser (with a `Signal(QUrl)`) has PySide6 build QTextBrowser, QUrl,
QTextDocument and QImage and their enum types, ~3 ms, and Home, the first
page, shows no rendered HTML. It loads with the first page or dialog that
does (a text page, the article, the disclaimer).
"""

from __future__ import annotations

import math

from reader.ui.qt import (
    QByteArray,
    QFontMetricsF,
    QImage,
    QSizePolicy,
    Qt,
    QTextBrowser,
    QTextDocument,
    QUrl,
    Signal,
)


class SafeTextBrowser(QTextBrowser):
    """Shows rendered HTML; never opens links or loads resources itself.

    Every click goes out through `link_activated` for the window to decide,
    and `loadResource` refuses everything: no remote images, no file: URLs.
    With `fit_height` the browser grows to its document's height instead of
    scrolling, so a page scrolls as one.
    """

    link_activated = Signal(QUrl)

    def __init__(self, fit_height: bool = True, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self.link_activated)
        self._fit = fit_height
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        if fit_height:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.document().documentLayout().documentSizeChanged.connect(self._fit_to_document)

    def loadResource(self, kind: int, url: QUrl):
        # An empty value, never None: for None, QTextDocument falls back to
        # reading a file: URL from disk itself. An empty image is drawn as
        # Qt's broken-image mark without decoding anything.
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return QImage()
        return QByteArray()

    def _fit_to_document(self, *args) -> None:
        margins = self.contentsMargins()
        height = int(self.document().size().height()) + margins.top() + margins.bottom() + 4
        if self.height() != height:
            self.setFixedHeight(max(height, 44))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit:
            self.document().setTextWidth(self.viewport().width())
            self._fit_to_document()

    def set_document_html(self, css: str, body: str) -> None:
        document = QTextDocument(self)
        document.setDefaultStyleSheet(css)
        document.setDefaultFont(self.font())
        # Qt draws a list's numbers in the indent left of its text, 40 px at any text
        # size: at 300% "1." was wider and showed as "L.". Room for "99." and a space.
        room = math.ceil(QFontMetricsF(self.font()).horizontalAdvance("99. "))
        document.setIndentWidth(max(document.indentWidth(), room))
        document.setHtml(f"<html><body>{body}</body></html>")
        self.setDocument(document)
        if self._fit:
            document.documentLayout().documentSizeChanged.connect(self._fit_to_document)
            document.setTextWidth(self.viewport().width())
            self._fit_to_document()
