"""Shared helpers for the personal-data UI tests (no fixtures here)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# Four articles of the shipped library; all are in "spinal-cord-injury".
CELLS = "cell-therapies-review-2014"
EPIDURAL = "epidural-stimulation-standing-2011"
HANDWRITING = "brain-to-text-handwriting-2021"
WITHDRAWN = "global-incidence-traumatic-sci-2014"
ARTICLES = {
    CELLS: "Current status of cell-mediated regenerative therapies for human spinal cord injury",
    EPIDURAL: (
        "Effect of epidural stimulation of the lumbosacral spinal cord on voluntary "
        "movement, standing, and assisted stepping after motor complete paraplegia: "
        "a case study"
    ),
    HANDWRITING: "High-performance brain-to-text communication via handwriting",
    WITHDRAWN: "Estimating the global incidence of traumatic spinal cord injury",
}
CELLS_DOI = "10.1007/s12264-013-1438-4"
CATEGORY = "spinal-cord-injury"


def open_article(window, article_id: str) -> None:
    from reader.ui.context import Location

    assert window.navigate(Location("article", article_id))
    assert window.current_page() is window.article_page
    assert window.article_page.article.id == article_id


def go(window, kind: str, key: str = "") -> None:
    from reader.ui.context import Location

    assert window.navigate(Location(kind, key))


def card_texts(card: QWidget) -> list[str]:
    """The visible lines of a CardButton, top to bottom."""
    return [label.text() for label in card.findChildren(QLabel)]


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; cannot read the PDF's text")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def squeeze(text: str) -> str:
    """Text to compare with a PDF's: line breaks land anywhere, pdftotext joins a
    word broken after a hyphen ("cell-" / "mediated") without it, and may give
    ligatures ("ﬀ"). So: NFKC, no whitespace, no hyphens."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("-", "")
