"""The breadcrumb's "›" stands as far from the current page's name as from the crumb before it.

A crumb's words sit inside its padding and frame; the current page's name
had none, so at 300% text "Home › New treatments being tested ›Cells put…"
showed the last "›" 4 px from the name and some 25 px from the crumb before
it: "›Cells" read as one word.
"""

from __future__ import annotations

import pytest

from reader.ui.context import HOME, Location
from reader.ui.qt import QApplication, QImage, QLabel, QPushButton
from reader.ui.widgets import ElidedLabel
from tests.ui.helpers import CATEGORY, CELLS


def ink_columns(image: QImage, left: int, right: int) -> list[int]:
    """The x of every column in left..right that has a pixel standing out from the
    background (the row's top-left pixel)."""
    background = image.pixelColor(0, 0).lightness()
    return [
        x
        for x in range(max(0, left), min(image.width(), right))
        if any(
            abs(image.pixelColor(x, y).lightness() - background) > 100
            for y in range(image.height())
        )
    ]


@pytest.mark.parametrize("scale", [1.0, 3.0], ids=["100%", "300%"])
def test_the_last_separator_is_as_far_from_the_name_as_from_the_crumb(
    make_window, make_shipped_data_dir, scale
):
    window = make_window(make_shipped_data_dir())
    window.resize(1024, 768)
    window.prefs.large_targets = True
    window.set_scale(scale)
    assert window.navigate(Location("article", CELLS))
    for _ in range(3):
        QApplication.processEvents()
    row = window.breadcrumb_row
    parts = sorted((w for w in row.findChildren(QLabel) + row.findChildren(QPushButton)
                    if w.isVisible() and w.parentWidget() is row), key=lambda w: w.x())  # fmt: skip
    crumb, separator, name = parts[-3:]
    assert isinstance(name, ElidedLabel) and separator.text() == "›"
    image = row.grab().toImage()

    def ink(widget) -> list[int]:
        return ink_columns(image, widget.x(), widget.x() + widget.width())

    before = ink(separator)[0] - ink(crumb)[-1]
    after = ink(name)[0] - ink(separator)[-1]
    assert abs(after - before) <= 4, (before, after)


@pytest.mark.parametrize("scale", [1.0, 3.0], ids=["100%", "300%"])
@pytest.mark.parametrize(
    "where", [HOME, Location("category", CATEGORY), Location("article", CELLS)],
    ids=["home", "category", "article"],
)  # fmt: skip
def test_the_current_page_name_is_drawn_whole(make_window, make_shipped_data_dir, scale, where):
    """Its padding indents the words twice (QLabel's way with a style sheet's
    padding): sized for it once, "Home" lost its "e" and "Walking and movement"
    its "t" at 300% text, the words cut at the label's edge."""
    window = make_window(make_shipped_data_dir())
    window.resize(1024, 768)
    window.set_scale(scale)
    assert window.navigate(where)
    for _ in range(3):
        QApplication.processEvents()
    (name,) = [w for w in window.breadcrumb_row.findChildren(ElidedLabel) if w.isVisible()]
    image = name.grab().toImage()
    ink = ink_columns(image, 0, image.width())
    if name.text() == name.accessibleName().removeprefix("Current page: "):  # not cut
        assert ink[-1] < image.width() - 2, (name.text(), ink[-1], image.width())
    else:
        assert name.text().endswith("…")
