"""Menu > About and help lists the library's own pages: manifest order, manifest titles.

Real bundles on disk, synced with the real sync; the Menu opened as a reader
opens it (popup, then the submenu from the keyboard) and an entry chosen
with Enter. Syncs from a ZIP file and a folder go through the window's
update, a web one through a real HTTP server, and one from outside the
window (another process, the command line) is seen at the next opening.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import ClinicConfig
from reader.core.library.sync import sync
from reader.ui.context import HOME, Location
from reader.ui.page_menu import MORE, TITLE
from reader.ui.qt import QApplication, QMenu, Qt
from reader.ui.update_dialogs import CostDialog
from tests.bundles import bundle_spec
from tests.bundles.signing import PublisherKey
from tests.ui.helpers import current, go, set_prefs
from tests.web_server import WebServer

TIMEOUT = 30_000

# A popup menu grabs the keyboard; the offscreen test display cannot, and says so.
pytestmark = pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$")

# A publisher's own pages, in this manifest order: no How to read, a glossary
# and a contacts page, and an About page with a title of its own.
PAGES = {
    "about": ("About us", "## Who we are\n\nA clinic's own library.\n"),
    "glossary": ("Words we use", "## Words\n\nLesion: the injured part of the cord.\n"),
    "disclaimer": ("Disclaimer", "## Not medical advice\n\nAsk your care team.\n"),
    "contacts": ("Who to call", "## Phone\n\nCall the spinal unit.\n"),
}
# Version 2: the glossary withdrawn, How to read added, About renamed, a new order.
PAGES_V2 = {
    "how-to-read": ("How to read a summary", "## The parts\n\nEvery summary has parts.\n"),
    "about": ("About the Riverside library", "## Who we are\n\nA clinic's own library.\n"),
    "contacts": ("Who to call", "## Phone\n\nCall the spinal unit.\n"),
    "disclaimer": ("Disclaimer", "## Not medical advice\n\nAsk your care team.\n"),
}
V2_TITLES = ["How to read a summary", "About the Riverside library", "Who to call", "Disclaimer"]


def bundle(tmp_path: Path, name: str, pages: dict, version: int = 1, kind: str = "dir") -> Path:
    target = tmp_path / (f"{name}.zip" if kind == "zip" else name)
    return bundle_spec(pages=pages, version=version).write(target, kind)


@pytest.fixture
def own_pages_dir(qapp, tmp_path: Path) -> Path:
    """A data folder holding a library with the publisher's own pages (PAGES)."""
    data = tmp_path / "data"
    sync(data, bundle(tmp_path, "v1", PAGES))
    set_prefs(data)
    return data


@pytest.fixture
def own_window(make_window, own_pages_dir):
    return make_window(own_pages_dir)


