"""A kiosk visitor's note about an article the library does not hold (kept in memory
only) opens from My notes like any withdrawn article's note, and the kiosk's rules
hold there: no print where printing is off, nothing on disk, nothing left for the next
visitor."""

from __future__ import annotations

from reader.ui.qt import QApplication, Qt
from tests.ui.helpers import go
from tests.ui.kiosk.test_kiosk_visit import snapshot

GONE = "withdrawn-before-this-visit-2009"
NOTE = "Line one for the nurse\nLine two: " + "more words " * 20


def test_a_withdrawn_note_in_a_kiosk_stays_in_memory_and_goes_at_reset(
    make_kiosk, ui_data_dir, qtbot
):
    files = snapshot(ui_data_dir)
    window = make_kiosk(allow_print=False)
    window.personal.set_note(GONE, "A paper the library no longer has", NOTE)
    go(window, "notes")
    (row,) = window.pages["notes"].rows
    qtbot.mouseClick(row.card, Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert page is window.pages["withdrawn"]
    assert page.note.edit.toPlainText() == NOTE
    assert not page.print_button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.handout_dialog is None  # printing is off: no page may print

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert window.personal.get_note(GONE) is None
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert window.personal.get_note(GONE).text == NOTE
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == NOTE

    window.kiosk.reset()
    assert window.personal.list_notes() == []
    assert page.note.edit.toPlainText() == ""  # not kept in the hidden page either
    assert QApplication.clipboard().text() == ""
    window.kiosk.quit()
    assert snapshot(ui_data_dir) == files
