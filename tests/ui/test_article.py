"""The article page: the site's order, safe Markdown, and links that ask first."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)

from reader.core.text.article_html import article_body_html
from reader.ui.context import Location
from reader.ui.qt import QAccessible, QFrame, QMessageBox, Qt, QUrl
from reader.ui.safe_browser import SafeTextBrowser
from tests.ui import library_content as content
from tests.ui.helpers import current, go

Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No


def y_in_page(page, widget) -> int:
    return widget.mapTo(page.inner, widget.rect().topLeft()).y()


@pytest.fixture
def full(window):
    go(window, "article", content.FULL_ID)
    return window.pages["article"]


@pytest.fixture
def links(window):
    go(window, "article", content.LINKS_ID)
    return window.pages["article"]


def test_article_page_follows_the_sites_order(window, full):
    assert current(window) is full
    assert full.heading.text() == content.FULL_TITLE
    assert full.facts.text() == (
        "Test Journal, 2020 · DOI: 10.1000/test-1 · Published: March 4, 2020"
    )
    assert [chip.accessibleName() for chip in full.chip_buttons] == [
        "Category: General",
        "Category: Walking",
    ]
    # Widgets, top to bottom.
    order = [
        full.heading,
        full.facts,
        full.doi_button,
        full.chip_buttons[0],
        full.content,
        full.feedback_title,
        full.back_button,
    ]
    ys = [y_in_page(full, w) for w in order]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert all(w.isVisible() for w in order)
    assert full.feedback_title.text() == "Was this summary helpful?"
    # The sections inside the text, in the site's order.
    text = full.content.toPlainText()
    sections = [
        "Simple Explanation",
        "Study Duration",
        "Participants",
        "Evidence Level",
        "Key Findings",
        "Research Summary",
        "Practical Implications",
        "Talk to your team",
        "Keep moving",
        "Study Limitations",
    ]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    for value in ("6 months", "12 adults", "Small trial", "Ask about stimulation."):
        assert value in text
    assert "This study is about zebrafish and walking." in text


def _browser(page):
    """The body holding the Simple Explanation (the links article's links)."""
    return page.content.browsers()[0]


def test_key_findings_and_limitations_are_numbered_lists(full):
    lists: dict[tuple, list[str]] = {}
    for number, browser in enumerate(full.content.browsers()):
        block = browser.document().begin()
        while block.isValid():
            text_list = block.textList()
            if text_list is not None:
                assert text_list.format().style() == QTextListFormat.Style.ListDecimal
                items = lists.setdefault((number, text_list.objectIndex()), [])
                assert text_list.itemText(block) == f"{len(items) + 1}."
                items.append(block.text())
            block = block.next()
    assert list(lists.values()) == [
        ["The first finding.", "The second finding.", "The third finding."],
        ["A small study.", "No control group."],
    ]


@pytest.mark.parametrize("scale", [1.0, 2.0, 3.0])
def test_a_list_s_numbers_have_room_at_every_text_size(window, scale):
    """Qt draws a list's number in the indent left of its text: 40 px, whatever the
    text size. At 300% "1." was wider than that and showed as "L."."""
    window.set_scale(scale)
    go(window, "article", content.FULL_ID)
    page = window.pages["article"]
    cut = []
    for browser in page.content.browsers():
        document = browser.document()
        block = document.begin()
        while block.isValid():
            text_list = block.textList()
            if text_list is not None:
                metrics = QFontMetricsF(block.charFormat().font())
                number = text_list.itemText(block)
                # As Qt draws it: the number, then half a space before the text.
                needed = metrics.horizontalAdvance(number) + metrics.horizontalAdvance(" ") / 2
                room = text_list.format().indent() * document.indentWidth()
                if needed > room:
                    cut.append(f"{number} {block.text()[:20]!r}: {room} px for {needed:.0f}")
            block = block.next()
    assert cut == []


def test_missing_facts_read_not_specified(window):
    go(window, "article", content.SPARSE_ID)
    page = window.pages["article"]
    text = page.content.toPlainText()
    assert text.count("Not specified") == 3
    assert not page.doi_button.isVisible()  # no DOI, no link to it
    assert page.facts.text() == ""
    for absent in ("Key Findings", "Research Summary", "Study Limitations"):
        assert absent not in text


def test_doi_opens_in_the_browser_only_after_asking(window, full, qtbot):
    assert full.doi_button.isVisible()
    assert "https://doi.org/10.1000/test-1" in full.doi_button.accessibleDescription()
    full.doi_button.click()
    box = window.link_prompt
    assert box is not None and box.isVisible()
    assert "https://doi.org/10.1000/test-1" in box.text()
    box.button(Yes).click()
    assert window.url_opener.urls == ["https://doi.org/10.1000/test-1"]


def test_category_chips_open_their_category(window, full, qtbot):
    full.chip_buttons[1].click()
    assert window.current_location() == Location("category", "walking")
    assert current(window).heading.text() == "Walking"


def test_back_to_names_the_category_it_came_from(window, qtbot):
    go(window, "category", "pain")
    go(window, "article", content.AMP_ID)
    page = window.pages["article"]
    assert page.back_button.accessibleName() == "Back to Pain"
    go(window, "home")
    go(window, "article", content.AMP_ID)  # not from a category: its first one
    assert page.back_button.accessibleName() == "Back to Bladder & Bowel"
    assert page.back_button.text() == "Back to Bladder && Bowel"  # shown as one "&"
    page.back_button.click()
    assert window.current_location() == Location("category", "bladder-bowel")


def test_ampersands_are_shown_literally(window):
    go(window, "article", content.AMP_ID)
    page = window.pages["article"]
    assert page.heading.text() == content.AMP_TITLE
    assert page.facts.text() == "Care & Home, 2019"
    assert [c.text() for c in page.chip_buttons] == ["Bladder && Bowel", "Pain"]


# Markdown safety and links


def anchors(document: QTextDocument) -> list[str]:
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if fragment.charFormat().isAnchor() and href:  # not a heading's name
                found.append(href)
            it += 1
        block = block.next()
    return found


def test_only_web_and_mail_links_survive_rendering(window, links):
    body = article_body_html(window.library.get_article(content.LINKS_ID))
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert hrefs == ["https://example.org", "mailto:team@example.org"]
    assert "file:" not in body and "javascript:" not in body.lower()
    assert "<img" not in body and "<script" not in body and "<b>" not in body
    assert anchors(_browser(links).document()) == hrefs
    # ... and the window adds one link of its own: the Evidence card's, into How to read.
    evidence = links.content.facts.evidence
    assert anchors(evidence.document()) == ["page:how-to-read"]
    # Both are link objects a screen reader lists, in reading order.
    objects = [*links.content.sections[0].accessible_extra_children()]
    objects += links.content.facts.accessible_extra_children()
    assert [o.anchor.href for o in objects] == [*hrefs, "page:how-to-read"]
    for body in (_browser(links), evidence):
        html = body.document().toHtml()
        assert "file:" not in html and "javascript:" not in html.lower()


def test_raw_html_is_shown_as_text_not_rendered(links):
    text = links.content.toPlainText()
    assert "<b>raw-bold</b>" in text
    assert "<script>alert(2)</script>" in text
    assert "a, b, c and d" in text.replace("Links: ", "")  # link words stay readable


def test_forbidden_links_do_nothing_when_clicked(window, links, qtbot):
    for href in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x/y"):
        _browser(links).anchorClicked.emit(QUrl(href))
        assert window.link_prompt is None, href
        assert window.current_location() == Location("article", content.LINKS_ID)
        assert "cannot be opened" in window.statusBar().currentMessage()
    # The path the page itself uses for every link goes through the same gate.
    window.open_link("file:///etc/passwd")
    assert window.link_prompt is None
    assert window.url_opener.urls == []
    # And the browser never navigated by itself.
    assert _browser(links).source().isEmpty()
    assert _browser(links).openLinks() is False and _browser(links).openExternalLinks() is False


def test_web_link_asks_first_and_no_means_no(window, links, qtbot):
    _browser(links).anchorClicked.emit(QUrl("https://example.org"))
    box = window.link_prompt
    assert box is not None and box.isVisible()
    assert box.text().startswith("This opens a web page. Continue?")
    assert "https://example.org" in box.text()
    assert box.defaultButton() is box.button(No)  # Enter does not leave the app
    box.button(No).click()
    assert window.url_opener.urls == []
    assert not box.isVisible()

    _browser(links).anchorClicked.emit(QUrl("https://example.org"))
    second = window.link_prompt
    assert second is not box
    second.button(Yes).click()
    assert window.url_opener.urls == ["https://example.org"]
    assert _browser(links).source().isEmpty()


def test_mail_link_asks_about_the_email_program(window, links):
    _browser(links).anchorClicked.emit(QUrl("mailto:team@example.org"))
    assert window.link_prompt.text().startswith("This opens your email program. Continue?")
    window.link_prompt.button(Yes).click()
    assert window.url_opener.urls == ["mailto:team@example.org"]


def test_a_real_click_on_a_link_asks_first(window, links, qtbot):
    browser = _browser(links)
    document = browser.document()
    cursor = document.find("c")  # the link text "c" (https://example.org)
    while not cursor.isNull() and not cursor.charFormat().isAnchor():
        cursor = document.find("c", cursor)
    assert not cursor.isNull()
    assert cursor.charFormat().anchorHref() == "https://example.org"
    middle = QTextCursor(document)
    middle.setPosition(cursor.selectionStart())
    point = browser.cursorRect(middle).center()
    point.setX(point.x() + 3)
    with qtbot.waitSignal(browser.anchorClicked, timeout=2000) as clicked:
        qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args[0].toString() == "https://example.org"
    assert window.link_prompt is not None and window.link_prompt.isVisible()
    assert window.url_opener.urls == []
    window.link_prompt.button(No).click()
    assert window.url_opener.urls == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://example.org/pic.png", "https://example.org/x.png"]
)
def test_the_viewer_loads_no_resources(links, url):
    image = QTextDocument.ResourceType.ImageResource.value
    for kind in (image, QTextDocument.ResourceType.StyleSheetResource.value):
        loaded = _browser(links).loadResource(kind, QUrl(url))
        # Nothing: None, or an empty value (None would let QTextDocument read files itself).
        assert loaded is None or loaded.isNull() or loaded.isEmpty(), loaded


