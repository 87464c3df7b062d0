"""Printable handouts: an article with the reader's note, a withdrawn article's note,
and a list of bookmarks.

A caregiver takes these to a doctor. Each test reads the HTML back as a tree
and checks what ends up on paper: the facts, the sections, the note, the
disclaimer, and that a hostile title, note or field prints as text, never as
markup. Articles come from a real bundle read by the real parser.
"""

from __future__ import annotations

import pytest

from reader.core.bundle.walk import check_bundle
from reader.core.text.handout import (
    DISCLAIMER_LINE,
    NO_LONGER_AVAILABLE,
    BookmarkLine,
    article_handout,
    bookmarks_handout,
    withdrawn_handout,
)
from tests.bundles import article_text, bundle_spec, full_article_text
from tests.core.text.html_tree import Node, parse

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'

ARTICLES = {
    "full": full_article_text("Walking after spinal stimulation", "zebrafish"),
    "sparse": article_text("Sparse summary", "pain", "Only this is known."),
    "hostile": article_text(
        HOSTILE,
        "general",
        meta={
            "Journal": "<b>Journal</b> & Co",
            "Year": "2021",
            "DOI": '10.1/"><script>x',
            "Participants": "<i>12</i> adults",
            "Study-Duration": "6 <u>months</u>",
        },
        body=(
            "## Simple Explanation\n\nPlain <b>raw</b> text and [a link](javascript:alert(1)).\n\n"
            "## Key Findings\n\n1. A finding with ![an image](https://example.org/p.png).\n"
            "2. A [good link](https://example.org).\n\n"
            "## Study Limitations\n\n1. <script>limit()</script>\n"
        ),
    ),
}


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("handout")
    source = bundle_spec(ARTICLES).write(root / "bundle", "dir")
    return {a.id: a for a in check_bundle(source, keep_articles=True).articles_parsed}


def sections(body: Node) -> dict[str, str]:
    """Each h2 heading -> the text of what follows it, up to the next h2."""
    found: dict[str, str] = {}
    heading = None
    for child in body.children:
        if isinstance(child, Node) and child.tag == "h2":
            heading = child.text
            found[heading] = ""
        elif heading is not None and not (
            isinstance(child, Node) and child.attrs.get("class") == "disclaimer"
        ):
            found[heading] += child if isinstance(child, str) else child.text
    return {k: v.strip() for k, v in found.items()}


def assert_no_markup_from_the_bundle(doc: Node) -> None:
    """Only the elements the handout itself writes; no script, image or foreign link."""
    allowed = {"html", "head", "title", "style", "body", "h1", "h2", "p", "b", "br", "table",
               "tr", "td", "ol", "li", "em", "strong", "span", "a"}  # fmt: skip
    assert set(doc.tags) <= allowed, set(doc.tags) - allowed
    assert all(attrs.get("href", "").startswith("https://") for attrs in doc.links)
    assert all(not name.startswith("on") for _, attrs in doc.elements for name in attrs)


# --- an article ------------------------------------------------------------------


def test_an_article_handout_holds_facts_sections_note_and_disclaimer(articles):
    doc = parse(article_handout(articles["full"], "Ask Dr Lee about this.\nBring the scans."))
    body = doc.find("body")
    assert doc.find("title").text == "Walking after spinal stimulation"
    assert body.find("h1").text == "Walking after spinal stimulation"
    assert [p.text for p in body.find_all("p", **{"class": "facts"})] == [
        "Test Journal, 2020",
        "DOI: 10.1000/test-1 (https://doi.org/10.1000/test-1)",
        "Published: 2020-03-04",
    ]
    assert [td.text for td in body.find_all("td")] == [
        "Study duration6 months",
        "Participants12 adults",
        "Evidence levelReview",
    ]
    assert sections(body) == {
        "Simple explanation": "This study is about zebrafish and recovery.",
        "Key findings": "The first finding.The second finding.",
        "Study limitations": "A small study.",
        "My notes": "Ask Dr Lee about this.Bring the scans.",
    }
    notes = body.children[body.children.index(body.find_all("h2")[-1]) + 1 :]
    assert [n.text for n in notes if isinstance(n, Node) and n.tag == "p"][:2] == [
        "Ask Dr Lee about this.",
        "Bring the scans.",
    ]  # one paragraph per line of the note
    [disclaimer] = body.find_all("p", **{"class": "disclaimer"})
    assert disclaimer.text == DISCLAIMER_LINE
    assert body.children[-1] is disclaimer  # the last thing on the paper


@pytest.mark.parametrize("note", [None, "", "   \n  \n"])
def test_no_note_means_no_notes_heading(articles, note):
    doc = parse(article_handout(articles["full"], note))
    assert "My notes" not in [h.text for h in doc.find_all("h2")]


def test_blank_lines_in_a_note_are_not_empty_paragraphs(articles):
    doc = parse(article_handout(articles["sparse"], "\n\nFirst line.\n\n\nSecond line.\n\n"))
    body = doc.find("body")
    heading = doc.find_all("h2")[-1]
    assert heading.text == "My notes"
    after = body.children[body.children.index(heading) + 1 :]
    assert [n.text for n in after] == ["First line.", "Second line.", DISCLAIMER_LINE]


