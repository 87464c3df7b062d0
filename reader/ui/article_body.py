"""An article's text as section headings and bodies, one widget each.

One text browser for the whole article gave a screen reader one blob (with
Qt's U+FDD0/U+FDD1 block markers in it) and no headings to jump by. Here
every section is a heading widget (level 2; a `###` block's heading level 3)
followed by its body, so headings are objects with levels, read aloud can
show "the current section", and a body's links are Tab stops inside it
(Enter follows the focused link) and objects a screen reader lists and
presses (`links`). A body without links takes no Tab stop.
"""

from __future__ import annotations

from reader.core.text.article_html import SectionHtml
from reader.core.text.evidence import EVIDENCE_FACT
from reader.ui.accessible import Role, mark, set_level
from reader.ui.flow_layout import FlowLayout
from reader.ui.links import BodyLinks
from reader.ui.qt import QFrame, QSize, Qt, QTextCursor, QUrl, QVBoxLayout, QWidget, Signal
from reader.ui.safe_browser import SafeTextBrowser
from reader.ui.widgets import heading, text_label

# The bar beside the section being read aloud. Qt draws no `border-left`
# shorthand on its own: style, widths and colour apart; the bar's room is
# kept when not current, so the text does not move as the mark moves.
CURRENT_STYLE = (
    'QFrame[current="false"], QFrame[current="true"] { border-style: solid;'
    " border-width: 0 0 0 6px; border-color: transparent; }"
    ' QFrame[current="true"] { border-color: palette(highlight); }'
)
FACT_STYLE = (
    'QFrame[role="fact"] { border: 1px solid palette(mid); border-radius: 8px;'
    " background: palette(base); }"
    # The Evidence card's text body on the card's ground, not the page's.
    ' QFrame[role="fact"] QTextBrowser { background: palette(base); }'
)


class BodyBrowser(SafeTextBrowser):
    """A body whose first (Tab) or last (Shift+Tab) link is selected as focus comes in."""

    has_links = False  # without links, it is no Tab stop and Tab passes on

    def keep_selection(self, change) -> None:
        """Run `change` (a new document, same text) keeping the selected link selected."""
        cursor = self.textCursor()
        start, end = cursor.anchor(), cursor.position()
        change()
        if start != end:
            cursor = self.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cursor)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        tabbed = reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if tabbed and self.has_links and not self.textCursor().hasSelection():
            self.focusNextPrevChild(reason == Qt.FocusReason.TabFocusReason)


class EvidenceBody(BodyBrowser):
    """The Evidence card's text: about 32 characters wide when there is room, so
    that at large text its plain meaning is not a column of one word a line."""

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 32, super().sizeHint().height())


class SectionView(QFrame):
    """One section: its heading, then its blocks (an optional level-3 heading and a body)."""

    def __init__(self, shown: SectionHtml, css: str, link_activated: Signal):
        super().__init__()
        mark(self, Role.Section)
        self.index = shown.index
        self.shape = _shape(shown)
        self.setProperty("current", False)
        self.setStyleSheet(CURRENT_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 0, 0, 0)  # and the bar's 6 px
        layout.setSpacing(6)
        self.heading = heading(shown.heading, role="subheading")
        layout.addWidget(self.heading)
        self.bodies: list[SafeTextBrowser] = []
        self.texts: list = [self.heading]  # headings and bodies, as read
        for sub, body in shown.blocks:
            if sub:
                self.texts.append(heading(sub, role="subheading"))
                set_level(self.texts[-1], 3)
                layout.addWidget(self.texts[-1])
            browser = BodyBrowser(fit_height=True)
            browser.setAccessibleName(f"{shown.heading}{': ' + sub if sub else ''}")
            browser.set_document_html(css, body)
            browser.has_links = "<a " in body
            if not browser.has_links:
                browser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            browser.link_activated.connect(link_activated)
            layout.addWidget(browser)
            self.bodies.append(browser)
            self.texts.append(browser)
        self.links = [BodyLinks(b, self) for b in self.bodies]

    def accessible_extra_children(self) -> list:
        return [link for body in self.links for link in body.objects]

    def relink(self) -> None:
        """The bodies' documents changed: new link objects for the new anchors."""
        for body in self.links:
            body.release()
        self.links = [BodyLinks(b, self) for b in self.bodies]

    def set_current(self, on: bool) -> None:
        self.heading.setAccessibleDescription("Current section" if on else "")
        _mark_current(self, on)


