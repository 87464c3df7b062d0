"""An article's words for people under Hypothesis: whatever a valid article holds, it is shown.

An article that passes the format's rules can still carry anything its
publisher typed: NUL and escape characters, bidi overrides, HTML and
javascript: links, a 999-digit year, a Study-Type no list knows, deep
lists and quotes, headings made of symbols. Every way the app shows it (the
sections as HTML, the key facts, the Evidence card, the text read aloud,
a printed handout with any note) gives text, never an exception, and the
HTML never carries a script through.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.bundle.article import parse_article
from reader.core.bundle.study_types import STUDY_TYPES
from reader.core.errors import Problem
from reader.core.text.article_html import article_body_html, article_sections_html, key_facts_text
from reader.core.text.evidence import evidence_card
from reader.core.text.handout import (
    BookmarkLine,
    article_handout,
    bookmarks_handout,
    withdrawn_handout,
)
from reader.core.text.spoken import spoken_sections
from tests.bundles import article_text

ODD = ["\x00", "\x1b[2J", "\u202e", "\u200b", "<script>alert(1)</script>",
       "[x](javascript:alert(1))", "&amp;", "&#0;", "9" * 999, "é", "**", "`", "\\", "|", "<",
       ">", "\t", " ", "a", "Word."]  # fmt: skip
BODY = ["\n", "\n\n", "## ", "### ", "#### ", "```\n", "~~~\n", "> " * 30, "- " * 30, "1. ",
        "* ", "    ", "---\n", "Simple Explanation", "Key Findings", "Study Limitations",
        "Practical Implications", "Research Summary", "<img src=x onerror=alert(1)>"]  # fmt: skip
values = st.lists(st.sampled_from(ODD) | st.text(max_size=5), min_size=1, max_size=8).map("".join)
bodies = st.lists(st.sampled_from(BODY + ODD) | st.text(max_size=5), max_size=60).map("".join)
KEYS = ["Plain-Title", "Evidence-Level", "DOI", "Journal", "Participants",
        "Study-Duration", "Extra-Key"]  # fmt: skip
# Keys the format checks: valid values mostly, so that most examples are shown.
CHECKED = st.fixed_dictionaries(
    {},
    optional={
        "Study-Type": st.sampled_from([t.value for t in STUDY_TYPES]),
        "Year": st.sampled_from(["2020", "0001", "9999"]),
        "Published": st.sampled_from(["2020-03-04", "0001-01-01", "9999-12-31"]),
    },
)


@settings(max_examples=200, deadline=None)
@given(
    title=values,
    meta=st.tuples(st.dictionaries(st.sampled_from(KEYS), values, max_size=6), CHECKED).map(
        lambda t: {**t[0], **t[1]}
    ),
    body=st.tuples(values, bodies).map(lambda t: f"## Simple Explanation\n\n{t[0]}\n\n{t[1]}"),
    note=st.none() | st.text(max_size=40) | values,
)
def test_any_valid_article_is_shown_read_aloud_and_printed(title, meta, body, note):
    text = article_text(title, "general", meta=meta, body=body).replace("\r", "")
    problems: list[Problem] = []
    article = parse_article("x", text, "articles/x.md", problems, {"general"})
    if article is None:
        return  # refused in words: test_bundle_files_fuzz.py
    for guide in (False, True):
        html = article_body_html(article, guide=guide)
        assert isinstance(html, str) and "<script" not in html.lower()
        assert "<script" not in evidence_card(article, guide=guide).lower()
    for section in article_sections_html(article):
        assert "<script" not in str(section).lower()
    assert all(isinstance(a, str) and isinstance(b, str) for a, b in key_facts_text(article))
    assert all(part is not None for part in spoken_sections(article))
    for handout in (
        article_handout(article, note),
        withdrawn_handout(article.title, note),
        bookmarks_handout([BookmarkLine(article.title, "2026-12-01", article.doi, title)]),
    ):
        assert isinstance(handout, str) and "<script" not in handout.lower()
