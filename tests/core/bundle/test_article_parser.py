"""Article files: the metadata block, the sections, and the `show --json` shape."""

from __future__ import annotations

import pytest

from reader.core.bundle.article import parse_article
from reader.core.bundle.markdown_structure import decode_markdown, page_body
from reader.core.errors import Problem
from reader.core.library.store import open_library
from reader.core.model import Article
from tests.bundles import article_text, full_article_text

SHOW_KEYS = {
    "id", "title", "journal", "year", "doi", "published", "added", "categories",
    "evidence_level", "participants", "study_duration", "simple_explanation",
    "key_findings", "research_summary", "practical_implications", "study_limitations",
    "extra_sections", "plain_title", "study_type",
}  # fmt: skip
KNOWN = {"general", "pain", "walking"}


def parse(text: str | bytes, known: set[str] | None = KNOWN) -> Article:
    problems: list[Problem] = []
    if isinstance(text, bytes):
        text = decode_markdown(text, "articles/x.md", problems)
    assert text is not None, problems
    article = parse_article("x", text, "articles/x.md", problems, known)
    assert problems == []
    assert article is not None
    return article


def problems_of(text: str) -> list[str]:
    problems: list[Problem] = []
    article = parse_article("x", text, "articles/x.md", problems, KNOWN)
    assert article is None
    assert all(p.where == "articles/x.md" for p in problems)
    return [p.message for p in problems]


FULL = full_article_text("Walking after stimulation", "zebrafish", "walking")


def test_every_field_is_read():
    a = parse(FULL)
    assert a.title == "Walking after stimulation"
    assert a.categories == ["walking"]
    assert (a.journal, a.year, a.doi, a.published) == (
        "Test Journal", 2020, "10.1000/test-1", "2020-03-04",
    )  # fmt: skip
    assert (a.evidence_level, a.participants, a.study_duration) == (
        "Review", "12 adults", "6 months",
    )  # fmt: skip
    assert a.simple_explanation == "This study is about zebrafish and recovery."
    assert a.key_findings == ["The first finding.", "The second finding."]
    assert a.research_summary == "A longer summary of the research."
    assert [(s.heading, s.text) for s in a.practical_implications] == [
        ("Talk to your team", "Ask questions.")
    ]
    assert a.study_limitations == ["A small study."]
    assert a.extra_sections == []
    assert a.extra_meta == {}


def test_bom_and_crlf_are_accepted():
    plain = parse(FULL.encode())
    for data in (
        b"\xef\xbb\xbf" + FULL.encode(),
        FULL.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + FULL.replace("\n", "\r\n").encode(),
        FULL.replace("\n", "\r").encode(),
    ):
        assert parse(data) == plain


def test_bom_is_dropped_once_only_by_decode():
    problems: list[Problem] = []
    assert decode_markdown(b"\xef\xbb\xbfTitle: x", "a.md", problems) == "Title: x"
    assert decode_markdown(b"Caf\xe9", "a.md", problems) is None
    assert [p.where for p in problems] == ["a.md"]
    assert "not UTF-8" in problems[0].message


def test_metadata_keys_are_case_insensitive():
    a = parse(
        "TITLE: Upper\ncategories: pain\nJOURNAL: J\nevidence-level: Trial\n\n"
        "## Simple Explanation\n\nText.\n"
    )
    assert (a.title, a.categories, a.journal, a.evidence_level) == ("Upper", ["pain"], "J", "Trial")


def test_metadata_continuation_lines():
    a = parse(
        "Title: A title that goes on\n    over two lines\n"
        "Categories:\n    pain\n    walking\n"
        "Participants: 20 adults\n        with injuries\n\n"
        "## Simple Explanation\n\nText.\n"
    )
    assert a.title == "A title that goes on over two lines"
    assert a.categories == ["pain", "walking"]
    assert a.participants == "20 adults with injuries"