def test_an_image_reaching_the_viewer_is_not_read_from_disk(tmp_path, qtbot):
    """Even if an <img src="file:..."> got past the renderer, the file stays unread."""
    picture = tmp_path / "pic.png"
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    assert image.save(str(picture))
    browser = SafeTextBrowser(fit_height=False)
    qtbot.addWidget(browser)
    url = QUrl.fromLocalFile(str(picture))
    browser.set_document_html("", f'<p><img src="{url.toString()}" width="40" height="40"></p>')
    browser.resize(200, 120)
    browser.show()
    qtbot.waitExposed(browser)
    shot = browser.grab().toImage()
    red = sum(
        shot.pixelColor(x, y).name() == "#ff0000"
        for x in range(0, shot.width(), 2)
        for y in range(0, shot.height(), 2)
    )
    assert red == 0, "the local image was loaded and drawn"
    loaded = browser.document().resource(QTextDocument.ResourceType.ImageResource.value, url)
    assert loaded is None or loaded.isNull() or loaded.size().width() != 40


def test_key_facts_follow_the_first_section_for_a_screen_reader_as_on_screen(full):
    """The accessible tree keeps the page's order: a screen reader meets the Evidence
    card's link after the Simple Explanation's links, before the next section's."""
    body = QAccessible.queryAccessibleInterface(full.content)
    seen = [body.child(i).object() for i in range(body.childCount())]
    assert seen == [full.content.sections[0], full.content.facts, *full.content.sections[1:]]
    ys = [y_in_page(full, w) for w in seen]
    assert ys == sorted(ys)


def test_another_article_shows_only_its_own_fact_cards(window, full):
    old = list(full.content.facts.cards)
    go(window, "article", content.SPARSE_ID)  # the cards change: Not specified
    shown = [c for c in full.content.facts.findChildren(QFrame) if c.property("role") == "fact"]
    assert [c for c in shown if c.isVisible()] == full.content.facts.cards
    assert not any(c.isVisible() for c in old)  # not left drawn till they are deleted
