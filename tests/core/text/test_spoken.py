"""Read-aloud text: the page's sections in the page's order, the words shown, no markup."""

from __future__ import annotations

import re

from reader.core.bundle.article import parse_article
from reader.core.bundle.study_types import study_type
from reader.core.model import Article, Section
from reader.core.text.article_html import (
    UNTITLED_SECTION,
    article_body_html,
    article_sections_html,
)
from reader.core.text.spoken import SpokenSection, plain_text, spoken_sections
from tests.bundles import article_text
from tests.ui import library_content as content


def parsed(text: str) -> Article:
    problems: list = []
    article = parse_article("an-article", text, "an-article.md", problems)
    assert article is not None, problems
    return article


def full() -> Article:
    return parsed(content.articles()[content.FULL_ID])


def page_headings(article: Article) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", article_body_html(article))


def test_sections_are_the_pages_h2_sections_in_order():
    article = full()
    article.extra_sections = [Section("Where to learn more", "Ask **your** clinic.")]
    spoken = spoken_sections(article)
    assert (
        [s.heading for s in spoken]
        == page_headings(article)
        == [
            "Simple Explanation",
            "Key Findings",
            "Research Summary",
            "Practical Implications",
            "Study Limitations",
            "Where to learn more",
        ]
    )
    assert spoken[-1] == SpokenSection("Where to learn more", "Ask your clinic.", 5)


def test_a_sparse_article_has_the_sections_its_page_has():
    article = parsed(content.articles()[content.SPARSE_ID])
    spoken = spoken_sections(article)
    assert [s.heading for s in spoken] == page_headings(article) == ["Simple Explanation"]
    # The key facts under the first section are read too, "Not specified" when absent.
    assert spoken[0].text == (
        "Only a simple explanation about quokka habits. Nothing else is known. "
        "Study duration: Not specified. Participants: Not specified. "
        "Evidence level: Not specified."
    )


def test_text_is_the_words_shown_without_markdown_or_link_targets():
    article = parsed(
        article_text(
            "Links",
            "general",
            "Read **this** and [the trial](https://example.org/t) now\n\n"
            "# not a heading here `code` &amp; <b>raw</b>",
        )
    )
    text = spoken_sections(article)[0].text
    assert "this and the trial now." in text
    assert "example.org" not in text
    for mark in ("**", "](", "`", "&amp;"):
        assert mark not in text
    # Raw HTML is shown as text on the page, so it is read as it is shown.
    assert "code & <b>raw</b>." in text


def test_lists_and_blocks_read_as_sentences():
    spoken = {s.heading: s for s in spoken_sections(full())}
    assert spoken["Key Findings"].text == (
        "The first finding. The second finding. The third finding."
    )
    assert spoken["Practical Implications"].text == (
        "Talk to your team. Ask about stimulation. Keep moving. Walk every day."
    )
    assert spoken["Key Findings"].utterance() == (
        "Key Findings. The first finding. The second finding. The third finding."
    )


def test_plain_text_ends_each_block_as_a_sentence():
    assert plain_text("<h3>Why</h3><p>Because  it\nworks</p><ul><li>one?</li></ul>") == (
        "Why. Because it works. one?"
    )
    assert plain_text("") == ""


def test_each_section_knows_its_place_on_the_page_when_one_before_it_is_empty():
    """Read aloud marks the page's section by its index, also past a section not shown."""
    article = full()
    article.key_findings = []  # not shown: the page's third section is Practical Implications
    article.extra_sections = [Section("Where to learn more", "Ask your clinic.")]
    spoken = spoken_sections(article)
    shown = article_sections_html(article)
    assert [(s.index, s.heading) for s in spoken] == [(s.index, s.heading) for s in shown]
    assert [s.index for s in spoken] == [0, 2, 3, 4, 5]


def test_the_evidence_card_is_read_as_shown_in_plain_words():
    article = full()
    article.study_type = "cohort"
    kind = study_type("cohort")
    text = spoken_sections(article)[0].text
    assert (
        f"Evidence level: {kind.name}. {kind.meaning} {kind.strength}: {kind.strength_meaning}"
        f" {article.evidence_level}."
    ) in text
    assert "What does this mean" not in text  # a link to look at, not to hear


def test_an_extra_section_with_a_blank_heading_is_named_on_the_page_and_aloud():
    """A bundle's `## ` with no words still starts a section: it is shown, printed
    and read under a name, never as a blank heading a screen reader stops on."""
    article = full()
    article.extra_sections = [Section("", "Ask **your** clinic.")]
    spoken = spoken_sections(article)
    assert page_headings(article)[-1] == spoken[-1].heading == UNTITLED_SECTION
    assert spoken[-1] == SpokenSection(UNTITLED_SECTION, "Ask your clinic.", 5)
    assert article_sections_html(article)[-1].heading == UNTITLED_SECTION