@pytest.mark.parametrize(
    "lines",
    [
        "Categories: pain, walking, general",
        "Categories: pain,walking ,general",
        "Categories: pain\n    walking\n    general",
        "Categories: pain, walking\n    general",
        "Categories: pain, walking, pain, general",  # a repeated slug counts once
    ],
)
def test_categories_one_per_line_or_comma_separated(lines):
    a = parse(f"Title: T\n{lines}\n\n## Simple Explanation\n\nText.\n")
    assert a.categories == ["pain", "walking", "general"]


def test_continuation_needs_four_spaces():
    # Three spaces are not a continuation: the line ends the metadata block,
    # which leaves text before the first heading.
    assert "text before the first '## ' section heading" in problems_of(
        "Title: T\nCategories: pain\n   walking\n\n## Simple Explanation\n\nText.\n"
    )


def test_unknown_metadata_keys_are_kept_but_not_shown():
    a = parse(article_text("T", meta={"Funding": "A charity", "Added": "2025-01-02"}))
    assert a.extra_meta == {"funding": "A charity", "added": "2025-01-02"}
    shown = a.to_json()
    assert set(shown) == SHOW_KEYS
    assert "A charity" not in repr(shown)


def test_metadata_block_ends_at_first_blank_line():
    a = parse("Title: T\nCategories: pain\n\n## Simple Explanation\n\nJournal: not metadata\n")
    assert a.journal is None
    assert a.simple_explanation == "Journal: not metadata"


def test_yaml_style_fences_around_metadata():
    a = parse("---\nTitle: Fenced\nCategories: pain\n---\n\n## Simple Explanation\n\nText.\n")
    assert (a.title, a.categories) == ("Fenced", ["pain"])


SECTIONS = {
    "Simple Explanation": "Plain words.",
    "Key Findings": "1. First.\n2. Second.",
    "Research Summary": "The summary.",
    "Practical Implications": "### One\n\nDo this.\n\n### Two\n\nDo that.",
    "Study Limitations": "1. Small.\n2. Short.",
}


def _with_sections(order: list[str], heading=lambda h: h) -> str:
    body = "".join(f"## {heading(h)}\n\n{SECTIONS[h]}\n\n" for h in order)
    return article_text("T", body=body)


def test_section_order_in_the_file_does_not_matter():
    canonical = parse(_with_sections(list(SECTIONS)))
    reordered = parse(_with_sections(list(reversed(SECTIONS))))
    shuffled = parse(_with_sections(["Research Summary", "Study Limitations",
                                     "Simple Explanation", "Practical Implications",
                                     "Key Findings"]))  # fmt: skip
    assert canonical == reordered == shuffled
    assert canonical.key_findings == ["First.", "Second."]
    assert canonical.study_limitations == ["Small.", "Short."]
    # the shape lists the known sections in the fixed order
    keys = list(canonical.to_json())
    positions = [keys.index(k) for k in ("simple_explanation", "key_findings",
                 "research_summary", "practical_implications", "study_limitations")]  # fmt: skip
    assert positions == sorted(positions)


@pytest.mark.parametrize("style", [str.upper, str.lower, str.title, lambda h: f"  {h}  ##"])
def test_headings_are_matched_case_insensitively(style):
    assert parse(_with_sections(list(SECTIONS), style)) == parse(_with_sections(list(SECTIONS)))


def test_extra_sections_are_kept_in_file_order():
    a = parse(
        article_text(
            "T",
            body="## Glossary\n\nWords.\n\n## Simple Explanation\n\nPlain.\n\n"
            "## Funding\n\nA charity.\n\n## Key Findings\n\n1. One.\n\n"
            "## About the Authors\n\nDoctors.\n\n## Key Findings\n\n1. A second list.\n",
        )
    )
    assert [(s.heading, s.text) for s in a.extra_sections] == [
        ("Glossary", "Words."),
        ("Funding", "A charity."),
        ("About the Authors", "Doctors."),
        ("Key Findings", "1. A second list."),  # a repeated known section is an extra one
    ]
    assert a.key_findings == ["One."]
    assert a.simple_explanation == "Plain."


