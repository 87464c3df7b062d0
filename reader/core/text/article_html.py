"""An article as the window and the handout show it: its sections as HTML, its key facts.

`render` turns any Markdown into safe HTML; this module decides what of an
article is shown and in what order: the known sections from the model (text,
a list, or `###` blocks), then the extra ones, the key facts after the first
section (the Evidence card in plain words, see `evidence`). The window
draws each section as its own widget (`article_sections_html`); the
handout and tests take one fragment (`article_body_html`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from reader.core.model import JSON_BLOCKS, JSON_LIST, Article, Section, key_facts, sections
from reader.core.text.evidence import EVIDENCE_FACT, NOT_SPECIFIED, evidence_card

# The heading of an extra section whose `##` has no words: it is still a
# section of the page, and a screen reader needs a name to say for it.
UNTITLED_SECTION = "More"


def extra_heading(section: Section) -> str:
    """An extra `##` section's heading as shown, printed and read aloud."""
    return section.heading.strip() or UNTITLED_SECTION


@dataclass(frozen=True)
class SectionHtml:
    """One shown section of an article: its heading and its blocks of HTML.

    `index` is its place in `model.sections(article)`, the extra sections
    following them; a block is a `###` sub-heading (or None) and its HTML.
    """

    index: int
    heading: str
    blocks: list[tuple[str | None, str]]


def article_sections_html(article: Article) -> list[SectionHtml]:
    """The article's shown sections, in the site's order (the window draws each one).

    The key facts, which follow the first section, are not in them: the
    window shows them as widgets (`key_facts_text`), not as an HTML table a
    screen reader would read with Qt's table markers in it.
    """
    from reader.core.text.render import renderer  # Markdown: not for a card's first line

    r = renderer()
    shown: list[SectionHtml] = []
    known = sections(article)
    for number, (heading, kind, value) in enumerate(known):
        if number == 0:  # always shown (the key facts follow it)
            blocks = [(None, r.to_html(value))]
        elif not value:
            continue
        elif kind == JSON_LIST:
            items = "".join(f"<li>{r.inline(item)}</li>" for item in value)
            blocks = [(None, f"<ol>{items}</ol>")]
        elif kind == JSON_BLOCKS:
            blocks = [(block.heading or None, r.to_html(block.text)) for block in value]
        else:
            blocks = [(None, r.to_html(value))]
        shown.append(SectionHtml(number, heading, blocks))
    for extra, block in enumerate(article.extra_sections):
        shown.append(
            SectionHtml(len(known) + extra, extra_heading(block), [(None, r.to_html(block.text))])
        )
    return shown


def article_body_html(article: Article, *, guide: bool = False) -> str:
    """The article's sections, in the site's order, as one HTML fragment
    (`guide`: the Evidence card links to How to read, as in the window).

    The title, facts line and category chips are widgets in the window; this
    is everything from the Simple Explanation to the Study Limitations, then
    any extra sections. The known sections and the key facts come from the
    model, each drawn by how it is kept: text, a list, or `###` blocks.
    """
    parts: list[str] = []
    for shown in article_sections_html(article):
        anchor = f' id="{shown.heading.lower().replace(" ", "-")}"' if shown.index == 0 else ""
        parts.append(f"<h2{anchor}>{html.escape(shown.heading, quote=False)}</h2>")
        for sub, body in shown.blocks:
            if sub:
                parts.append(f"<h3>{html.escape(sub)}</h3>")
            parts.append(body)
        if shown.index == 0:
            parts.append(_fact_cards(article, guide))
    return "\n".join(parts)


def key_facts_text(article: Article) -> list[tuple[str, str]]:
    """(label, value) of each key fact as plain text, as the fact cards show them."""
    return [(label.title(), value or NOT_SPECIFIED) for label, value in key_facts(article)]


def _fact_cards(article: Article, guide: bool = False) -> str:
    from reader.core.text.render import text

    cells = [
        f'<td class="card" width="33%"><p class="card-label">{label.title()}</p>'
        + (
            evidence_card(article, guide)
            if label == EVIDENCE_FACT
            else f'<p class="card-value">{text(value)}</p>'
        )
        + "</td>"
        for label, value in key_facts(article)
    ]
    table = '<table class="cards" width="100%" cellspacing="8" cellpadding="10">'
    return f"{table}<tr>{''.join(cells)}</tr></table>"
