"""The HTML sanitiser: bundle Markdown becomes HTML that can do no harm.

Bundle text is untrusted. What reaches the window must hold no markup the
author wrote as HTML (it is shown as text), no link the window could open
other than http, https and mailto, and no image (only its alt text). These
tests parse the output with the standard library's HTML parser and look at
every element and attribute, not at substrings.
"""

from __future__ import annotations

import pytest

from reader.core.text.render import (
    NOT_SPECIFIED,
    is_allowed_link,
    page_html,
    renderer,
    text,
)
from tests.core.text.html_tree import Node, parse


def render(markdown_text: str) -> Node:
    return parse(renderer().to_html(markdown_text))


# --- raw HTML is shown as text ----------------------------------------------


RAW_HTML = [
    "Raw <b>bold</b> and <i>italic</i> words.",
    "Before <script>alert(1)</script> after.",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="https://example.org">a raw but harmless link</a>',
    "<iframe src='https://example.org'></iframe>",
    '<div onclick="steal()">a block of raw HTML</div>',
    "<style>body { display: none }</style>",
    "<!-- a comment --> and text",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<p>already a paragraph</p>",
]


@pytest.mark.parametrize("source", RAW_HTML)
def test_raw_html_is_shown_as_text_not_as_markup(source):
    tree = render(source)
    assert tree.tags == ["p"]  # only the paragraph Markdown makes
    assert tree.elements == [("p", {})]
    assert tree.text == source


def test_raw_html_inside_a_list_item_is_text_too():
    tree = parse(renderer().inline("See <b onmouseover='x()'>this</b> finding"))
    assert tree.elements == []
    assert tree.text == "See <b onmouseover='x()'>this</b> finding"


def test_markdown_emphasis_still_works_beside_raw_html():
    tree = render("Some **strong** words and <b>raw</b> ones.")
    assert tree.tags == ["p", "strong"]
    assert tree.text == "Some strong words and <b>raw</b> ones."


def test_entities_in_the_source_stay_entities():
    out = renderer().to_html("5 &lt; 6 &amp; <b>")
    assert out == "<p>5 &lt; 6 &amp; &lt;b&gt;</p>"


# --- links: only http, https and mailto survive -------------------------------


FORBIDDEN_HREFS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "jAvAsCrIpT:alert(document.cookie)",
    " javascript:alert(1)",
    "java&#115;cript:alert(1)",  # entity-encoded s
    "&#106;avascript:alert(1)",  # entity-encoded j
    "&#x6A;avascript:alert(1)",  # hex entity
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "java%73cript:alert(1)",  # percent-encoded
    "file:///etc/passwd",
    "FILE:///C:/Windows/win.ini",
    "file://server/share/secret.txt",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:MsgBox(1)",
    "ftp://example.org/file",
    "/etc/passwd",
    "relative/page.html",
    "#section",
    "//example.org/protocol-relative",
]


@pytest.mark.parametrize("href", FORBIDDEN_HREFS)
def test_a_link_with_any_other_scheme_is_dropped_and_its_text_kept(href):
    tree = render(f"Before [the link text]({href}) after.")
    assert tree.links == []
    assert tree.text == "Before the link text after."
    assert all("href" not in attrs and "src" not in attrs for _, attrs in tree.elements)


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:x", "file:///etc/passwd"])
def test_a_reference_style_link_is_filtered_the_same_way(href):
    tree = render(f"See [the paper][ref] now.\n\n[ref]: {href}\n")
    assert tree.links == []
    assert tree.text == "See the paper now."


def test_an_autolink_to_a_forbidden_scheme_is_not_a_link():
    tree = render("<javascript:alert(1)>")
    assert tree.links == []
    assert tree.text == "<javascript:alert(1)>"


ALLOWED_HREFS = [
    "http://example.org/paper",
    "https://doi.org/10.1000/test-1",
    "HTTPS://EXAMPLE.ORG/UPPER",
    "Http://example.org/mixed",
    "mailto:team@example.org",
    "MAILTO:team@example.org",
    "https://example.org/search?q=spinal+cord&lang=en#results",
]


@pytest.mark.parametrize("href", ALLOWED_HREFS)
def test_http_https_and_mailto_links_are_kept_as_written(href):
    tree = render(f"Read [the paper]({href}).")
    assert tree.links == [{"href": href}]
    assert tree.text == "Read the paper."


def test_a_kept_link_keeps_its_title_and_nothing_else():
    tree = render('[paper](https://example.org "The original paper")')
    assert tree.links == [{"href": "https://example.org", "title": "The original paper"}]


def test_a_dropped_link_loses_its_title_too():
    tree = render('[paper](javascript:alert(1) "Click me")')
    assert tree.links == []
    assert all(attrs == {} for _, attrs in tree.elements)


def test_a_web_autolink_is_kept():
    tree = render("<https://example.org/page>")
    assert tree.links == [{"href": "https://example.org/page"}]


@pytest.mark.parametrize("source", ["<ana@example.org>", "<mailto:ana@example.org>"])
def test_an_email_autolink_is_a_mailto_link(source):
    # Python-Markdown writes its address as character entities; the check
    # reads the address the window will see.
    tree = render(f"Write to {source}.")
    assert tree.links == [{"href": "mailto:ana@example.org"}]
    assert tree.text == "Write to ana@example.org."