def test_list_items_numbered_bulleted_and_continued():
    a = parse(
        article_text(
            "T",
            body="## Simple Explanation\n\nText.\n\n## Key Findings\n\n"
            "1. First finding\n   continued here.\n2) Second.\n10. Tenth.\n\n"
            "## Study Limitations\n\n- A dash item.\n* A star item\nwith a lazy line.\n+ Plus.\n",
        )
    )
    assert a.key_findings == ["First finding continued here.", "Second.", "Tenth."]
    assert a.study_limitations == ["A dash item.", "A star item with a lazy line.", "Plus."]


def test_list_section_without_markers_is_one_item_per_paragraph():
    a = parse(
        article_text(
            "T",
            body="## Simple Explanation\n\nText.\n\n## Key Findings\n\n"
            "A first paragraph\non two lines.\n\nA second one.\n",
        )
    )
    assert a.key_findings == ["A first paragraph on two lines.", "A second one."]


def test_practical_implications_blocks():
    a = parse(
        article_text(
            "T",
            body="## Simple Explanation\n\nText.\n\n## Practical Implications\n\n"
            "Some words first.\n\n### Talk to your team ###\n\nAsk about it.\nTwo lines.\n\n"
            "### Keep records\n\nWrite it down.\n\n#### A smaller heading\n\nStays in the text.\n",
        )
    )
    assert [(s.heading, s.text) for s in a.practical_implications] == [
        ("", "Some words first."),
        ("Talk to your team", "Ask about it.\nTwo lines."),
        ("Keep records", "Write it down.\n\n#### A smaller heading\n\nStays in the text."),
    ]


def test_heading_inside_a_code_fence_is_not_a_section():
    a = parse(article_text("T", body="## Simple Explanation\n\n```\n## Not a heading\n```\n"))
    assert a.extra_sections == []
    assert "## Not a heading" in a.simple_explanation


def test_missing_optional_fields_are_null_or_empty():
    a = parse(article_text("Only the basics", "pain", "Just this."))
    a.added = "2025-01-01"
    shown = a.to_json()
    assert set(shown) == SHOW_KEYS
    for key in ("journal", "year", "doi", "published", "evidence_level", "participants",
                "study_duration", "research_summary"):  # fmt: skip
        assert shown[key] is None, key
    for key in ("key_findings", "practical_implications", "study_limitations", "extra_sections"):
        assert shown[key] == [], key
    assert shown["simple_explanation"] == "Just this."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Categories: pain\n\n## Simple Explanation\n\nX\n", "has no Title"),
        ("Title: T\n\n## Simple Explanation\n\nX\n", "has no Categories"),
        ("Title: T\nCategories: nope\n\n## Simple Explanation\n\nX\n", "category 'nope'"),
        ("Title: T\nCategories: pain\n\nHello\n## Simple Explanation\n\nX\n", "text before"),
        ("Title: T\nCategories: pain\n\n## Key Findings\n\n1. X\n", "Simple Explanation"),
        ("Title: T\nCategories: pain\nYear: 20\n\n## Simple Explanation\n\nX\n", "Year must"),
        ("Title: T\nCategories: pain\nPublished: 2020-02-30\n\n## Simple Explanation\n\nX\n",
         "Published must"),
        ("Title: T\nCategories: pain\nDOI: http://x/10.1/x\n\n## Simple Explanation\n\nX\n",
         "DOI must"),
    ],
)  # fmt: skip
def test_broken_articles_report_the_rule(text, message):
    assert any(message in m for m in problems_of(text))


def test_all_problems_of_one_article_are_reported():
    messages = problems_of("Year: 99\nPublished: soon\n\nStray.\n")
    assert len(messages) == 6, messages  # Title, Categories, Year, Published, stray, Simple


def test_raw_html_is_kept_as_source_text():
    a = parse(article_text("T", simple="Plain <script>alert(1)</script> words."))
    assert a.simple_explanation == "Plain <script>alert(1)</script> words."


def test_page_body_drops_an_optional_metadata_block():
    assert page_body("Title: About\n\n## What this is\n\nText.\n") == "## What this is\n\nText.\n"
    assert page_body("## What this is\n\nText.\n") == "## What this is\n\nText.\n"


