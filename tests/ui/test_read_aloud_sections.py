"""Read aloud tells the page which section to show by the page's own numbering.

`ArticlePage.show_section(index)` and `section_count()` count every known
section (shown or not, see `model.sections`) then the extra ones; read aloud
reads only the shown ones. Past a section with nothing in it the two
numberings differ, and the section read must still be the one marked.
"""

from __future__ import annotations

from reader.core.model import sections
from reader.core.text.article_html import article_sections_html
from reader.ui import read_aloud
from reader.ui.read_aloud import ReadAloud
from reader.ui.settings import Preferences
from tests.core.text.test_spoken import full


class Page:
    """The article page as read aloud sees it: it records what it was asked to show."""

    def __init__(self, article):
        self.article = article
        self.shown: list[int] = []

    def show_section(self, index: int) -> None:
        self.shown.append(index)

    def section_count(self) -> int:
        return len(sections(self.article)) + len(self.article.extra_sections)


def test_the_section_marked_is_the_one_read_past_an_empty_section(qtbot, tmp_path):
    read_aloud.use_engine(read_aloud.MOCK)
    try:
        article = full()
        article.key_findings = []  # the page has no Key Findings section
        page = Page(article)
        reading = ReadAloud(page, Preferences(tmp_path))
        reading.read(article)  # the voice starts on its thread, then reading begins
        qtbot.waitUntil(lambda: reading.state == "reading")
        for count in (2, 3, 4):
            reading.next_section()
            qtbot.waitUntil(lambda n=count: len(page.shown) == n)
        reading.stop()
    finally:
        read_aloud.use_engine(None)
    headings = {s.index: s.heading for s in article_sections_html(article)}
    assert [headings[i] for i in page.shown] == [s.heading for s in reading.sections]
    assert page.shown == [0, 2, 3, 4]
