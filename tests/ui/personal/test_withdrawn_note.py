"""A note about an article a sync withdrew stays whole: opened from My notes, read,
copied, edited, printed, deleted and put back, on real libraries (v1 with the
article, then v2 without it)."""

from __future__ import annotations

import pytest

from reader.core.library.sync import sync
from reader.core.text.handout import NO_LONGER_AVAILABLE
from reader.ui.qt import QAccessible, QApplication, QPushButton, Qt
from tests.ui.helpers import (
    ARTICLES,
    CELLS,
    WITHDRAWN,
    card_texts,
    focus,
    go,
    open_article,
    pdf_text,
    squeeze,
    stored_note,
)

# Longer than the 160-character preview, with newlines and text outside Latin-1.
LONG = (
    "Numbers for the grant letter, from Dr. Øyvind Ærø’s clinic:\n"
    "• incidence 23 per million (range 15–39)\n"
    "• ask whether the 2014 figures include non-traumatic injuries — 脊髄損傷 😊\n"
    "\n"
    "The end of a long note that the list only previews: KEEP-THIS-LAST-LINE."
)
MIN = 44


@pytest.fixture
def gone(window, qtbot, shipped_bundles):
    """A long note about WITHDRAWN written in the window (v1), then v2 withdraws it."""
    open_article(window, WITHDRAWN)
    edit = window.article_page.note.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Typed first. ")
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertPlainText(LONG)  # pasted: typing each character would take long
    open_article(window, CELLS)  # leaving saves the note
    assert stored_note(window.data_dir, WITHDRAWN) == "Typed first. " + LONG

    result = sync(window.data_dir, shipped_bundles.v2)
    assert (result.result, result.withdrawn) == ("updated", 1)
    window.refresh_all()
    assert window.library.get_article(WITHDRAWN) is None
    go(window, "notes")
    return window


def _row(window):
    (row,) = [r for r in window.pages["notes"].rows if r.entry.article_id == WITHDRAWN]
    return row


def _opened(window):
    page = window.current_page()
    assert type(page).__name__ == "WithdrawnPage", f"still on {type(page).__name__}"
    return page


def test_click_opens_the_whole_note_under_its_saved_title(gone, qtbot):
    window = gone
    shown = card_texts(_row(window).card)
    assert len(LONG) > 160 and not any("KEEP-THIS-LAST-LINE" in line for line in shown)
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    page = _opened(window)
    assert page.heading.text() == ARTICLES[WITHDRAWN]  # the paper's title, as saved
    assert page.state.text() == NO_LONGER_AVAILABLE + " Your note is kept on this computer."
    assert "no longer available" in page.state.text()
    assert page.note.edit.toPlainText() == "Typed first. " + LONG
    assert [text for text, _where in page.crumbs()] == ["Home", "My notes", ARTICLES[WITHDRAWN]]
    assert QApplication.focusWidget() is page.heading
    # The whole note shows: the box is as tall as its text, no scrolling inside it.
    assert page.note.edit.verticalScrollBar().maximum() == 0


def test_enter_and_the_accessible_press_action_open_it(gone, qtbot):
    window = gone
    focus(qtbot, _row(window).card)
    qtbot.keyClick(_row(window).card, Qt.Key.Key_Return)
    assert _opened(window).note.edit.toPlainText().endswith("KEEP-THIS-LAST-LINE.")

    go(window, "notes")
    card = _row(window).card
    actions = QAccessible.queryAccessibleInterface(card).actionInterface()
    assert "This summary is no longer in the library" in card.accessibleDescription()
    actions.doAction(actions.pressAction())  # a screen reader's "activate": an animated click
    qtbot.waitUntil(lambda: type(window.current_page()).__name__ == "WithdrawnPage")
    assert _opened(window).note.edit.toPlainText().endswith("KEEP-THIS-LAST-LINE.")


