"""The window's frame and its overview pages: toolbar, breadcrumb, status, home, category."""

from __future__ import annotations

from PySide6.QtCore import SIGNAL, QObject, Qt

from reader.core.library.store import PUBLISHED, Library
from reader.ui.context import HOME, Location
from reader.ui.models import teaser
from reader.ui.qt import QApplication, QLabel, QPushButton
from reader.ui.safe_browser import SafeTextBrowser
from reader.ui.widgets import CardButton
from tests.ui import library_content as content
from tests.ui.helpers import current, dispose, go, menu_texts


def crumbs(window) -> list[tuple[str, str]]:
    """The breadcrumb as (kind, text): "link" buttons, "here" for the current page."""
    out = []
    for i in range(window.breadcrumb.count()):
        widget = window.breadcrumb.itemAt(i).widget()
        if isinstance(widget, QPushButton):
            out.append(("link", widget.accessibleName()))
        elif isinstance(widget, QLabel) and widget.text() != "›":
            out.append(("here", widget.accessibleName()))
    return out


def crumb_button(window, name: str) -> QPushButton:
    for i in range(window.breadcrumb.count()):
        widget = window.breadcrumb.itemAt(i).widget()
        if isinstance(widget, QPushButton) and widget.accessibleName() == name:
            return widget
    raise AssertionError(f"no breadcrumb {name!r} in {crumbs(window)}")


# 1. Toolbar, menu, breadcrumb, status line


def test_toolbar_holds_the_controls_in_order(window):
    names = [
        window.toolbar.itemAt(i).widget().accessibleName() for i in range(window.toolbar.count())
    ]
    expected = [
        "Back",
        "Home",
        "Search summaries",
        "Bookmarks",  # the Bookmarks slot
        "A− Smaller text",  # the visible label first (WCAG 2.5.3 Label in Name)
        "A+ Larger text",
        "Menu",
    ]
    assert [n for n in names if n in expected] == expected
    assert "A Normal text size" in names  # Reset
    # Laid out left to right on one line at the default size.
    widgets = [window.toolbar.itemAt(i).widget() for i in range(window.toolbar.count())]
    xs = [w.x() for w in widgets if w.isVisible()]
    assert xs == sorted(xs)
    assert len({w.y() for w in widgets if w.isVisible()}) == 1
    assert window.search_field.placeholderText() == "Search summaries"


def test_menu_offers_updates_theme_text_size_and_pages(window):
    menu = window.menu_button.menu()
    assert menu is window.menu
    menu.aboutToShow.emit()  # the library's pages are read as the Menu opens
    texts = menu_texts(menu)
    for wanted in (
        "Update library from a file…",
        "Text size",
        "Theme",
        "About this library",
        "Disclaimer",
        "How to read a summary",
    ):
        assert wanted in texts, texts
    assert "Ctrl+U" in [s.toString() for s in window.commands.update_file.shortcuts()]
    submenus = {a.text(): a.menu() for a in menu.actions() if a.menu() is not None}
    themes = [a.text() for a in submenus["Theme"].actions()]
    assert themes == ["Light theme", "Dark theme", "High contrast theme"]
    sizes = [a.text() for a in submenus["Text size"].actions()]
    assert sizes == ["Larger text", "Smaller text", "Reset text size"]


