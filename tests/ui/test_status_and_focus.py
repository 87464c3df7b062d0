"""Every status seen and heard, and focus where the eye is.

Announcements cannot be caught from PySide6 (QAccessible.installUpdateHandler
is not bound), so the modules' `announce` is replaced by a recorder.
"""

from __future__ import annotations

import pytest

from reader.ui import search_page, status_line
from reader.ui.qt import QAccessible, QApplication, Qt, QWidget
from tests.ui import library_content as content
from tests.ui.helpers import announcements, focus, go


@pytest.fixture
def heard(monkeypatch) -> list[str]:
    return announcements(monkeypatch, status_line, search_page)


def _visible_in_viewport(widget: QWidget, page) -> bool:
    viewport = page.scroll.viewport()
    top = widget.mapTo(viewport, widget.rect().topLeft()).y()
    return top >= 0 and top + min(widget.height(), viewport.height()) <= viewport.height()


def test_a_message_is_shown_announced_and_stays_until_the_next_action(window, qtbot, heard):
    bar = window.statusBar()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert bar.message_label.isVisible() and bar.message_label.text() == "Text size 125%"
    assert heard == ["Text size 125%"]
    assert window.status_label.isVisible()  # the library status stays beside it
    assert not [t for t in bar.findChildren(type(window.search_timer)) if t.isActive()]
    QApplication.processEvents()
    assert bar.currentMessage() == "Text size 125%"  # no timeout clears it
    qtbot.keyClick(window.search_field, Qt.Key.Key_A)  # the next action
    assert bar.currentMessage() == "" and not bar.message_label.isVisible()
    window.open_link("file:///etc/passwd")
    assert bar.currentMessage() == "That link cannot be opened."
    assert heard[-1] == "That link cannot be opened."
    QAccessible.setActive(True)  # what a screen reader reads
    name = QAccessible.queryAccessibleInterface(bar.message_label).text(QAccessible.Text.Name)
    QAccessible.setActive(False)
    assert name == "Message: That link cannot be opened."


def test_the_out_of_date_warning_is_in_the_status_name(window):
    window.status_label.setText("Library version 1 · This content may be out of date")
    assert window.status_label.accessibleName() == (
        "Library status: Library version 1 · This content may be out of date"
    )


def test_search_count_is_announced_once_typing_pauses(window, qtbot, heard):
    page = window.pages["search"]
    qtbot.keyClicks(window.search_field, "filler")
    qtbot.waitUntil(lambda: window.current_page() is page)
    for letter in " st":
        qtbot.keyClick(window.search_field, letter)
        window.run_search()  # the results follow each keystroke...
        assert heard == [] and page.announce_timer.isActive()  # ...the count waits
    qtbot.waitUntil(lambda: heard != [], timeout=5000)
    assert heard == [page.message.text()] and "match" in heard[0]


def test_list_pages_focus_their_first_card_and_enter_opens_it(window, qtbot):
    go(window, "category", "general")
    page = window.pages["category"]
    assert QApplication.focusWidget() is page.list
    assert page.list.currentIndex().row() == 0
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert window.current_page() is window.article_page


def test_tab_follows_the_visual_order_toolbar_breadcrumb_page(window, qtbot):
    go(window, "article", content.FULL_ID)
    page = window.article_page
    order = [window.menu_button, *window.breadcrumb_row.findChildren(type(window.home_button))]
    crumbs = [w for w in order[1:] if w.isVisible()]
    focus(qtbot, window.menu_button)
    more = window.toolbar_row.more_button  # last on the row, when some buttons do not fit
    if more.isVisible():
        qtbot.keyClick(window.menu_button, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is more
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is crumbs[0]
    seen = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        if seen[-1] is page.back_button:
            break
    wanted = [page.heading, page.doi_button, page.bookmark, page.print_button]
    wanted += [*page.chip_buttons, page.feedback.yes, page.feedback.no, page.note.edit]
    assert [w for w in seen if w in wanted] == wanted
    assert seen[-1] is page.back_button


def test_focus_is_scrolled_into_view_on_tab_wrap_and_text_size(window, qtbot):
    window.resize(1024, 600)
    go(window, "article", content.FULL_ID)
    for _ in range(3):
        QApplication.processEvents()  # the toolbar wraps at this width
    page = window.article_page
    focus(qtbot, page.back_button)  # the end of the page
    assert _visible_in_viewport(page.back_button, page)
    assert page.scroll.verticalScrollBar().value() > 0
    for _ in range(30):  # Tab wraps round: toolbar, breadcrumb, then the page's heading
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is page.heading:
            break
    assert QApplication.focusWidget() is page.heading
    assert _visible_in_viewport(page.heading, page)
    focus(qtbot, page.note.edit)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: _visible_in_viewport(page.note.edit, page), timeout=3000)


def test_home_end_and_page_keys_scroll_an_article(window, qtbot):
    window.resize(1024, 600)
    go(window, "article", content.FULL_ID)
    page = window.article_page
    bar = page.scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(page.heading, Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(page.heading, Qt.Key.Key_Home)
    assert bar.value() == 0
    qtbot.keyClick(page.heading, Qt.Key.Key_PageDown)
    assert bar.value() == min(bar.pageStep(), bar.maximum())
    qtbot.keyClick(page.heading, Qt.Key.Key_PageUp)
    assert bar.value() == 0