def test_edited_there_and_saved_like_the_article_note(gone, qtbot):
    window = gone
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    edit = _opened(window).note.edit
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "Added later: ")  # QTest types ASCII only
    edit.insertPlainText("ß ü")
    go(window, "notes")  # leaving saves it
    want = "Typed first. " + LONG + "\nAdded later: ß ü"
    assert stored_note(window.data_dir, WITHDRAWN) == want
    assert window.personal.get_note(WITHDRAWN).title == ARTICLES[WITHDRAWN]
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    assert _opened(window).note.edit.toPlainText() == want


def test_copy_puts_the_whole_note_on_the_clipboard(gone, qtbot):
    window = gone
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_opened(window).copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "Typed first. " + LONG


def test_delete_then_undo_puts_it_back_whole(gone, qtbot):
    window = gone
    before = window.personal.get_note(WITHDRAWN)
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    page = _opened(window)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert stored_note(window.data_dir, WITHDRAWN) is None
    assert page.undo_button.isVisible() and QApplication.focusWidget() is page.undo_button
    assert not page.note.isVisible() and not page.delete_button.isVisible()
    assert page.state.text() == NO_LONGER_AVAILABLE  # no note said to be kept

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the menu's Undo
    assert window.personal.get_note(WITHDRAWN) == before  # text, title and date
    assert page.note.edit.toPlainText() == "Typed first. " + LONG
    assert not page.undo_bar.isVisible()

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    go(window, "notes")  # leaving lets the Undo go, as on My notes
    assert window.pages["notes"].rows == []


def test_printed_with_the_note_and_said_to_be_gone(gone, qtbot, tmp_path):
    window = gone
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    page = _opened(window)
    assert page.print_button.isVisible()
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = window.handout_dialog
    assert dialog.include_notes.isChecked()
    text = squeeze(pdf_text(dialog.save_to(tmp_path / "note.pdf")))
    dialog.reject()
    for words in (ARTICLES[WITHDRAWN], NO_LONGER_AVAILABLE, "KEEP-THIS-LAST-LINE", "Øyvind"):
        assert squeeze(words) in text


def test_no_print_button_where_printing_is_off(gone, qtbot):
    window = gone
    window.ctx.printing = False
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    page = _opened(window)
    assert not page.print_button.isVisible()
    assert page.copy_button.isVisible()


def test_controls_are_named_large_and_in_tab_order(gone, qtbot):
    window = gone
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    page = _opened(window)
    wanted = [page.copy_button, page.print_button, page.delete_button, page.note.edit]
    for widget in wanted:
        assert widget.accessibleName().strip()
        assert widget.width() >= MIN and widget.height() >= MIN, widget.accessibleName()
    seen = []
    widget = page.heading
    focus(qtbot, widget)
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert [seen.index(w) for w in wanted] == sorted(seen.index(w) for w in wanted)


def test_a_withdrawn_bookmark_opens_too_and_a_note_can_be_added(window, qtbot, shipped_bundles):
    open_article(window, WITHDRAWN)
    qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)
    sync(window.data_dir, shipped_bundles.v2)
    window.refresh_all()
    go(window, "bookmarks")
    (row,) = window.bookmarks_page.rows
    qtbot.mouseClick(row.card, Qt.MouseButton.LeftButton)
    page = _opened(window)
    assert page.heading.text() == ARTICLES[WITHDRAWN]
    assert page.saved.text().startswith("In your bookmarks since ")
    assert [text for text, _where in page.crumbs()][1] == "Bookmarks"
    assert not page.delete_button.isVisible()  # no note yet
    page.note.edit.setFocus()
    qtbot.keyClicks(page.note.edit, "Ask where this went")
    go(window, "notes")
    assert stored_note(window.data_dir, WITHDRAWN) == "Ask where this went"
    assert window.personal.get_note(WITHDRAWN).title == ARTICLES[WITHDRAWN]


