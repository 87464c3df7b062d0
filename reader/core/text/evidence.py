"""The Evidence card: what kind of study it was, in plain words, and how far to trust it.

The free-text Evidence-Level said this in 41 different ways for 42
articles. With a `Study-Type` the card shows the type's plain meaning and
the strength of that kind of evidence (bundle/study_types.py), keeps the
free text as detail, and in the window links to the type's part of the How
to read page.
"""

from __future__ import annotations

import html

from reader.core.bundle.study_types import GUIDE_PAGE, study_type
from reader.core.model import Article

NOT_SPECIFIED = "Not specified"
EVIDENCE_FACT = "Evidence level"  # the key fact whose card explains the study type
GUIDE_SCHEME = "page"  # a link to a page of the library: page:<id>#<anchor>


def guide_link(anchor: str) -> str:
    """The href of a part of How to read, e.g. `page:how-to-read#cohort`."""
    return f"{GUIDE_SCHEME}:{anchor}"


def evidence_card(article: Article, guide: bool = False) -> str:
    """The Evidence card's content: the study type in plain words and how strong
    that kind of evidence is, then the free-text Evidence-Level as detail.

    `guide`: add "What does this mean?", a link to the type's part of How to
    read (or to the page, without a type); the window has it, a handout not.
    """
    kind = study_type(article.study_type)
    parts = []
    if kind is not None:
        parts.append(f'<p class="card-value"><b>{html.escape(kind.name)}</b>. '
                     f"{html.escape(kind.meaning)}</p>"
                     f'<p class="card-value"><b>{html.escape(kind.strength)}</b>: '
                     f"{html.escape(kind.strength_meaning)}</p>")  # fmt: skip
        if article.evidence_level:
            parts.append(f'<p class="card-detail">{_text(article.evidence_level)}</p>')
    else:
        parts.append(f'<p class="card-value">{_text(article.evidence_level)}</p>')
    if guide:
        anchor = kind.guide_anchor if kind is not None else GUIDE_PAGE
        parts.append(f'<p class="card-value"><a href="{guide_link(anchor)}">'
                     "What does this mean?</a></p>")  # fmt: skip
    return "".join(parts)


def _text(value: str | None) -> str:
    return html.escape(value) if value else NOT_SPECIFIED
