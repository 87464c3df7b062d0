"""Links from a summary to a part of a library page, and opening the page there.

The Evidence card's "What does this mean?" leads to the part of How to read
that explains the study type (`page:how-to-read#cohort`, made by
reader.core.text.evidence). The link becomes a Location `page` whose key
keeps the anchor; the text page then scrolls to the `###` heading the
anchor names (study_types.heading_explains: the convention in
docs/bundle-format.md), or stays at the top when there is none.
"""

from __future__ import annotations

from reader.core.bundle.study_types import heading_explains
from reader.core.text.evidence import GUIDE_SCHEME
from reader.ui.context import Location
from reader.ui.qt import QPoint, QScrollArea, QTextBrowser, QTimer, QUrl

# Room left above the heading, so it is not flush with the window's edge.
ABOVE = 12


def page_location(url: QUrl) -> Location | None:
    """The Location a `page:` link leads to; None for any other link."""
    if url.scheme().lower() != GUIDE_SCHEME or not url.path():
        return None
    anchor = url.fragment()
    return Location("page", f"{url.path()}#{anchor}" if anchor else url.path())


def heading_position(browser: QTextBrowser, anchor: str) -> int | None:
    """Where in the browser's document the heading an anchor names begins (pixels)."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() and heading_explains(block.text(), anchor):
            return int(document.documentLayout().blockBoundingRect(block).top())
        block = block.next()
    return None


class GuideScroll:
    """Scrolls a page (a scroll area holding a fitted text browser) to an anchor.

    `aim` when the page is shown, `go` after the shell scrolled it to the top.
    """

    def __init__(self, scroll: QScrollArea, browser: QTextBrowser):
        self._scroll = scroll
        self._browser = browser
        self._anchor = ""

    def aim(self, anchor: str) -> None:
        self._anchor = anchor

    def go(self) -> None:
        if self._anchor:
            # After the page's layout has taken the document's new height.
            QTimer.singleShot(0, self._scroll_now)

    def _scroll_now(self) -> None:
        top = heading_position(self._browser, self._anchor)
        if top is None:
            return
        inner = self._scroll.widget()
        y = self._browser.mapTo(inner, QPoint(0, 0)).y() + self._browser.frameWidth() + top
        self._scroll.verticalScrollBar().setValue(max(0, y - ABOVE))
