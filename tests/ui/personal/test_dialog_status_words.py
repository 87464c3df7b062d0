"""A dialog's "what happened" line: no empty label before it says anything, and heard when it does.

Print or save as PDF and Report a problem each kept an empty label under
their buttons for a later "not saved" line: a screen reader met an unnamed,
empty label in both. The handout's "The PDF was not saved: ..." (or, in a
kiosk, "No printer is set up here") appeared in silence, the focus still on
the button pressed. (The staff PIN's line: tests/ui/kiosk/test_pin_status_words.py.)
"""

from __future__ import annotations

from pathlib import Path

from reader.ui import handout_dialog
from reader.ui.qt import QAccessible, QWidget
from tests.ui.helpers import CELLS, announcements, open_article


def labels_heard(dialog: QWidget) -> list[str]:
    """The name a screen reader reads for each label of `dialog` it can reach."""
    names = []

    def walk(iface) -> None:
        for i in range(iface.childCount()):
            child = iface.child(i)
            if child is None or child.state().invisible:
                continue
            if child.role() == QAccessible.Role.StaticText:
                names.append(child.text(QAccessible.Text.Name))
            walk(child)

    walk(QAccessible.queryAccessibleInterface(dialog))
    return names


def test_the_handout_dialog_opens_with_no_empty_label(window, qtbot):
    open_article(window, CELLS)
    window.print_current()
    dialog = window.handout_dialog
    qtbot.waitExposed(dialog)

    assert "" not in labels_heard(dialog)
    dialog.reject()


def test_report_a_problem_opens_with_no_empty_label(window, qtbot):
    open_article(window, CELLS)
    window.article_page.report_button.click()
    dialog = window.article_page.report_dialog
    qtbot.waitExposed(dialog)

    assert "" not in labels_heard(dialog)
    dialog.reject()


def test_a_pdf_not_saved_is_said_out_loud(window, qtbot, monkeypatch, tmp_path: Path):
    said = announcements(monkeypatch, handout_dialog)
    open_article(window, CELLS)
    window.print_current()
    dialog = window.handout_dialog
    qtbot.waitExposed(dialog)

    assert dialog.save_to(tmp_path / "no such folder" / "handout.pdf") is None

    assert dialog.isVisible()
    assert said == [dialog.outcome.text()]
    assert said[0].startswith("The PDF was not saved: ")
    assert dialog.outcome.text() in labels_heard(dialog)
    dialog.reject()
