"""An article's text as section headings and bodies, one widget each.

One text browser for the whole article gave a screen reader one blob (with
Qt's U+FDD0/U+FDD1 block markers in it) and no headings to jump by. Here
every section is a heading widget (level 2; a `###` block's heading level 3)
followed by its body, so headings are objects with levels, read aloud can
show "the current section", and a body's links are Tab stops inside it
(Enter follows the focused link). A body without links takes no Tab stop.
"""

from __future__ import annotations

from reader.core.text.render import SectionHtml
from reader.ui.accessible import Role, mark
from reader.ui.qt import QFrame, Qt, QUrl, QVBoxLayout, QWidget, Signal
from reader.ui.widgets import SafeTextBrowser, heading

CURRENT_STYLE = 'QFrame[current="true"] { border-left: 6px solid palette(highlight); }'


class SectionView(QFrame):
    """One section: its heading, then its blocks (an optional level-3 heading and a body)."""

    def __init__(self, shown: SectionHtml, css: str, link_activated: Signal):
        super().__init__()
        self.index = shown.index
        self.shape = _shape(shown)
        self.setProperty("current", False)
        self.setStyleSheet(CURRENT_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = heading(shown.heading, role="subheading")
        layout.addWidget(self.heading)
        self.bodies: list[SafeTextBrowser] = []
        self.texts: list = [self.heading]  # headings and bodies, as read
        for sub, body in shown.blocks:
            if sub:
                self.texts.append(heading(sub, role="minor-heading"))
                layout.addWidget(self.texts[-1])
            browser = SafeTextBrowser(fit_height=True)
            browser.setAccessibleName(f"{shown.heading}{': ' + sub if sub else ''}")
            browser.set_document_html(css, body)
            if "<a " not in body:
                browser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            browser.link_activated.connect(link_activated)
            layout.addWidget(browser)
            self.bodies.append(browser)
            self.texts.append(browser)

    def set_current(self, on: bool) -> None:
        self.setProperty("current", on)
        self.heading.setAccessibleDescription("Current section" if on else "")
        self.style().unpolish(self)
        self.style().polish(self)


class ArticleBody(QWidget):
    """The sections of one article, in the site's order."""

    link_activated = Signal(QUrl)

    def __init__(self):
        super().__init__()
        mark(self, Role.Section)
        self.setAccessibleName("Summary text")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(14)
        self.sections: list[SectionView] = []

    def show_sections(self, css: str, shown: list[SectionHtml]) -> None:
        """Show `shown`; the same article again (a new text size) keeps its widgets and focus."""
        if [_shape(s) for s in shown] == [v.shape for v in self.sections]:
            for view, section in zip(self.sections, shown, strict=True):
                for browser, (_sub, body) in zip(view.bodies, section.blocks, strict=True):
                    browser.set_document_html(css, body)
            return
        for view in self.sections:
            self._layout.removeWidget(view)
            view.hide()
            view.deleteLater()
        self.sections = [SectionView(s, css, self.link_activated) for s in shown]
        for view in self.sections:
            self._layout.addWidget(view)

    def browsers(self) -> list[SafeTextBrowser]:
        return [b for view in self.sections for b in view.bodies]

    def toPlainText(self) -> str:  # the name QTextEdit uses, for callers that read text
        return "\n".join(w.toPlainText() if isinstance(w, SafeTextBrowser) else w.text()
                         for view in self.sections for w in view.texts)  # fmt: skip

    def view_at(self, index: int) -> SectionView | None:
        """The shown section at `index` of model.sections (then the extras), if shown."""
        return next((v for v in self.sections if v.index == index), None)

    def set_current(self, view: SectionView | None) -> None:
        for other in self.sections:
            if other.property("current") or other is view:
                other.set_current(other is view)


def _shape(shown: SectionHtml) -> tuple:
    return (shown.index, shown.heading, tuple(sub for sub, _body in shown.blocks))