@pytest.mark.parametrize(
    "source",
    [
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x][r]\n\n[r]: &#106;avascript:alert(1)",
        "[x](&#109;ailto:a@b.org)",
    ],
)
def test_an_entity_encoded_scheme_is_still_not_a_link(source):
    assert render(source).links == []


def test_an_email_autolink_holding_a_scheme_stays_a_mailto_link():
    tree = render("<javascript:alert(1)@example.org> <&#106;avascript:x@example.org>")
    assert tree.links and all(link["href"].startswith("mailto:") for link in tree.links)


def test_links_nested_in_emphasis_are_filtered():
    tree = render("**[bad](javascript:x)** and *[good](https://example.org)*")
    assert tree.links == [{"href": "https://example.org"}]
    assert tree.text == "bad and good"


# --- images become their alt text --------------------------------------------


@pytest.mark.parametrize(
    "src",
    ["http://example.org/pic.png", "https://tracker.example.org/pixel.gif", "pic.png",
     "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo="],
)  # fmt: skip
def test_an_image_is_reduced_to_its_alt_text(src):
    out = renderer().to_html(f"An image ![a spinal cord diagram]({src}) here.")
    tree = parse(out)
    assert "img" not in tree.tags
    assert tree.text == "An image a spinal cord diagram here."
    assert src not in out  # nothing would fetch it


def test_an_image_without_alt_text_leaves_nothing():
    tree = render("Before ![](https://example.org/pic.png) after.")
    assert "img" not in tree.tags
    assert tree.text == "Before  after."


def test_hostile_alt_text_is_escaped():
    tree = render('![<script>alert(1)</script>"](https://example.org/pic.png)')
    assert tree.tags == ["p", "span"]
    assert tree.text == '<script>alert(1)</script>"'


def test_an_image_inside_a_link_keeps_the_link_when_the_link_is_allowed():
    tree = render("[![diagram](https://example.org/pic.png)](https://example.org/paper)")
    assert "img" not in tree.tags
    assert tree.links == [{"href": "https://example.org/paper"}]
    assert tree.text == "diagram"


def test_an_image_inside_a_forbidden_link_keeps_neither():
    tree = render("[![diagram](https://example.org/pic.png)](javascript:alert(1))")
    assert "img" not in tree.tags and tree.links == []
    assert tree.text == "diagram"


# --- is_allowed_link, the rule the window also applies at click time ---------


@pytest.mark.parametrize(
    ("href", "allowed"),
    [
        ("http://example.org", True),
        ("https://example.org", True),
        ("mailto:a@example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("MailTo:a@example.org", True),
        ("  https://example.org  ", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("\tjavascript:alert(1)", False),
        ("\x00javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("java&#115;cript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("", False),
        ("no-scheme", False),
        ("//example.org/x", False),
        ("http://[::1", False),  # urlsplit raises: refused, not crashed
    ],
)
def test_is_allowed_link(href, allowed):
    assert is_allowed_link(href) is allowed


# --- every way text reaches the window goes through the same filter ----------


def test_pages_are_sanitised_like_articles():
    tree = parse(
        page_html(
            "## About\n\n<script>x()</script> [a](javascript:x) [b](https://example.org) "
            "![pic](https://example.org/p.png)"
        )
    )
    assert tree.tags == ["h2", "p", "span", "a", "span"]
    assert tree.links == [{"href": "https://example.org"}]
    assert tree.text == "About\n<script>x()</script> a b pic"


def test_plain_fields_are_escaped_or_not_specified():
    assert (
        text('<b>12 "adults"</b> & more') == "&lt;b&gt;12 &quot;adults&quot;&lt;/b&gt; &amp; more"
    )
    assert text(None) == NOT_SPECIFIED
    assert text("") == NOT_SPECIFIED


def test_the_renderer_is_reused_without_leaking_between_texts():
    r = renderer()
    assert r is renderer()
    r.to_html("[ref]: https://example.org\n\n[x][ref]")
    tree = render("[x][ref]")  # the reference from the previous text is forgotten
    assert tree.links == []
    assert tree.text == "[x][ref]"


# --- a heading with no words is dropped ----------------------------------------


@pytest.mark.parametrize(
    "source", ["## \n\nText", "#\n\nText", "### ##\n\nText", " \n===\n\nText", "## &nbsp;\n\nText",
               "## ![](x.png)\n\nText", "## [](https://example.org)\n\nText"],
)  # fmt: skip
def test_a_heading_with_no_words_is_dropped_and_the_text_kept(source):
    """A screen reader would stop on it and say only "heading level 2"."""
    tree = render(source)
    assert [n.tag for n in tree.descendants()] == ["p"]
    assert tree.text.strip() == "Text"


@pytest.mark.parametrize(
    ("source", "words"), [("## ![a map](x.png)", "a map"), ("## &amp;", "&"), ("## *a*", "a")]
)
def test_a_heading_with_words_is_kept(source, words):
    assert render(source).find("h2").text == words
