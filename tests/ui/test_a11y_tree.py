"""The accessibility tree, read as a screen reader's bridge reads it: QAccessible interfaces.

Roles, heading levels, names that contain the visible label (WCAG 2.5.3),
links in article text as objects with a Press action, and the article's
sections for read aloud. tests/ui/test_atspi_tree.py checks the same through
the real AT-SPI bus.
"""

from __future__ import annotations

import pytest

from reader.core.model import sections
from reader.ui.context import Location
from reader.ui.models import ArticleIdRole
from reader.ui.qt import QAbstractButton, QAccessible, QApplication, QMenu, Qt, QWidget
from tests.ui import library_content as content
from tests.ui.helpers import focus, go

Role = QAccessible.Role


pytestmark = pytest.mark.usefixtures("accessibility_on")


def iface(widget: QWidget):
    return QAccessible.queryAccessibleInterface(widget)


def name(widget: QWidget) -> str:
    return iface(widget).text(QAccessible.Text.Name)


def level(widget: QWidget) -> int | None:
    found = iface(widget)
    if found.role() != Role.Heading:
        return None
    return found.attributesInterface().attributeValue(QAccessible.Attribute.Level)


def children(interface) -> list:
    return [interface.child(i) for i in range(interface.childCount())]


def test_page_and_section_headings_are_headings_with_levels(window):
    home = window.pages["home"]
    assert (level(home.heading), name(home.heading)) == (1, content.TITLE)
    assert level(home.latest_title) == 2 and level(home.categories_title) == 2
    go(window, "article", content.FULL_ID)
    page = window.article_page
    assert (level(page.heading), name(page.heading)) == (1, content.FULL_TITLE)
    shown = [(v.heading.text(), level(v.heading)) for v in page.content.sections]
    assert shown[:2] == [("Simple Explanation", 2), ("Key Findings", 2)]
    practical = next(v for v in page.content.sections if v.heading.text().startswith("Practical"))
    minor = [(w.text(), level(w)) for w in practical.texts if not hasattr(w, "document")]
    assert minor == [("Practical Implications", 2), ("Talk to your team", 3), ("Keep moving", 3)]
    assert level(page.feedback_title) == 2 and level(page.note.label) == 2
    # No U+FDD0/U+FDD1 block markers in what the bodies say.
    for browser in page.content.browsers():
        text = iface(browser).textInterface()
        said = text.text(0, text.characterCount()) if text else browser.toPlainText()
        assert "\ufdd0" not in said and "\ufdd1" not in said


def test_roles_toolbar_radio_group_and_bookmark_toggle(window):
    assert iface(window.toolbar_row).role() == Role.ToolBar
    assert iface(window.breadcrumb_row).role() == Role.Grouping
    assert name(window.breadcrumb_row) == "You are here"
    go(window, "article", content.FULL_ID)
    page = window.article_page
    group = iface(page.feedback)
    assert (group.role(), name(page.feedback)) == (Role.Grouping, "Was this summary helpful?")
    for button, label in (
        (page.feedback.yes, "Yes, it helped"),
        (page.feedback.no, "No, it did not"),
    ):
        assert iface(button).role() == Role.RadioButton
        assert name(button) == label  # the visible words are the name
        assert group.indexOfChild(iface(button)) >= 0
    toggle = iface(page.bookmark)
    assert toggle.role() == Role.Button  # not Qt's check box
    assert toggle.state().checkable and not toggle.state().checked
    toggle.actionInterface().doAction(toggle.actionInterface().toggleAction())
    assert page.bookmark.isChecked() and toggle.state().checked and toggle.state().pressed
    assert window.personal.is_bookmarked(content.FULL_ID)


def test_every_name_contains_its_visible_label(window):
    go(window, "bookmarks")
    buttons = [window.smaller_button, window.bigger_button, window.reset_button]
    buttons.append(window.bookmarks_page.print_button)
    for button in buttons:
        label = button.text().replace("&&", "&").rstrip("…")
        assert name(button).startswith(label), (label, name(button))
    assert name(window.bigger_button) == "A+ Larger text"
    assert name(window.bookmarks_page.print_button) == "Print or save the list"


