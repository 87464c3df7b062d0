"""A category is ONE scrolling list: the page scrolls, its list never does.

400 summaries in one category (the big test bundle): the page shows the
first hundred at full height and fetches the next hundred only when the
reader nears the end; keys move through the cards and the page follows;
the current card of a focused list has the focus ring, a selected card of
an unfocused list the selection bar, never both looks at once.
"""

from __future__ import annotations

import shutil

import pytest

from reader.core.library.sync import sync
from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.models import PAGE_SIZE, TextRole, TitleRole
from reader.ui.qt import QApplication, QColor, QFontMetricsF, QRectF, Qt
from tests.ui.helpers import focus, set_prefs


@pytest.fixture(scope="module")
def big_template(ui_bundles, tmp_path_factory):
    data = tmp_path_factory.mktemp("big") / "data"
    shutil.copytree(ui_bundles.template, data)
    sync(data, ui_bundles.big)
    return data


@pytest.fixture
def big_window(make_window, big_template, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(big_template, data)
    set_prefs(data)
    window = make_window(data)
    window.resize(1024, 768)
    window.set_scale(3.0)
    assert window.navigate(Location("category", "general"))
    QApplication.processEvents()
    return window


def test_the_list_is_as_tall_as_its_cards_and_the_page_scrolls(big_window):
    page = big_window.current_page()
    listing = page.list
    assert page.model.rowCount() == PAGE_SIZE  # not all 400 at once
    assert listing.verticalScrollBar().maximum() == 0
    assert listing.height() >= PAGE_SIZE * listing.sizeHintForRow(0)
    bar = page.scroll.verticalScrollBar()
    assert bar.maximum() > listing.height() - page.scroll.viewport().height() - 1
    bar.setValue(bar.maximum())  # the reader reaches the end of those shown
    QApplication.processEvents()
    assert page.model.rowCount() == 2 * PAGE_SIZE
    assert listing.height() >= 2 * PAGE_SIZE * listing.sizeHintForRow(0)


def test_keys_move_through_the_cards_and_the_page_follows(big_window, qtbot):
    page = big_window.current_page()
    listing = page.list
    focus(qtbot, listing)
    viewport = page.scroll.viewport()
    for key, row in ((Qt.Key.Key_Down, 1), (Qt.Key.Key_PageDown, None), (Qt.Key.Key_End, None)):
        qtbot.keyClick(listing, key)
        QApplication.processEvents()
        current = listing.currentIndex()
        if row is not None:
            assert current.row() == row
        rect = listing.visualRect(current)
        top = listing.viewport().mapTo(viewport, rect.topLeft()).y()
        assert top >= 0 and top + rect.height() <= viewport.height() + 1, (key, top)
    # Page Down moved by what fits the page's window, not by the whole list.
    assert listing.currentIndex().row() < page.model.rowCount()


def _colours(listing, index) -> set[str]:
    image = listing.viewport().grab(listing.visualRect(index)).toImage()
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_focus_and_selection_look_different(big_window, qtbot):
    t = themes.LIGHT
    page = big_window.current_page()
    listing = page.list
    first = page.model.index(0, 0)
    assert listing.currentIndex() == first
    focus(qtbot, big_window.search_field)  # the page opened with focus on its list
    unfocused = _colours(listing, first)
    assert t.accent in unfocused and t.focus not in unfocused  # the selection bar
    focus(qtbot, listing)
    focused = _colours(listing, first)
    assert t.focus in focused and t.accent not in focused  # the focus ring only


def _card_height(delegate, font, title_lines: int, text_lines: int) -> int:
    """What a card of that many lines needs (the delegate's own fonts and spacing)."""
    from reader.ui.cards import MARGIN, PADDING

    title, body = delegate._fonts(font)
    height = (
        title_lines * QFontMetricsF(title).lineSpacing()
        + (1 + text_lines) * QFontMetricsF(body).lineSpacing()
        + 2 * delegate.GAP
        + 2 * (MARGIN + PADDING)
    )
    return int(height) + 1


def _lines(text: str, font, width: float) -> int:
    """Lines `text` wraps to at `width`, measured apart from the delegate."""
    metrics = QFontMetricsF(font)
    box = metrics.boundingRect(QRectF(0, 0, width, 1e6), Qt.TextFlag.TextWordWrap, text)
    return round(box.height() / metrics.lineSpacing())


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_cards_are_as_tall_as_their_text_needs_and_no_taller(big_window, scale):
    """Short headlines and teasers ("Bulk study 12") leave no empty band under them."""
    from reader.ui.cards import MARGIN, PADDING

    big_window.set_scale(scale)
    QApplication.processEvents()
    listing = big_window.current_page().list
    delegate = listing.itemDelegate()
    model = listing.model()
    width = listing.viewport().width() - 2 * (MARGIN + PADDING)
    title_font, body_font = delegate._fonts(listing.font())
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    need_title = max(_lines("★ " + i.data(TitleRole), title_font, width) for i in rows)
    need_text = max(_lines(i.data(TextRole), body_font, width) for i in rows)
    assert need_title <= 3 and need_text <= 2  # short: no card needs the most lines
    expected = _card_height(delegate, listing.font(), need_title, need_text)
    assert listing.sizeHintForRow(0) == expected
    assert expected < _card_height(delegate, listing.font(), 3, 2)  # the old fixed height


def test_a_long_headline_makes_room_for_all_cards(make_window, ui_data_dir):
    window = make_window(ui_data_dir)
    window.resize(1024, 768)
    window.set_scale(3.0)
    assert window.navigate(Location("category", "general"))
    QApplication.processEvents()
    listing = window.current_page().list
    delegate = listing.itemDelegate()
    model = listing.model()
    from reader.ui.cards import MARGIN, PADDING

    width = listing.viewport().width() - 2 * (MARGIN + PADDING)
    title_font, body_font = delegate._fonts(listing.font())
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    need_title = min(3, max(_lines("★ " + i.data(TitleRole), title_font, width) for i in rows))
    need_text = min(2, max(_lines(i.data(TextRole), body_font, width) for i in rows))
    assert need_title >= 2  # at 300% on 1024 px some headline wraps
    assert listing.sizeHintForRow(0) == _card_height(
        delegate, listing.font(), need_title, need_text
    )