def test_breadcrumb_follows_home_category_article(window, qtbot):
    assert crumbs(window) == [("here", "Current page: Home")]
    go(window, "category", "general")
    assert crumbs(window) == [("link", "Breadcrumb: Home"), ("here", "Current page: General")]
    go(window, "article", content.FULL_ID)
    assert crumbs(window) == [
        ("link", "Breadcrumb: Home"),
        ("link", "Breadcrumb: General"),
        ("here", f"Current page: {content.FULL_TITLE}"),
    ]
    qtbot.mouseClick(crumb_button(window, "Breadcrumb: General"), Qt.MouseButton.LeftButton)
    assert window.current_location() == Location("category", "general")
    qtbot.mouseClick(crumb_button(window, "Breadcrumb: Home"), Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME


def test_breadcrumb_of_an_article_opened_from_home_names_its_first_category(window):
    go(window, "article", content.AMP_ID)
    assert crumbs(window)[1] == ("link", "Breadcrumb: Bladder & Bowel")
    assert crumbs(window)[2] == ("here", f"Current page: {content.AMP_TITLE}")


def test_status_line_shows_library_version_and_last_updated(window, ui_data_dir):
    with Library(ui_data_dir) as library:
        synced = library.status().last_synced
    assert synced
    text = window.status_label.text()
    assert "Library version 1" in text
    assert f"Last updated {synced[:10]}" in text
    assert window.status_label.isVisible()


def test_status_line_says_empty_for_an_empty_library(make_window, empty_data_dir):
    window = make_window(empty_data_dir)
    assert window.status_label.text() == "Library: empty"


# 2. Home


def test_home_shows_title_latest_research_and_categories(window):
    home = window.pages["home"]
    assert current(window) is home
    assert home.heading.text() == content.TITLE
    assert home.latest_title.isVisible() and home.latest_title.text() == "Latest research"
    with Library(window.data_dir) as library:
        newest = library.list_articles(limit=10, order=PUBLISHED)
        total = library.count_articles()
    assert total == 12
    assert len(home.latest_cards) == 10
    titles = [card.accessibleName().split(". ")[0] for card in home.latest_cards]
    assert titles == [s.title for s in newest]
    # Newest research first: by the year or date each card shows.
    assert titles[:4] == [
        content.LINKS_TITLE,  # 2021
        content.FULL_TITLE,  # 2020-03-04
        content.AMP_TITLE,  # 2019
        content.filler_title(8),  # 2018
    ]
    assert content.filler_title(1) not in titles  # the oldest and the undated are left out
    assert content.SPARSE_TITLE not in titles
    # A large card: title, journal and year with the evidence level, the Simple
    # Explanation's first sentence (the finding, as the library writes it).
    full = home.latest_cards[1]
    assert isinstance(full, CardButton)
    lines = [label.text() for label in full.findChildren(QLabel)]
    assert lines == [
        content.FULL_TITLE,
        "Test Journal, 2020 · Evidence: Small trial",
        "This study is about zebrafish and walking.",
    ]
    assert full.height() >= 88  # large, not a one-line button
    for card, summary in zip(home.latest_cards, newest, strict=True):
        texts = [label.text() for label in card.findChildren(QLabel)]
        assert teaser(summary) in texts


def test_home_lists_every_category_with_its_count(window, qtbot):
    home = window.pages["home"]
    with Library(window.data_dir) as library:
        counts = {c.category.name: c.articles for c in library.categories()}
    assert [b.accessibleName() for b in home.category_buttons] == [
        f"{name}, {n} {'summary' if n == 1 else 'summaries'}" for name, n in counts.items()
    ]
    assert [b.text() for b in home.category_buttons] == [
        f"{name} ({n})".replace("&", "&&") for name, n in counts.items()
    ]
    assert counts == {"General": 10, "Pain": 6, "Bladder & Bowel": 1, "Walking": 1}
    assert all(b.isVisible() and b.height() >= 44 for b in home.category_buttons)
    qtbot.mouseClick(home.category_buttons[1], Qt.MouseButton.LeftButton)
    assert window.current_location() == Location("category", "pain")


def test_clicking_a_latest_card_opens_the_article(window, qtbot):
    card = window.pages["home"].latest_cards[2]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.current_location() == Location("article", content.AMP_ID)
    assert current(window) is window.pages["article"]


def test_home_of_an_empty_library_says_how_to_import(make_window, empty_data_dir):
    window = make_window(empty_data_dir)
    home = window.pages["home"]
    assert "The library is empty" in home.intro.text()
    assert home.latest_cards == [] and not home.latest_title.isVisible()
    assert home.category_buttons == [] and not home.categories_title.isVisible()


# 3. Category


def category_titles(page) -> list[str]:
    model = page.model
    return [model.summary(row).title for row in range(model.rowCount())]


def test_category_page_shows_description_and_articles_newest_first(window):
    go(window, "category", "pain")
    page = window.pages["category"]
    assert page.heading.text() == "Pain"
    assert page.description.isVisible()
    assert page.description.text() == "Research on nerve pain and comfort."
    assert page.count.text() == "6 summaries, newest first"
    assert window.pages["category"].list.model() is page.model
    QApplication.processEvents()
    with Library(window.data_dir) as library:
        expected = [s.title for s in library.list_articles("pain", order=PUBLISHED)]
    assert category_titles(page) == expected
    years = [page.model.summary(r).year for r in range(page.model.rowCount())]
    assert years == [2019, 2018, 2016, 2014, 2012, None]  # the years the cards show
    assert expected[0] == content.AMP_TITLE and expected[-1] == content.SPARSE_TITLE


def test_category_without_description_hides_it(window):
    go(window, "category", "walking")
    page = window.pages["category"]
    assert not page.description.isVisible()
    assert page.count.text() == "1 summary, newest first"


def test_unknown_category_goes_home_with_a_message(window):
    assert window.navigate(Location("category", "no-such-thing"))
    assert window.current_location() == HOME
    assert "no longer in the library" in window.statusBar().currentMessage()


def test_single_click_on_a_card_opens_the_article(window, qtbot):
    go(window, "category", "pain")
    view = window.pages["category"].list
    qtbot.waitUntil(lambda: view.model().rowCount() == 6)
    index = view.model().index(1, 0)
    rect = view.visualRect(index)
    assert rect.isValid() and rect.height() > 44
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_location() == Location("article", "filler-08")  # 2nd newest
    # Opened from Pain, so the article leads back to Pain.
    assert window.pages["article"].back_button.accessibleName() == "Back to Pain"


def test_enter_on_the_list_opens_the_current_card(window, qtbot):
    go(window, "category", "pain")
    view = window.pages["category"].list
    view.setFocus()
    assert view.currentIndex().row() == 0  # the first card is current at once
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.current_location() == Location("article", "filler-08")


def test_nothing_waits_for_a_double_click(window):
    go(window, "category", "pain")
    for view in (window.pages["category"].list, window.pages["search"].list):
        assert QObject.receivers(view, SIGNAL("doubleClicked(QModelIndex)")) == 0
        assert not view.dragEnabled()


# 7. About, Disclaimer, How to read


def test_text_pages_open_from_the_menu(window):
    window.menu.aboutToShow.emit()
    for action, (page_id, (title, body)) in zip(
        window.commands.pages, content.PAGES.items(), strict=True
    ):
        action.trigger()
        assert window.current_location() == Location("page", page_id)
        page = window.pages["page"]
        assert current(window) is page
        assert page.heading.text() == title
        first_heading = body.split("\n")[0].lstrip("# ")
        assert first_heading in page.content.toPlainText()
        assert crumbs(window)[-1] == ("here", f"Current page: {title}")


def test_disclaimer_is_shown_on_first_start_until_acknowledged(make_window, ui_data_dir, qtbot):
    from reader.ui.settings import Preferences

    Preferences(ui_data_dir).disclaimer_acknowledged = False
    window = make_window(ui_data_dir)
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    dialog = window.disclaimer_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.isModal()
    assert dialog.findChild(QLabel).text() == "Disclaimer"  # the bundle's page, in full
    assert "Ask your care team first." in dialog.findChild(SafeTextBrowser).toPlainText()
    # Escape does not count as having read it.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not Preferences(ui_data_dir).disclaimer_acknowledged
    dispose(window)

    again = make_window(ui_data_dir)
    qtbot.waitUntil(lambda: again.disclaimer_dialog is not None)
    ok = [
        b for b in again.disclaimer_dialog.findChildren(QPushButton) if b.text() == "I understand"
    ]
    assert len(ok) == 1 and ok[0].height() >= 44
    qtbot.mouseClick(ok[0], Qt.MouseButton.LeftButton)
    assert Preferences(ui_data_dir).disclaimer_acknowledged
    assert again.disclaimer_dialog is None
    dispose(again)

    third = make_window(ui_data_dir)
    QApplication.processEvents()
    QApplication.processEvents()
    assert third.disclaimer_dialog is None