def test_search_field_has_no_unnamed_clear_button_and_submenus_are_named(window):
    assert not window.search_field.isClearButtonEnabled()
    assert [b for b in window.search_field.findChildren(QAbstractButton) if not name(b)] == []
    submenus = {m.title(): name(m) for m in window.menu.findChildren(QMenu)}
    titles = ["Update library", "Move bookmarks and notes", "Text size", "Theme"]
    titles += ["Reading comfort", "About and help"]
    assert submenus == {title: title for title in titles}  # each named for what it holds


def test_links_in_article_text_are_objects_that_press(window, qtbot):
    go(window, "article", content.LINKS_ID)
    page = window.article_page
    section = page.content.sections[0]
    links = [c for c in children(iface(section)) if c.role() == Role.Link]
    assert [c.text(QAccessible.Text.Name) for c in links] == ["c", "d"]
    assert all(c.parent().role() == Role.Section for c in links)
    assert [iface(section).indexOfChild(c) for c in links] == [
        iface(section).childCount() - 2,
        iface(section).childCount() - 1,
    ]
    assert links[0].rect().width() > 0 and links[0].state().linked
    actions = links[0].actionInterface()
    assert actions.actionNames() == ["Press", "SetFocus"]
    actions.doAction("Press")  # what a screen reader's "activate" does
    qtbot.waitUntil(lambda: window.link_prompt is not None and window.link_prompt.isVisible())
    assert "https://example.org" in window.link_prompt.text()
    window.link_prompt.reject()


def test_tab_reaches_each_link_and_enter_follows_it(window, qtbot):
    go(window, "article", content.LINKS_ID)
    browser = window.article_page.content.browsers()[0]
    focus(qtbot, window.article_page.print_button)
    hops = 0
    while QApplication.focusWidget() is not browser and hops < 20:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        hops += 1
    assert browser.textCursor().selectedText() == "c"  # the first link is selected
    links = [c for c in children(iface(window.article_page.content.sections[0]))]
    assert [c.state().focused for c in links if c.role() == Role.Link] == [True, False]
    qtbot.keyClick(browser, Qt.Key.Key_Tab)
    assert browser.textCursor().selectedText() == "d"
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.link_prompt is not None and window.link_prompt.isVisible())
    assert "team@example.org" in window.link_prompt.text()
    window.link_prompt.reject()


def test_show_section_scrolls_it_into_view_and_marks_it_current(window, qtbot):
    window.resize(1024, 600)
    go(window, "article", content.FULL_ID)
    for _ in range(3):
        QApplication.processEvents()
    page = window.article_page
    article = page.article
    assert page.section_count() == len(sections(article)) + len(article.extra_sections)
    last = page.content.sections[-1]
    assert last.heading.text() == "Study Limitations"
    page.show_section(last.index)
    QApplication.processEvents()
    viewport = page.scroll.viewport()
    top = last.heading.mapTo(viewport, last.heading.rect().topLeft()).y()
    assert 0 <= top < viewport.height() // 2
    assert last.property("current") is True
    assert last.heading.accessibleDescription() == "Current section"
    first = page.content.sections[0]
    page.show_section(first.index)
    assert first.property("current") is True and last.property("current") is False
    go(window, "article", content.SPARSE_ID)
    empty = next(i for i, (_h, _k, v) in enumerate(sections(page.article)) if i and not v)
    page.show_section(empty)  # a section with nothing in it is not shown: nothing moves
    assert [v.property("current") for v in page.content.sections] == [False]


def test_list_rows_offer_an_action_that_opens_them(window, qtbot):
    go(window, "category", "general")
    view = window.pages["category"].list
    qtbot.waitUntil(lambda: view.model().rowCount() > 1)
    listing = iface(view)
    assert listing.role() == Role.List and listing.childCount() == view.model().rowCount()
    second = listing.child(1)
    assert second.role() == Role.ListItem and listing.indexOfChild(second) == 1
    assert second.text(QAccessible.Text.Name).startswith(view.model().index(1, 0).data())
    actions = second.actionInterface()
    assert actions.actionNames() == ["Press", "Toggle", "SetFocus"]  # not only Qt's Toggle
    assert not second.state().selected
    actions.doAction("Toggle")
    assert view.currentIndex().row() == 1 and second.state().selected
    wanted = view.model().index(1, 0).data(ArticleIdRole)
    actions.doAction("Press")
    assert window.current_location() == Location("article", wanted)
