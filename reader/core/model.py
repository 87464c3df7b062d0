"""The domain's records, and the one place an article's fields are listed.

An article's fields are declared once, on `Article`, each with how the
library stores it (`PLAIN`, `JSON_LIST`, `JSON_BLOCKS`, `JSON_MAP`) and
whether `show --json` shows it. The library row both ways (`article_to_row`
in library/columns.py; `record_from_row`, which checks each cell, in
library/cells.py) and the JSON shapes (`shown_json`) are derived from that,
so a new field is declared here and filled by the parser;
`tests/core/test_model.py` checks that the `articles` table, `show --json`
and these fields agree (a new field also needs its column: a schema step).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from reader.core.timestamps import parse_timestamp

# How a field is kept in its library column.
PLAIN = "plain"  # as it is (text, integer or NULL)
JSON_LIST = "json list"  # a list of strings, as JSON text
JSON_BLOCKS = "json blocks"  # a list of Sections, as JSON `[{"heading", "text"}]`
JSON_MAP = "json map"  # a dict of strings, as JSON text


def how(
    stored: str = PLAIN,
    *,
    shown: bool = True,
    heading: str | None = None,
    fact: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """A field's metadata: how the library stores it, and whether JSON output shows it.

    A field without it is stored as it is and shown. `heading` makes the field
    a section of the article page (in field order) under that heading; `fact`
    (position, label) one of the key facts shown side by side.
    """
    metadata: dict[str, Any] = {"stored": stored, "shown": shown}
    if heading is not None:
        metadata["heading"] = heading
    if fact is not None:
        metadata["fact"] = fact
    return metadata


HIDDEN = how(shown=False)


@dataclass(frozen=True)
class Section:
    """A titled block of Markdown: a `###` block, or an extra `##` section."""

    heading: str
    text: str


@dataclass(kw_only=True)
class Article:
    """One summary, with the Markdown source of each part.

    Fields are in the order of the `show --json` shape (the command line
    contract); `extra_meta` (metadata keys the reader does not show) is
    stored but not shown.
    """

    id: str
    title: str
    # A sentence a patient understands, shown as the headline (`Plain-Title`).
    plain_title: str | None = None
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    published: str | None = None
    added: str | None = None
    categories: list[str] = field(metadata=how(JSON_LIST))
    evidence_level: str | None = field(default=None, metadata=how(fact=(3, "Evidence level")))
    study_type: str | None = None  # a value of bundle/study_types.py (`Study-Type`)
    participants: str | None = field(default=None, metadata=how(fact=(2, "Participants")))
    study_duration: str | None = field(default=None, metadata=how(fact=(1, "Study duration")))
    simple_explanation: str = field(default="", metadata=how(heading="Simple Explanation"))
    key_findings: list[str] = field(
        default_factory=list, metadata=how(JSON_LIST, heading="Key Findings")
    )
    research_summary: str | None = field(default=None, metadata=how(heading="Research Summary"))
    practical_implications: list[Section] = field(
        default_factory=list, metadata=how(JSON_BLOCKS, heading="Practical Implications")
    )
    study_limitations: list[str] = field(
        default_factory=list, metadata=how(JSON_LIST, heading="Study Limitations")
    )
    extra_sections: list[Section] = field(default_factory=list, metadata=how(JSON_BLOCKS))
    extra_meta: dict[str, str] = field(default_factory=dict, metadata=how(JSON_MAP, shown=False))

    def search_texts(self) -> tuple[str, str]:
        """Every readable part as plain text for the full-text index, in two parts.

        The summary (Simple Explanation and Key Findings) and the details
        (the rest). Search ranks on both alike; the snippet comes from the
        summary when it holds a matched word, which is quicker (a third of
        the text to scan) and shows the plain-language part first.
        """
        # The headline last: a snippet of the summary then shows the summary.
        summary = "\n".join(
            [self.simple_explanation, *self.key_findings, *filter(None, [self.plain_title])]
        )
        parts = []
        if self.research_summary:
            parts.append(self.research_summary)
        for block in (*self.practical_implications, *self.extra_sections):
            parts.extend((block.heading, block.text))
        parts.extend(self.study_limitations)
        for value in (self.journal, self.evidence_level, self.participants):
            if value:
                parts.append(value)
        return _strip_markup(summary), _strip_markup("\n".join(parts))

    @property
    def headline(self) -> str:
        """What the reader sees as its title: the plain headline, else the paper's title."""
        return self.plain_title or self.title

    def to_json(self) -> dict:
        """The `show --json` object."""
        return shown_json(self)


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = b"*_`#>~|[]!"
# On UTF-8 bytes: every byte of a multi-byte character is >= 0x80, so an
# ASCII byte is always that character. Several times faster than str.translate,
# which looks each character up in a dict.
_MARKUP_BYTES = bytes.maketrans(_MARKUP, b" " * len(_MARKUP))


