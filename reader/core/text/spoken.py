"""An article as plain text to be read aloud, one part per section of its page.

A speech engine reads every character it is given: Markdown marks ("**",
"#") and link targets would be read out. Each section's text is rendered
with the same safe renderer as the page and its HTML turned back into text,
so what is heard is exactly the words that are shown, links by their words.

The sections are the page's `<h2>` sections in the page's order (see
`article_html.article_body_html`): the first known section always, the others
when they have content, then the extra sections. Section `i` here is the
page's `i`-th shown section (tests/core/text/test_spoken.py holds them together).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from reader.core.model import JSON_BLOCKS, JSON_LIST, Article, key_facts, sections
from reader.core.text.article_html import extra_heading
from reader.core.text.evidence import EVIDENCE_FACT, evidence_card
from reader.core.text.render import NOT_SPECIFIED, renderer

# Tags after which a listener needs a pause: a sentence end is added when the
# text before does not end one already.
_BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "blockquote"})
_SENTENCE_ENDS = (".", "!", "?", ":", ";")


@dataclass(frozen=True)
class SpokenSection:
    """One section of an article as it is read: its heading, then its text.

    `index` is the section's place on the page as `article_html.SectionHtml`
    numbers it (in `model.sections`, then the extras), which is what the page
    is asked to show: past a section not shown, it is not the place in this list.
    """

    heading: str
    text: str
    index: int

    def utterance(self) -> str:
        """What the engine is given: the heading as a sentence, then the text."""
        return f"{_as_sentence(self.heading)} {self.text}".strip()


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []

    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS or tag == "br":
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._end_block()

    def _end_block(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(_as_sentence(text))
        self._current = []

    def text(self) -> str:
        self._end_block()
        return " ".join(self.blocks)


def plain_text(html: str) -> str:
    """The words of an HTML fragment, each block ending as a sentence."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return parser.text()


def _as_sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(_SENTENCE_ENDS) else f"{text}."


def _fact_text(article: Article, label: str, value: str | None) -> str:
    """A key fact as its card shows it: the Evidence card in plain words."""
    if label == EVIDENCE_FACT:
        return plain_text(evidence_card(article))  # without the link to How to read
    return value or NOT_SPECIFIED


def spoken_sections(article: Article) -> list[SpokenSection]:
    """The article's sections as plain text, in the page's order."""
    r = renderer()
    spoken: list[SpokenSection] = []
    for number, (heading, kind, value) in enumerate(sections(article)):
        if number == 0:  # always shown, with the key facts under it
            facts = " ".join(
                _as_sentence(f"{label}: {_fact_text(article, label, value)}")
                for label, value in key_facts(article)
            )
            text = f"{plain_text(r.to_html(value))} {facts}"
        elif not value:
            continue
        elif kind == JSON_LIST:
            text = " ".join(plain_text(r.to_html(item)) for item in value)
        elif kind == JSON_BLOCKS:
            text = " ".join(
                f"{_as_sentence(block.heading)} {plain_text(r.to_html(block.text))}".strip()
                for block in value
            )
        else:
            text = plain_text(r.to_html(value))
        spoken.append(SpokenSection(heading, text.strip(), number))
    known = len(sections(article))
    for extra, block in enumerate(article.extra_sections):
        text = plain_text(r.to_html(block.text))
        spoken.append(SpokenSection(extra_heading(block), text, known + extra))
    return spoken