def test_a_sparse_article_says_not_specified_and_leaves_out_empty_sections(articles):
    doc = parse(article_handout(articles["sparse"]))
    body = doc.find("body")
    assert body.find_all("p", **{"class": "facts"}) == []  # no journal, year, DOI, date
    assert [td.text for td in body.find_all("td")] == [
        "Study durationNot specified",
        "ParticipantsNot specified",
        "Evidence levelNot specified",
    ]
    assert sections(body) == {"Simple explanation": "Only this is known."}


def test_hostile_title_fields_and_note_print_as_text(articles):
    note = '</p><script>steal()</script><a href="javascript:x">click</a>'
    doc = parse(article_handout(articles["hostile"], note))
    assert_no_markup_from_the_bundle(doc)
    body = doc.find("body")
    assert doc.find("title").text == HOSTILE
    assert body.find("h1").text == HOSTILE
    assert [p.text for p in body.find_all("p", **{"class": "facts"})] == [
        "<b>Journal</b> & Co, 2021",
        'DOI: 10.1/"><script>x (https://doi.org/10.1/"><script>x)',
    ]
    assert [td.text for td in body.find_all("td")] == [
        "Study duration6 <u>months</u>",
        "Participants<i>12</i> adults",
        "Evidence levelNot specified",
    ]
    found = sections(body)
    assert found["Simple explanation"] == "Plain <b>raw</b> text and a link."
    assert found["Key findings"] == "A finding with an image.A good link."
    assert found["Study limitations"] == "<script>limit()</script>"
    assert found["My notes"] == note
    assert doc.links == [{"href": "https://example.org"}]  # the one allowed link


# --- a note about a withdrawn article ---------------------------------------------


def test_a_withdrawn_articles_note_prints_under_its_saved_title_said_to_be_gone():
    doc = parse(withdrawn_handout("Saved title", "Line one ü\n\nLine two 😊"))
    body = doc.find("body")
    assert doc.find("title").text == "Saved title"
    assert body.find("h1").text == "Saved title"
    assert [p.text for p in body.find_all("p", **{"class": "facts"})] == [NO_LONGER_AVAILABLE]
    assert "no longer available" in NO_LONGER_AVAILABLE
    assert sections(body) == {"My notes": "Line one üLine two 😊"}
    assert body.children[-1].text == DISCLAIMER_LINE


def test_a_withdrawn_handout_without_the_note_and_hostile_text_as_text():
    assert "My notes" not in [h.text for h in parse(withdrawn_handout("T")).find_all("h2")]
    doc = parse(withdrawn_handout(HOSTILE, "</p><script>steal()</script>"))
    assert_no_markup_from_the_bundle(doc)
    assert doc.find("h1").text == HOSTILE
    assert sections(doc.find("body"))["My notes"] == "</p><script>steal()</script>"


# --- a list of bookmarks -------------------------------------------------------------


def test_a_bookmark_list_in_the_order_given_with_details():
    lines = [
        BookmarkLine("Newest saved", "2026-03-01", doi="10.1/new", source="Spinal Cord, 2024"),
        BookmarkLine("No details", "2026-02-01"),
        BookmarkLine("Withdrawn one", "2026-01-01", source="Brain, 2019", available=False),
    ]
    doc = parse(bookmarks_handout(lines))
    body = doc.find("body")
    assert doc.find("title").text == "Saved summaries"
    assert body.find("h1").text == "Saved summaries"
    items = body.find("ol").find_all("li")
    assert [li.find("b").text for li in items] == ["Newest saved", "No details", "Withdrawn one"]
    assert [li.text for li in items] == [
        "Newest savedSpinal Cord, 2024 · DOI: 10.1/newSaved 2026-03-01",
        "No detailsSaved 2026-02-01",
        "Withdrawn oneBrain, 2019 · No longer in the librarySaved 2026-01-01",
    ]
    assert [len(li.find_all("br")) for li in items] == [2, 1, 2]
    assert body.find("p", **{"class": "disclaimer"}).text == DISCLAIMER_LINE


def test_an_empty_bookmark_list_says_so():
    doc = parse(bookmarks_handout([], heading="My reading list"))
    body = doc.find("body")
    assert doc.find("title").text == "My reading list"
    assert body.find("h1").text == "My reading list"
    assert body.find_all("ol") == []
    assert [p.text for p in body.find_all("p")] == ["No saved summaries.", DISCLAIMER_LINE]


def test_hostile_bookmark_titles_and_details_print_as_text():
    lines = [BookmarkLine(HOSTILE, "<b>2026</b>", doi="<i>doi</i>", source="<a href=x>J</a>")]
    doc = parse(bookmarks_handout(lines, heading="<h1>Mine</h1>"))
    assert_no_markup_from_the_bundle(doc)
    assert doc.links == []
    assert doc.find("title").text == "<h1>Mine</h1>"
    [item] = doc.find_all("li")
    assert item.find("b").text == HOSTILE
    assert item.text == f"{HOSTILE}<a href=x>J</a> · DOI: <i>doi</i>Saved <b>2026</b>"
