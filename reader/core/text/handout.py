"""Printable handouts: an article (with the reader's note), a note about an article
no longer in the library, or a list of bookmarks.

A caregiver takes these to a doctor, so a handout is plain and complete on
paper: title, the key facts, the DOI written out, and the disclaimer line.
The window turns this HTML into a print job or a PDF file.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from reader.core.model import Article, key_facts, sections
from reader.core.text.evidence import EVIDENCE_FACT, evidence_card
from reader.core.text.messages import from_the_paper, journal_year
from reader.core.text.render import renderer, text

# Paper stays short: the plain-language parts and the limits, not the details.
_ON_PAGE_ONLY = ("Research Summary", "Practical Implications")
DISCLAIMER_LINE = (
    "This is a plain-language summary, not medical advice. Talk to your care team "
    "before changing any treatment, and check the original paper."
)

_STYLE = """
body { font-family: sans-serif; font-size: 11pt; color: #000000; }
h1 { font-size: 18pt; margin-bottom: 4pt; }
h2 { font-size: 13pt; margin-top: 12pt; margin-bottom: 3pt; }
p.facts { color: #333333; }
p.disclaimer { font-size: 9pt; color: #333333; border-top: 1px solid #999999; }
td { padding: 4pt; vertical-align: top; }
"""


# How the window and handouts name an article a sync withdrew (the bundle format's words).
NOT_IN_LIBRARY = "No longer in the library"
NO_LONGER_AVAILABLE = "This summary is no longer available: a library update withdrew it."


@dataclass(frozen=True)
class BookmarkLine:
    title: str
    saved: str  # YYYY-MM-DD
    doi: str | None = None
    source: str | None = None  # journal and year
    available: bool = True
    paper: str | None = None  # the paper's title, when `title` is the plain headline


def _document(title: str, body: str) -> str:
    return (
        f"<html><head><title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}<p class='disclaimer'>{DISCLAIMER_LINE}</p></body></html>"
    )


def article_handout(article: Article, note: str | None = None) -> str:
    r = renderer()
    source = journal_year(article)
    facts = [html.escape(source)] if source else []
    if article.doi:
        facts.append(
            f"DOI: {html.escape(article.doi)} (https://doi.org/{html.escape(article.doi)})"
        )
    if article.published:
        facts.append(f"Published: {html.escape(article.published)}")
    body = [f"<h1>{html.escape(article.headline)}</h1>"]
    if article.plain_title:
        facts.insert(0, html.escape(from_the_paper(article.title)))
    body.extend(f"<p class='facts'>{line}</p>" for line in facts)
    facts_row = "".join(
        f"<td><b>{label}</b><br>"
        f"{evidence_card(article) if label == EVIDENCE_FACT else text(value)}</td>"
        for label, value in key_facts(article)
    )
    body.append(f"<table><tr>{facts_row}</tr></table>")
    for number, (heading, _kind, value) in enumerate(sections(article)):
        if heading in _ON_PAGE_ONLY or (number > 0 and not value):
            continue
        if isinstance(value, list):
            items = "".join(f"<li>{r.inline(k)}</li>" for k in value)
            body.append(f"<h2>{heading.capitalize()}</h2><ol>{items}</ol>")
        else:
            body.append(f"<h2>{heading.capitalize()}</h2>" + r.to_html(value))
    body.extend(_note_html(note))
    return _document(article.headline, "\n".join(body))


def withdrawn_handout(title: str, note: str | None = None) -> str:
    """A note whose article a library update withdrew: its saved title, said to be gone."""
    body = [f"<h1>{html.escape(title)}</h1>", f"<p class='facts'>{NO_LONGER_AVAILABLE}</p>"]
    body.extend(_note_html(note))
    return _document(title, "\n".join(body))


def _note_html(note: str | None) -> list[str]:
    if not (note and note.strip()):
        return []
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in note.strip().split("\n") if p)
    return [f"<h2>My notes</h2>{paragraphs}"]


def bookmarks_handout(lines: list[BookmarkLine], heading: str = "Saved summaries") -> str:
    rows = []
    for line in lines:
        paper = from_the_paper(line.paper) if line.paper and line.paper != line.title else None
        details = [p for p in (paper, line.source, f"DOI: {line.doi}" if line.doi else None) if p]
        if not line.available:
            details.append(NOT_IN_LIBRARY)
        rows.append(
            f"<li><b>{html.escape(line.title)}</b><br>"
            f"{html.escape(' · '.join(details))}"
            f"{'<br>' if details else ''}Saved {html.escape(line.saved)}</li>"
        )
    body = f"<h1>{html.escape(heading)}</h1>" + (
        f"<ol>{''.join(rows)}</ol>" if rows else "<p>No saved summaries.</p>"
    )
    return _document(heading, body)
