"""Keyboard, names, target sizes and visible focus on every page of the window."""

from __future__ import annotations

import pytest

from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.models import ArticleIdRole
from reader.ui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QColor,
    QImage,
    QObject,
    QPushButton,
    Qt,
    QWidget,
)
from tests.ui import library_content as content
from tests.ui.helpers import current, describe, focusable, go, tab_cycle

PAGES = [
    ("home", ""),
    ("category", "pain"),
    ("article", content.FULL_ID),
    ("article", content.LINKS_ID),
    ("search", "filler"),
    ("page", "about"),
    ("page", "disclaimer"),
    ("page", "how-to-read"),
    ("bookmarks", ""),
    ("notes", ""),
    ("withdrawn", "gone-from-the-library"),  # a note whose summary an update withdrew
]
GONE = ("gone-from-the-library", "A summary a library update withdrew")


def show(window, qtbot, kind: str, key: str) -> None:
    if kind == "search":
        window.search_field.setText(key)
        window.run_search()
    else:
        if kind == "withdrawn":  # without anything saved about it, the window goes Home
            window.personal.set_note(*GONE, "A note kept after its summary went")
        go(window, kind, key)
        assert window.current_location() == Location(kind, key)
    QApplication.processEvents()
    page = current(window)
    if page.list is not None and page.list.model() is not None:
        qtbot.waitUntil(lambda: page.list.model().rowCount() > 0)
    page.heading.setFocus(Qt.FocusReason.OtherFocusReason)


def test_every_control_on_every_page_is_named_big_and_reachable_by_tab(window, qtbot):
    assert window.isActiveWindow()
    window.personal.add_bookmark(content.FULL_ID, content.FULL_TITLE)  # rows on Bookmarks
    window.personal.set_note(content.FULL_ID, content.FULL_TITLE, "My note")  # and on Notes
    problems: list[str] = []
    for kind, key in PAGES:
        show(window, qtbot, kind, key)
        controls = focusable(window)
        assert len(controls) >= 8, (kind, [describe(w) for w in controls])
        for widget in controls:
            where = f"{kind}:{key}: {describe(widget)}"
            if not widget.accessibleName().strip():
                problems.append(f"{where} has no accessible name")
            if widget.width() < 44 or widget.height() < 44:
                problems.append(f"{where} is {widget.width()}x{widget.height()} px")
        reached = tab_cycle(qtbot)
        for widget in controls:
            if widget.isEnabled() and widget not in reached:
                problems.append(f"{kind}:{key}: Tab never reaches {describe(widget)}")
        for widget in reached:
            if widget not in controls:
                problems.append(f"{kind}:{key}: Tab stops at hidden {describe(widget)}")
    assert problems == []