class FactCards(QFrame):
    """The key facts side by side (wrapping at large text), each a label and a value.

    The Evidence card's value is a small text body of its own: the study type
    in plain words and its "What does this mean?" link into How to read.
    """

    def __init__(self, link_activated: Signal):
        super().__init__()
        self._link_activated = link_activated
        self.evidence: BodyBrowser | None = None
        self.evidence_links: BodyLinks | None = None
        mark(self, Role.Grouping)
        self.setAccessibleName("Key facts")
        self.setProperty("current", False)  # marked with the first section, read with it
        self.setStyleSheet(FACT_STYLE + CURRENT_STYLE)
        self.flow = FlowLayout(self, spacing=8)
        self.flow.setContentsMargins(2, 0, 0, 0)  # in line with the sections' text
        self.cards: list[QFrame] = []

    def accessible_extra_children(self) -> list:
        return list(self.evidence_links.objects) if self.evidence_links else []

    def show_facts(
        self, facts: list[tuple[str, str]], css: str = "", evidence_html: str | None = None
    ) -> None:
        if [(c.label, c.value) for c in self.cards] == list(facts):
            self.setVisible(bool(self.cards))  # hidden for an article without facts
            if self.evidence is not None and evidence_html is not None:
                self.evidence.keep_selection(
                    lambda: self.evidence.set_document_html(css, evidence_html)
                )
                self._relink()
            return
        for card in self.cards:
            self.flow.removeWidget(card)
            card.hide()  # not shown (nor read) until the event loop deletes it
            card.deleteLater()
        self.cards = []
        if self.evidence_links is not None:
            self.evidence_links.release()
        self.evidence, self.evidence_links = None, None
        for label, value in facts:
            card = QFrame()
            card.setProperty("role", "fact")
            card.label, card.value, card.shows_evidence = label, value, False
            column = QVBoxLayout(card)
            column.setContentsMargins(12, 10, 12, 10)
            title = text_label(label, "muted")
            title.setStyleSheet("font-weight: bold;")
            column.addWidget(title)
            if label == EVIDENCE_FACT.title() and evidence_html is not None:
                self.evidence = EvidenceBody(fit_height=True)
                self.evidence.setAccessibleName(label)
                self.evidence.set_document_html(css, evidence_html)
                self.evidence.has_links = "<a " in evidence_html
                self.evidence.link_activated.connect(self._link_activated)
                column.addWidget(self.evidence)
                card.shows_evidence = True
            else:
                column.addWidget(text_label(value))
            card.setAccessibleName(f"{label}: {value}")
            self.flow.addWidget(card)
            self.cards.append(card)
        self._relink()
        self.setVisible(bool(self.cards))

    def texts(self) -> list[str]:
        """Each card's label and value as shown (the Evidence card's text body)."""
        return [
            f"{c.label}\n{self.evidence.toPlainText() if c.shows_evidence else c.value}"
            for c in self.cards
        ]

    def _relink(self) -> None:
        if self.evidence_links is not None:
            self.evidence_links.release()
        self.evidence_links = BodyLinks(self.evidence, self) if self.evidence else None


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
        self.facts = FactCards(self.link_activated)

    def show_sections(
        self,
        css: str,
        shown: list[SectionHtml],
        facts: list[tuple[str, str]] = (),
        evidence_html: str | None = None,
    ) -> None:
        """Show `shown`, the key `facts` after the first (the Evidence card as
        `evidence_html`); the same article again (a new look) keeps its widgets and focus."""
        if [_shape(s) for s in shown] == [v.shape for v in self.sections]:
            self.facts.show_facts(facts, css, evidence_html)
            for view, section in zip(self.sections, shown, strict=True):
                for browser, (_sub, body) in zip(view.bodies, section.blocks, strict=True):
                    browser.keep_selection(lambda b=browser, h=body: b.set_document_html(css, h))
                view.relink()
            return
        for view in self.sections:
            for body in view.links:
                body.release()
            self._layout.removeWidget(view)
            view.hide()
            view.deleteLater()
        self.sections = [SectionView(s, css, self.link_activated) for s in shown]
        for view in self.sections:
            self._layout.addWidget(view)
        # Right after the first section, as seen, and so in the accessible
        # tree (children in stacking order): not inside it, where its Evidence
        # link came before the section's own links (they follow its widgets).
        self._layout.removeWidget(self.facts)
        self._layout.insertWidget(1 if self.sections else 0, self.facts)
        if len(self.sections) > 1:
            self.facts.stackUnder(self.sections[1])
        else:
            self.facts.raise_()
        self.facts.show_facts(facts, css, evidence_html)

    def browsers(self) -> list[SafeTextBrowser]:
        return [b for view in self.sections for b in view.bodies]

    def toPlainText(self) -> str:  # the name QTextEdit uses, for callers that read text
        parts = []
        for number, view in enumerate(self.sections):
            parts += [w.toPlainText() if isinstance(w, SafeTextBrowser) else w.text()
                      for w in view.texts]  # fmt: skip
            if number == 0:
                parts += self.facts.texts()
        return "\n".join(parts)

    def view_at(self, index: int) -> SectionView | None:
        """The shown section at `index` of model.sections (then the extras), if shown."""
        return next((v for v in self.sections if v.index == index), None)

    def current_view(self) -> SectionView | None:
        """The section marked current (the one being read aloud), if any."""
        return next((v for v in self.sections if v.property("current")), None)

    def set_current(self, view: SectionView | None) -> None:
        for other in self.sections:
            if other.property("current") or other is view:
                other.set_current(other is view)
        first = view is not None and view is self.sections[0]
        if self.facts.property("current") != first:
            _mark_current(self.facts, first)


def _mark_current(frame: QFrame, on: bool) -> None:
    frame.setProperty("current", on)
    frame.style().unpolish(frame)
    frame.style().polish(frame)


def _shape(shown: SectionHtml) -> tuple:
    return (shown.index, shown.heading, tuple(sub for sub, _body in shown.blocks))