def _strip_markup(text: str) -> str:
    """Markdown punctuation and link targets out, for the index (fast: runs per article)."""
    if "]" in text and "](" in text:  # one character is looked for far faster than two
        text = _LINK_TARGET.sub(" ", text)
    utf8 = text.encode("utf-8", "surrogatepass")
    return utf8.translate(_MARKUP_BYTES).decode("utf-8", "surrogatepass")


@dataclass(frozen=True, kw_only=True)
class ArticleSummary:
    """What a list or card shows of an article: some of `Article`'s fields, stored alike."""

    id: str
    title: str
    plain_title: str | None = None
    added: str
    categories: list[str] = field(metadata=how(JSON_LIST))
    journal: str | None = field(default=None, metadata=HIDDEN)
    year: int | None = field(default=None, metadata=HIDDEN)
    published: str | None = field(default=None, metadata=HIDDEN)
    evidence_level: str | None = field(default=None, metadata=HIDDEN)
    study_type: str | None = field(default=None, metadata=HIDDEN)
    simple_explanation: str = field(default="", metadata=HIDDEN)
    key_findings: list[str] = field(default_factory=list, metadata=how(JSON_LIST, shown=False))

    @property
    def headline(self) -> str:
        """The plain headline, else the paper's title (see `Article.headline`)."""
        return self.plain_title or self.title

    def to_json(self) -> dict:
        """An element of `list --json`."""
        return shown_json(self)


@dataclass(frozen=True)
class Category:
    """A category of the library: its slug, name and description."""

    slug: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class CategoryCount:
    """A category and how many articles it holds."""

    category: Category
    articles: int

    def to_json(self) -> dict:
        """An element of `categories --json`."""
        return {
            "slug": self.category.slug,
            "name": self.category.name,
            "description": self.category.description,
            "articles": self.articles,
        }


@dataclass(frozen=True)
class Page:
    """A fixed page (About, Disclaimer, ...): its Markdown body."""

    id: str
    title: str
    body: str


@dataclass(frozen=True)
class PageTitle:
    """A fixed page as the window lists it: its id and its manifest title, no body."""

    id: str
    title: str


@dataclass(frozen=True)
class LibraryStatus:
    """What `status` says of the library: its version, counts, folder and dates."""

    library_version: int | None
    articles: int
    categories: int
    pages: int
    data_dir: str
    last_synced: str | None
    title: str | None = field(default=None, metadata=HIDDEN)
    expires: str | None = None  # the manifest's `expires` (status --json shows it)

    def to_json(self) -> dict:
        """The `status --json` object."""
        return shown_json(self)

    def may_be_out_of_date(self, now: datetime | None = None) -> bool:
        """Whether the manifest's `expires` moment has passed.

        Passed means before the later of now and the last sync (a clock set
        back since the sync does not hide the notice). Compared as moments,
        not as text (see `parse_timestamp`).
        """
        expires = parse_timestamp(self.expires)
        if expires is None:
            return False
        moments = [now or datetime.now(UTC)]
        synced = parse_timestamp(self.last_synced)
        if synced is not None:
            moments.append(synced)
        return expires < max(moments)


def sections(article: Article) -> list[tuple[str, str, Any]]:
    """(heading, how it is stored, value) of each known section, in the page's order."""
    return [
        (f.metadata["heading"], stored_as(f), getattr(article, f.name))
        for f in fields(article)
        if "heading" in f.metadata
    ]


def key_facts(article: Article) -> list[tuple[str, str | None]]:
    """(label, value) of the key facts the page and the handout show side by side."""
    facts = sorted((f.metadata["fact"], f.name) for f in fields(article) if "fact" in f.metadata)
    return [(label, getattr(article, name)) for (_position, label), name in facts]


def stored_as(f: Field) -> str:
    """How a field is kept in its library column (`PLAIN` unless its metadata says)."""
    return f.metadata.get("stored", PLAIN)


def shown_json(record: Any) -> dict:
    """A record's shown fields, in declaration order, as JSON values."""
    return {
        f.name: _JSON_VALUE[stored_as(f)](getattr(record, f.name))
        for f in fields(record)
        if f.metadata.get("shown", True)
    }


def blocks_json(blocks: list[Section]) -> list[dict[str, str]]:
    """Sections as the `{"heading", "text"}` objects of `show --json` and the library."""
    return [{"heading": b.heading, "text": b.text} for b in blocks]


_JSON_VALUE: dict[str, Callable[[Any], Any]] = {
    PLAIN: lambda value: value,
    JSON_LIST: list,
    JSON_BLOCKS: blocks_json,
    JSON_MAP: dict,
}