def test_back_in_the_library_it_offers_the_summary(gone, qtbot, shipped_bundles):
    window = gone
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    sync(window.data_dir, shipped_bundles.v1, allow_downgrade=True)
    window.refresh_all()
    page = _opened(window)
    assert page.open_button.isVisible()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is window.article_page
    assert window.article_page.note.edit.toPlainText() == "Typed first. " + LONG


def test_a_text_size_step_keeps_the_caret_and_refits_the_box(gone, qtbot):
    window = gone
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    edit = _opened(window).note.edit
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.setPosition(20)
    edit.setTextCursor(cursor)
    window.set_scale(3.0)
    assert QApplication.focusWidget() is edit and edit.textCursor().position() == 20
    assert edit.verticalScrollBar().maximum() == 0  # still the whole note, taller now
    window.set_scale(1.0)


def _breadcrumb(window) -> list[str]:
    """The breadcrumb as drawn: its buttons' words, then the current page's."""
    row = window.breadcrumb
    shown = [row.itemAt(i).widget() for i in range(row.count())]
    return [w.text() for w in shown if isinstance(w, QPushButton)] + [
        w.accessibleName() for w in shown if w.accessibleName().startswith("Current page")
    ]


def test_the_breadcrumb_names_the_list_it_was_opened_from(gone, qtbot):
    """A note and a bookmark about the same withdrawn article. Before, opened from
    Bookmarks its breadcrumb said "My notes" (the page chose it from what was saved,
    a note first), so the crumb led to a list the reader had not come from."""
    window = gone
    window.personal.add_bookmark(WITHDRAWN, ARTICLES[WITHDRAWN], "2026-01-02T00:00:00Z")
    title = f"Current page: {ARTICLES[WITHDRAWN]}"
    go(window, "bookmarks")
    (row,) = [r for r in window.bookmarks_page.rows if r.entry.article_id == WITHDRAWN]
    qtbot.mouseClick(row.card, Qt.MouseButton.LeftButton)
    _opened(window)
    assert _breadcrumb(window) == ["Home", "Bookmarks", title]

    crumb = [w for w in window.breadcrumb_row.findChildren(QPushButton) if w.text() == "Bookmarks"]
    qtbot.mouseClick(crumb[0], Qt.MouseButton.LeftButton)
    assert window.current_page() is window.bookmarks_page
    go(window, "notes")
    qtbot.mouseClick(_row(window).card, Qt.MouseButton.LeftButton)
    _opened(window)
    assert _breadcrumb(window) == ["Home", "My notes", title]

    for _ in range(3):  # My notes, Bookmarks, then the page as it was opened from Bookmarks
        qtbot.mouseClick(window.back_button, Qt.MouseButton.LeftButton)
    _opened(window)
    assert _breadcrumb(window) == ["Home", "Bookmarks", title]


def test_delete_and_undo_by_keys_move_focus_straight_and_announce_last(gone, qtbot, monkeypatch):
    """Before, Undo announced "Note restored" first, then hid its own (focused)
    button, the focus going to the toolbar's Back before the note box: the focus
    changes, each spoken, talked over the announcement."""
    from reader.ui import withdrawn_page

    heard: list = []
    monkeypatch.setattr(
        withdrawn_page, "announce", lambda _w, text, **_k: heard.append(("said", text))
    )

    def moved(_old, new) -> None:
        if new is not None:
            heard.append(("focus", new))

    qtbot.keyClick(_row(gone).card, Qt.Key.Key_Return)
    page = gone.current_page()
    focus(qtbot, page.delete_button)
    app = QApplication.instance()
    app.focusChanged.connect(moved)
    try:
        qtbot.keyClick(page.delete_button, Qt.Key.Key_Return)
        assert heard == [("focus", page.undo_button), ("said", heard[-1][1])]
        assert heard[-1][1].startswith("Note removed")
        heard.clear()

        qtbot.keyClick(page.undo_button, Qt.Key.Key_Return)

        assert heard == [("focus", page.note.edit), ("said", "Note restored")]
    finally:
        app.focusChanged.disconnect(moved)
