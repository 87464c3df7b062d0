"""Print or save as PDF: an article (with its note, optionally) and the Bookmarks list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog

from reader.core.text.handout import DISCLAIMER_LINE
from reader.ui.handout_dialog import HandoutDialog, safe_file_name
from reader.ui.qt import Qt
from tests.ui.helpers import (
    ARTICLES,
    CELLS,
    CELLS_DOI,
    EPIDURAL,
    HANDWRITING,
    SHOWN,
    WITHDRAWN,
    go,
    open_article,
    pdf_text,
    squeeze,
)

NOTE = "Ask Dr Lee whether the trial is recruiting"


def _assert_pdf(path: Path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"%%EOF" in data[-64:]
    return pdf_text(path)


def _article_with_note(window, qtbot) -> HandoutDialog:
    open_article(window, CELLS)
    edit = window.article_page.note.edit
    edit.setFocus()
    qtbot.keyClicks(edit, NOTE)  # not yet saved: printing saves it first
    window.print_current()
    dialog = window.handout_dialog
    assert isinstance(dialog, HandoutDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_article_pdf_has_title_doi_disclaimer_and_the_note(window, qtbot, tmp_path):
    dialog = _article_with_note(window, qtbot)
    assert window.personal.get_note(CELLS).text == NOTE
    assert dialog.include_notes.isVisible()
    assert dialog.include_notes.isChecked()

    saved = dialog.save_to(tmp_path / "x.pdf")

    assert saved == tmp_path / "x.pdf"
    assert not dialog.isVisible()
    raw = _assert_pdf(saved)
    assert f"DOI: {CELLS_DOI}" in " ".join(raw.split())
    text = squeeze(raw)
    assert squeeze(ARTICLES[CELLS]) in text
    assert squeeze(CELLS_DOI) in text
    assert squeeze(f"https://doi.org/{CELLS_DOI}") in text
    assert squeeze(DISCLAIMER_LINE) in text
    assert squeeze("Neuroscience Bulletin, 2014") in text
    assert squeeze("Key findings") in text
    assert squeeze("My notes") in text
    assert squeeze(NOTE) in text
    assert f"Saved {saved}" in window.statusBar().currentMessage()


def test_article_pdf_without_the_note_when_unchecked(window, qtbot, tmp_path):
    dialog = _article_with_note(window, qtbot)
    dialog.include_notes.setChecked(False)

    text = squeeze(_assert_pdf(dialog.save_to(tmp_path / "no-notes.pdf")))

    assert squeeze(ARTICLES[CELLS]) in text
    assert squeeze(DISCLAIMER_LINE) in text
    assert squeeze(NOTE) not in text
    assert squeeze("My notes") not in text


def test_include_notes_checkbox_by_keyboard(window, qtbot, tmp_path):
    dialog = _article_with_note(window, qtbot)
    dialog.include_notes.setFocus()
    qtbot.keyClick(dialog.include_notes, Qt.Key.Key_Space)
    assert not dialog.include_notes.isChecked()
    assert squeeze(NOTE) not in squeeze(pdf_text(dialog.save_to(tmp_path / "k.pdf")))


def test_article_without_a_note_offers_no_checkbox(window, qtbot, tmp_path):
    open_article(window, EPIDURAL)
    window.print_current()
    dialog = window.handout_dialog
    assert not dialog.include_notes.isVisible()
    text = squeeze(_assert_pdf(dialog.save_to(tmp_path / "plain")))  # ".pdf" is added
    assert (tmp_path / "plain.pdf").exists()
    assert squeeze(ARTICLES[EPIDURAL]) in text
    assert squeeze(DISCLAIMER_LINE) in text


def test_ctrl_p_and_the_print_button_open_the_handout_dialog(window, qtbot):
    open_article(window, HANDWRITING)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    first = window.handout_dialog
    assert first is not None and first.isVisible()
    first.reject()

    qtbot.mouseClick(window.article_page.print_button, Qt.MouseButton.LeftButton)
    assert window.handout_dialog is not first
    assert window.handout_dialog.isVisible()
    window.handout_dialog.reject()


def test_print_off_an_article_or_bookmarks_says_what_to_do(window):
    go(window, "home")
    window.print_current()
    assert window.handout_dialog is None
    assert "Open a summary or the Bookmarks page" in window.statusBar().currentMessage()


def test_bookmarks_list_pdf_has_every_bookmarked_title(window, qtbot, tmp_path):
    for article_id in (CELLS, HANDWRITING):
        open_article(window, article_id)
        qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.personal.add_bookmark(WITHDRAWN + "-old", "A summary since withdrawn")
    go(window, "bookmarks")
    assert window.bookmarks_page.print_button.isEnabled()

    qtbot.mouseClick(window.bookmarks_page.print_button, Qt.MouseButton.LeftButton)
    dialog = window.handout_dialog
    assert dialog.isVisible()
    assert not dialog.include_notes.isVisible()
    text = squeeze(_assert_pdf(dialog.save_to(tmp_path / "bookmarks.pdf")))

    assert squeeze("Saved summaries") in text
    # Each entry as the page shows it, the plain headline, with the paper it is from.
    assert squeeze(SHOWN[CELLS]) in text
    assert squeeze(f"From the paper: {ARTICLES[CELLS]}") in text
    assert squeeze(SHOWN[HANDWRITING]) in text
    assert squeeze(CELLS_DOI) in text
    assert squeeze("A summary since withdrawn") in text
    assert squeeze("No longer in the library") in text
    assert squeeze(DISCLAIMER_LINE) in text


def test_save_as_pdf_button_asks_where_and_saves(window, qtbot, tmp_path, monkeypatch):
    # QFileDialog.getSaveFileName blocks in its own event loop; stand in for the person.
    from reader.ui.qt import QFileDialog

    asked = []

    def save_name(parent, caption, suggested, filters):
        asked.append((caption, Path(suggested).name, filters))
        return str(tmp_path / "for the doctor"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    open_article(window, HANDWRITING)
    window.print_current()
    dialog = window.handout_dialog
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)

    assert asked == [
        ("Save as PDF", f"{safe_file_name(SHOWN[HANDWRITING])}.pdf", "PDF files (*.pdf)")
    ]
    saved = tmp_path / "for the doctor.pdf"
    assert squeeze(SHOWN[HANDWRITING]) in squeeze(_assert_pdf(saved))
    assert not dialog.isVisible()


def test_cancelling_the_file_dialog_saves_nothing(window, qtbot, tmp_path, monkeypatch):
    from reader.ui.qt import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    open_article(window, HANDWRITING)
    window.print_current()
    qtbot.mouseClick(window.handout_dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert window.handout_dialog.isVisible()  # still there to choose again
    window.handout_dialog.reject()


def test_bookmarks_print_button_is_disabled_when_empty(window):
    go(window, "bookmarks")
    assert not window.bookmarks_page.print_button.isEnabled()


def test_print_button_opens_qt_print_dialog_without_blocking(window, qtbot):
    open_article(window, CELLS)
    window.print_current()
    handout = window.handout_dialog

    handout.print_button.click()  # returns: the print dialog is not modal-blocking

    dialog = handout.print_dialog
    assert isinstance(dialog, QPrintDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert not handout.isVisible()
    assert dialog.windowTitle() == "Print"
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_accepting_the_print_dialog_prints_the_handout(window, qtbot, tmp_path):
    """With no printer set up, Qt's dialog prints to a file: the handout lands there."""
    from reader.ui.qt import QLineEdit

    open_article(window, CELLS)
    window.print_current()
    window.handout_dialog.print_button.click()
    dialog = window.handout_dialog.print_dialog
    destination = dialog.findChild(QLineEdit, "filename")  # Qt's "Print to file" field
    if destination is None or not destination.isVisible():
        dialog.reject()
        pytest.skip("this Qt print dialog offers no print-to-file field (a printer is set up)")
    destination.setText(str(tmp_path / "printed.pdf"))

    dialog.accept()

    text = squeeze(_assert_pdf(tmp_path / "printed.pdf"))
    assert squeeze(ARTICLES[CELLS]) in text
    assert squeeze(DISCLAIMER_LINE) in text


def test_bookmarks_print_dialog_path(window, qtbot):
    window.personal.add_bookmark(CELLS, ARTICLES[CELLS])
    go(window, "bookmarks")
    window.print_current()
    window.handout_dialog.print_button.click()
    dialog = window.handout_dialog.print_dialog
    assert isinstance(dialog, QPrintDialog)
    assert dialog.isVisible()
    dialog.close()


@pytest.mark.parametrize("title", ["Notes: A/B & C?", "   ", "x" * 200])
def test_suggested_file_name_is_safe(title):
    from reader.ui.handout_dialog import safe_file_name

    name = safe_file_name(title)
    assert name
    assert "/" not in name and ":" not in name and "?" not in name
    assert len(name) <= 80
