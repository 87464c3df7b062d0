"""Words that do not fit are cut after a whole word, never inside one.

At 1024x768 with 300% text and larger targets, a category's cards ended
their headline "a man with a paralyzed hand wrote 90 charact…", their
details "Case report · Earl…" and their first sentence "wrote tex…", and
the breadcrumb named a summary "With pulses from a spinal i…": a reader
with low vision or little reading practice gets a fragment to guess from.
"""

from __future__ import annotations

import pytest

from reader.ui.cards import CardList
from reader.ui.context import Location
from reader.ui.models import DetailRole, TextRole, TitleRole
from reader.ui.qt import QApplication, QImage, QPainter, QStyle, QStyleOptionViewItem
from reader.ui.widgets import ElidedLabel
from tests.ui.helpers import ARTICLES, CATEGORY, EPIDURAL

PUNCTUATION = " ,;:·-–—.()\"'"
SIZES = [(1024, 768), (1366, 768)]


def words_of(*texts: str) -> set[str]:
    return {w.strip(PUNCTUATION) for text in texts for w in text.split()}


def last_word(cut: str) -> str:
    kept = cut.removesuffix("…").split()
    return kept[-1].strip(PUNCTUATION) if kept else ""


class RecordingPainter(QPainter):
    """A painter that keeps every text it is asked to draw."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args) -> None:
        self.texts += [a for a in args if isinstance(a, str)]
        super().drawText(*args)


@pytest.fixture
def large_window(make_window, make_shipped_data_dir):
    def make(size):
        window = make_window(make_shipped_data_dir())
        window.resize(*size)
        window.prefs.large_targets = True
        window.set_scale(3.0)
        return window

    return make


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_categorys_cards_are_cut_after_whole_words(large_window, size):
    window = large_window(size)
    assert window.navigate(Location("category", CATEGORY))
    settle()
    view = next(v for v in window.current_page().findChildren(CardList) if v.isVisible())
    model, delegate = view.model(), view.itemDelegate()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    cut, fragments = [], []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        option = QStyleOptionViewItem()
        option.rect, option.font = view.visualRect(index), view.font()
        option.state = QStyle.StateFlag.State_Enabled
        painter = RecordingPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        words = words_of(*(index.data(role) or "" for role in (TitleRole, DetailRole, TextRole)))
        for text in painter.texts:
            if text.endswith("…"):
                cut.append(text)
                if last_word(text) not in words:
                    fragments.append(text)
    assert cut, "at 300% text some card is cut: the test must see one"
    assert fragments == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_breadcrumb_cuts_a_long_title_after_a_whole_word(large_window, size):
    window = large_window(size)
    assert window.navigate(Location("article", EPIDURAL))
    settle()
    current = next(w for w in window.breadcrumb_row.findChildren(ElidedLabel) if w.isVisible())
    full = current.accessibleName().removeprefix("Current page: ")
    assert full != ARTICLES[EPIDURAL]  # the plain headline, not the paper's title
    shown = current.text()
    assert shown.endswith("…") and shown != full
    assert last_word(shown) in words_of(full), shown
    assert current.fontMetrics().horizontalAdvance(shown) <= current.width()