def test_show_json_after_sync_has_exactly_the_contract_keys(cli, data_dir, make_bundle):
    bom_crlf = ("\ufeff" + article_text("Minimal", "pain", "Short.")).replace("\n", "\r\n")
    source = make_bundle(
        {
            "full": FULL,
            "minimal": bom_crlf.encode(),
            "extra": article_text(
                "Extra",
                meta={"Funding": "Hidden charity"},
                body="## Simple Explanation\n\nX.\n\n## Glossary\n\nWords.\n",
            ),
        },
        added={"full": "2025-03-02", "minimal": "2025-03-01", "extra": "2025-02-28"},
    )
    assert cli("sync", source).code == 0

    full = cli("show", "full", "--json").json()
    assert set(full) == SHOW_KEYS
    assert full == {**parse(FULL).to_json(), "id": "full", "added": "2025-03-02"}

    minimal = cli("show", "minimal", "--json").json()
    assert minimal == {
        "id": "minimal", "title": "Minimal", "journal": None, "year": None, "doi": None,
        "published": None, "added": "2025-03-01", "categories": ["pain"],
        "evidence_level": None, "participants": None, "study_duration": None,
        "simple_explanation": "Short.", "key_findings": [], "research_summary": None,
        "practical_implications": [], "study_limitations": [], "extra_sections": [],
        "plain_title": None, "study_type": None,
    }  # fmt: skip

    extra = cli("show", "extra", "--json")
    assert extra.json()["extra_sections"] == [{"heading": "Glossary", "text": "Words."}]
    assert "Hidden charity" not in extra.out
    assert "Hidden charity" not in cli("show", "extra").out
    with open_library(data_dir) as library:
        assert library.get_article("extra").extra_meta == {"funding": "Hidden charity"}


def test_a_section_keeps_the_indentation_its_first_line_starts_with():
    # Four spaces make an indented code block: stripping them from the first
    # line only turned it into a paragraph with its second line joined on.
    a = parse(
        article_text(
            "T",
            body="## Simple Explanation\n\nText.\n\n## Research Summary\n\n"
            "    dose = 10 mg\n    twice a day\n\nAfter the code.  \n\n"
            "## Practical Implications\n\n###  Sub\n\n    indented\n\n## Notes\n\n\t  tabbed\n",
        )
    )
    assert a.research_summary == "    dose = 10 mg\n    twice a day\n\nAfter the code."
    assert [(s.heading, s.text) for s in a.practical_implications] == [("Sub", "    indented")]
    assert [(s.heading, s.text) for s in a.extra_sections] == [("Notes", "\t  tabbed")]


@pytest.mark.parametrize(
    ("doi", "prefix"),
    [("doi:10.1000/x", "doi:"), ("DOI:10.1000/x", "DOI:"), ("doi.org/10.1000/x", "doi.org/"),
     ("dx.doi.org/10.1000/x", "dx.doi.org/"), ("urn:doi:10.1000/x", "urn:")],
)  # fmt: skip
def test_a_doi_with_another_prefix_is_refused_too(doi, prefix):
    # The window opens https://doi.org/ + the value: with a prefix that link is broken.
    text = article_text("T", meta={"DOI": doi})
    assert problems_of(text) == [f"DOI must be given without the '{prefix}' prefix"]


@pytest.mark.parametrize(
    "doi", ["10.1000/x", "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"]
)
def test_a_bare_doi_with_colons_in_its_suffix_is_kept(doi):
    assert parse(article_text("T", meta={"DOI": doi})).doi == doi


def test_a_metadata_value_continues_on_a_tab_indented_line():
    # Python-Markdown expands tabs (to 4 columns) before it reads the block,
    # so a tab indents a continuation line as four spaces do.
    a = parse(
        "Title: T\nCategories: general,\n\tpain\nParticipants: 12 adults\n  \twith an injury\n"
        "\n## Simple Explanation\n\nText.\n"
    )
    assert a.categories == ["general", "pain"]
    assert a.participants == "12 adults with an injury"