def open_pages_menu(window, qtbot) -> QMenu:
    """Menu, then About and help with the Right key, as a reader opens them; the submenu."""
    menu = window.menu
    menu.popup(window.menu_button.mapToGlobal(window.menu_button.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    entry = next(a for a in menu.actions() if a.text() == TITLE)
    assert entry.isVisible()
    menu.setActiveAction(entry)
    qtbot.keyClick(menu, Qt.Key.Key_Right)
    sub = entry.menu()
    qtbot.waitExposed(sub)
    return sub


def entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


def choose(qtbot, menu: QMenu, text: str) -> None:
    """Move to the entry `text` and press Enter, as from the keyboard."""
    menu.setActiveAction(next(a for a in menu.actions() if a.text() == text))
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not QApplication.activePopupWidget())


def close_menus(qtbot) -> None:
    while (popup := QApplication.activePopupWidget()) is not None:
        popup.close()
    QApplication.processEvents()


def test_the_menu_lists_the_bundles_pages_in_manifest_order_with_their_titles(own_window, qtbot):
    """Failed before: the menu listed About this library, Disclaimer, How to read a summary."""
    sub = open_pages_menu(own_window, qtbot)
    assert entries(sub) == ["About us", "Words we use", "Disclaimer", "Who to call"]
    assert sub.accessibleName() == TITLE
    choose(qtbot, sub, "Words we use")
    assert own_window.current_location() == Location("page", "glossary")
    page = current(own_window)
    assert page is own_window.pages["page"]
    assert page.heading.text() == "Words we use"
    assert "Lesion: the injured part of the cord." in page.content.toPlainText()
    assert [a.data() for a in own_window.commands.pages] == list(PAGES)


def test_the_pages_are_read_when_the_menu_is_about_to_show_not_at_start(own_window):
    assert own_window.commands.pages == [] and own_window.page_menu.actions() == []
    own_window.menu.aboutToShow.emit()
    assert [a.text() for a in own_window.page_menu.actions()] == [t for t, _b in PAGES.values()]


def test_every_entry_opens_its_page_and_none_leads_nowhere(own_window, qtbot):
    """Failed before: "How to read a summary" was offered and led back Home with
    "That page is no longer in the library."."""
    missing = []
    own_window.navigator.missing.connect(missing.append)
    for page_id, (title, _body) in PAGES.items():
        sub = open_pages_menu(own_window, qtbot)
        assert "How to read a summary" not in entries(sub)
        choose(qtbot, sub, title)
        assert own_window.current_location() == Location("page", page_id)
        assert current(own_window).heading.text() == title
    assert missing == []


def test_without_how_to_read_the_evidence_card_offers_no_dead_link(own_window):
    go(own_window, "article", "alpha-study")
    card = current(own_window).content.facts.evidence
    assert "What does this mean?" not in card.toPlainText()


def test_the_menu_follows_syncs_from_a_file_and_a_folder(own_window, qtbot, tmp_path):
    assert entries(open_pages_menu(own_window, qtbot))[1] == "Words we use"
    close_menus(qtbot)
    for source in (
        bundle(tmp_path, "v2", PAGES_V2, version=2, kind="zip"),
        bundle(tmp_path, "v3", {**PAGES, "about": ("About this library", "## Us\n")}, version=3),
    ):
        controller = own_window.updates.start(str(source))
        with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
            pass
        assert blocker.args[0] is True, blocker.args
        controller.message_box.done(0)
        if source.suffix == ".zip":
            # Already rebuilt (no Menu shown yet): the entries a screen reader would meet.
            assert [a.text() for a in own_window.commands.pages] == V2_TITLES
            assert entries(open_pages_menu(own_window, qtbot)) == V2_TITLES
            go(own_window, "article", "alpha-study")
            evidence = current(own_window).content.facts.evidence.toPlainText()
            assert "What does this mean?" in evidence  # How to read is there now
        else:
            wanted = ["About this library", "Words we use", "Disclaimer", "Who to call"]
            assert entries(open_pages_menu(own_window, qtbot)) == wanted
        close_menus(qtbot)


def test_the_menu_follows_a_sync_made_outside_the_window(
    own_window, own_pages_dir, qtbot, tmp_path
):
    assert "Words we use" in entries(open_pages_menu(own_window, qtbot))
    close_menus(qtbot)
    sync(own_pages_dir, bundle(tmp_path, "v2", PAGES_V2, version=2))  # as `sci-reader sync` does
    assert entries(open_pages_menu(own_window, qtbot)) == V2_TITLES


def test_the_menu_follows_a_web_update(make_window, own_pages_dir, qtbot, tmp_path):
    root = tmp_path / "site"
    folder = bundle(root, "library", PAGES_V2, version=2)
    key = PublisherKey.new()
    (folder / "manifest.sig").write_bytes(key.signature((folder / "manifest.json").read_bytes()))
    with WebServer(root) as server:
        window = make_window(own_pages_dir, clinic=ClinicConfig(trusted_keys=(key.public_text,)))
        window.prefs.update_source = f"{server.url}library/"
        web = window.updates.web()
        window.commands.check_updates.trigger()
        qtbot.waitUntil(lambda: isinstance(web.cost_dialog, CostDialog), timeout=TIMEOUT)
        with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
            web.cost_dialog.download_button.click()
        assert blocker.args[0] is True, blocker.args
        web.message_box.done(0)
    assert entries(open_pages_menu(window, qtbot)) == V2_TITLES
    close_menus(qtbot)


def test_many_pages_go_on_in_more_pages_ten_entries_a_menu(make_window, qtbot, tmp_path):
    pages = {
        f"page-{i:02d}": (f"Page number {i}", f"## Part {i}\n\nText {i}.\n") for i in range(23)
    }
    data = tmp_path / "many"
    sync(data, bundle(tmp_path, "many", pages))
    set_prefs(data)
    window = make_window(data)
    window.prefs.large_targets = True  # the tallest lines, at the largest text
    window.set_scale(3.0)
    menu = open_pages_menu(window, qtbot)
    seen = []
    while True:
        texts = entries(menu)
        assert len(texts) <= 10
        lines = sum(menu.actionGeometry(a).height() for a in menu.actions() if a.isVisible())
        assert lines <= 768 - 2 * menu.style().pixelMetric(
            menu.style().PixelMetric.PM_MenuPanelWidth
        )
        more = next((a.menu() for a in menu.actions() if a.text() == MORE), None)
        seen += [t for t in texts if t != MORE]
        if more is None:
            break
        assert texts[-1] == MORE and more.accessibleName() == MORE
        menu.setActiveAction(more.menuAction())
        qtbot.keyClick(menu, Qt.Key.Key_Right)
        qtbot.waitExposed(more)
        menu = more
    assert seen == [title for title, _body in pages.values()]
    choose(qtbot, menu, "Page number 22")  # the last, two submenus down
    assert window.current_location() == Location("page", "page-22")


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_titles_are_shown_as_written_and_a_long_one_is_cut_after_a_whole_word(
    make_window, qtbot, tmp_path, scale
):
    """Failed before: the long title was cut inside a word ("…spinal co…")."""
    long_title = "Questions people often ask us about spinal cord injury research " * 3
    pages = {
        "terms": ("Terms & conditions", "## Terms\n\nSome terms.\n"),
        "faq": (long_title.strip(), "## Questions\n\nAnswers.\n"),
    }
    data = tmp_path / "titles"
    sync(data, bundle(tmp_path, "titles", pages))
    set_prefs(data)
    window = make_window(data)
    window.set_scale(scale)  # at 300% the submenu still fits on the screen
    sub = open_pages_menu(window, qtbot)
    terms, faq = sub.actions()
    assert terms.text() == "Terms && conditions"  # "&" shown, not a keyboard mnemonic
    assert terms.iconText() == "Terms & conditions"
    kept = faq.text().removesuffix("…")
    assert faq.text().endswith("…") and long_title.startswith(kept)
    assert long_title[len(kept)] == " " and not kept.endswith(" "), faq.text()
    assert faq.toolTip() == long_title.strip()
    room = window.screen().availableGeometry().width()
    assert sub.width() <= room and sub.geometry().right() < room, (sub.geometry(), room)
    choose(qtbot, sub, faq.text())
    assert current(window).heading.text() == long_title.strip()


def test_a_library_without_pages_shows_no_about_and_help(make_window, qtbot, tmp_path):
    data = tmp_path / "none"
    sync(data, bundle(tmp_path, "none", {}))
    set_prefs(data)
    window = make_window(data)
    window.menu.aboutToShow.emit()
    entry = next(a for a in window.menu.actions() if a.text() == TITLE)
    assert not entry.isVisible() and window.commands.pages == []
    assert window.navigate(HOME)


def test_kiosk_mode_keeps_the_pages(make_window, own_pages_dir, qtbot):
    window = make_window(own_pages_dir, kiosk=True)
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    window.disclaimer_dialog.accept()
    assert entries(open_pages_menu(window, qtbot)) == [t for t, _b in PAGES.values()]
    close_menus(qtbot)
    window.kiosk.unlock()