def test_the_page_heading_is_a_tab_stop(window, qtbot):
    """Focus lands on the heading; Shift+Tab from the next control comes back to it."""
    for kind, key in (("home", ""), ("article", content.FULL_ID), ("page", "about")):
        show(window, qtbot, kind, key)
        heading = current(window).heading
        assert heading.focusPolicy() & Qt.FocusPolicy.TabFocus, kind
        assert QApplication.focusWidget() is heading
        qtbot.keyClick(heading, Qt.Key.Key_Tab)
        after = QApplication.focusWidget()
        assert after is not heading
        qtbot.keyClick(after, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is heading, kind


def focus_colour_pixels(image: QImage, colour: str) -> int:
    target = QColor(colour).rgb()
    return sum(
        image.pixel(x, y) == target for x in range(image.width()) for y in range(image.height())
    )


def targets_on(window, kind: str) -> dict[str, QWidget]:
    """The controls to check on one page (widgets a page rebuilds are read afresh)."""
    if kind == "home":
        home = window.pages["home"]
        return {
            "toolbar button": window.home_button,
            "search field": window.search_field,
            "heading": home.heading,
            "home card": home.latest_cards[0],
            "category button": home.category_buttons[0],
        }
    if kind == "withdrawn":
        page = window.current_page()
        return {"copy note": page.copy_button, "delete note": page.delete_button}
    article = window.pages["article"]
    crumb = [
        w
        for w in window.breadcrumb_row.findChildren(QPushButton)
        if w.isVisible() and w.accessibleName().startswith("Breadcrumb")
    ]
    return {
        "chip": article.chip_buttons[0],
        "breadcrumb": crumb[0],
        "article text": article.content.browsers()[0],
        "heading": article.heading,
        "note": article.note.edit,
        "back to category": article.back_button,
        "feedback": article.feedback.yes,
    }


@pytest.mark.parametrize("theme", list(themes.THEMES))
def test_focus_is_clearly_visible(window, qtbot, theme):
    """A focused control looks different: its frame is drawn in the focus colour."""
    window.set_theme(theme)
    colour = themes.THEMES[theme].focus
    missing = []
    for kind, key in (("home", ""), ("article", content.FULL_ID), ("withdrawn", GONE[0])):
        show(window, qtbot, kind, key)
        for name, widget in targets_on(window, kind).items():
            assert widget.isVisible(), name
            window.status_label.setFocus()  # somewhere else
            QApplication.processEvents()
            assert not widget.hasFocus(), name
            plain = widget.grab().toImage()
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            assert widget.hasFocus(), name
            focused = widget.grab().toImage()
            if focused == plain or focus_colour_pixels(focused, colour) <= focus_colour_pixels(
                plain, colour
            ):
                missing.append(f"{kind}: {name}")
    assert missing == []


def test_the_category_list_shows_focus_and_the_current_card(window, qtbot):
    go(window, "category", "pain")
    view = window.pages["category"].list
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    window.pages["category"].heading.setFocus()
    plain = view.grab().toImage()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    focused = view.grab().toImage()
    assert focused != plain
    assert focus_colour_pixels(focused, themes.LIGHT.focus) > focus_colour_pixels(
        plain, themes.LIGHT.focus
    )
    # Each card tells a screen reader what it is (newest research first: 2019).
    index = view.model().index(0, 0)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith(content.AMP_TITLE)
    assert index.data(ArticleIdRole) == content.AMP_ID


def test_nothing_depends_on_hover(window, qtbot):
    """What a tooltip says is also in the control's accessible name or description."""
    problems = []
    for kind, key in PAGES[:8]:
        show(window, qtbot, kind, key)
        for widget in window.findChildren(QWidget):
            tip = widget.toolTip()
            if not widget.isVisible() or not tip:
                continue
            said = f"{widget.accessibleName()} {widget.accessibleDescription()}"
            if tip not in said:
                problems.append(f"{kind}: {describe(widget)} tooltip {tip!r} not in {said!r}")
    assert problems == []


def test_nothing_depends_on_double_click_or_drag(window, qtbot):
    for kind, key in PAGES:
        show(window, qtbot, kind, key)
        for view in window.findChildren(QAbstractItemView):
            assert not view.dragEnabled(), describe(view)
            receivers = QObject.receivers(view, "2doubleClicked(QModelIndex)")
            assert receivers == 0, describe(view)


def test_dialogs_are_named_and_their_buttons_are_big(window, qtbot, ui_bundles):
    window.open_link("https://example.org")
    box = window.link_prompt
    assert box.accessibleName() and box.windowTitle() == "Open a web page?"
    for button in box.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= 44 and button.height() >= 44, button.text()
    box.done(0)
    window.prefs.disclaimer_acknowledged = False
    window.show_disclaimer()
    dialog = window.disclaimer_dialog
    assert dialog.accessibleName() == "Disclaimer"
    understood = next(b for b in dialog.findChildren(QPushButton) if b.text() == "I understand")
    assert understood.accessibleName() == "I understand"
    assert understood.width() >= 44 and understood.height() >= 44
    qtbot.waitUntil(lambda: QApplication.focusWidget() is understood)


def test_search_field_and_lists_describe_themselves(window):
    assert window.search_field.accessibleName() == "Search summaries"
    assert "Enter" in window.search_field.accessibleDescription()
    assert window.pages["category"].list.accessibleName() == "Summaries in this category"
    assert window.pages["search"].list.accessibleName() == "Search results"
    # The name carries the text: a screen reader hears the version and any warning.
    assert window.status_label.accessibleName().startswith("Library status: Library version 1")
    assert window.accessibleName() == "SCI Research Reader"


def test_every_button_has_a_name_a_screen_reader_can_say(window):
    """Also those Tab skips, such as the search field's clear button: a screen
    reader's browse mode still lands on them."""
    unnamed = [
        describe(b)
        for b in window.findChildren(QAbstractButton)
        if not (b.accessibleName() or b.text()).strip()
    ]
    assert unnamed == []
