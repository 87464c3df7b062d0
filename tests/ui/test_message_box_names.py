"""Every message box says to a screen reader what its sign and its button row are.

Qt leaves a box's icon and its row of buttons without a name. Only the box
for a damaged personal data file named them; every other box (an export's
or import's result, a refused change, "cannot start", "Open a web page?")
gave Orca a blank image and a blank panel before its words. And the link
question was called "Leave the app?" while its title said "Open a web
page?", with its question only inside: a screen reader now hears the title
the box shows and the question as its description.
"""

from __future__ import annotations

import pytest

from reader.ui import dialogs, start_boxes
from reader.ui.qt import QAccessible, QApplication, QLabel, QMessageBox, QTimer


def _unnamed(box: QMessageBox) -> list[str]:
    """The box's parts (at any depth) that reach a screen reader with no name."""
    found = []

    def walk(iface, depth: int) -> None:
        if depth and not iface.text(QAccessible.Text.Name).strip():
            found.append(str(iface.role()).split(".")[-1])
        for i in range(iface.childCount()):
            child = iface.child(i)
            if child is not None and not child.state().invisible:
                walk(child, depth + 1)

    walk(QAccessible.queryAccessibleInterface(box), 0)
    return found


def _icon_name(box: QMessageBox) -> str:
    icon = box.findChild(QLabel, "qt_msgboxex_icon_label")  # Qt's own object name
    return QAccessible.queryAccessibleInterface(icon).text(QAccessible.Text.Name)


@pytest.mark.parametrize(("ok", "sign"), [(True, "Information"), (False, "Warning")])
def test_a_result_box_names_its_sign_and_its_buttons(window, qtbot, ok, sign):
    window.tell("Export finished" if ok else "Export did not work", "Saved 2 bookmarks.", ok)
    box = window.message_box
    qtbot.waitExposed(box)

    assert _unnamed(box) == []
    assert _icon_name(box) == sign
    box.accept()


def test_the_link_question_is_called_what_its_title_says(window, qtbot):
    box = dialogs.ask_to_open(window, "https://example.org/study", lambda _url: None)
    qtbot.waitExposed(box)

    assert box.accessibleName() == box.windowTitle() == "Open a web page?"
    assert box.accessibleDescription() == box.text()
    assert "https://example.org/study" in box.accessibleDescription()
    box.reject()


def test_the_link_question_names_its_sign_and_its_buttons(window, qtbot):
    box = dialogs.ask_to_open(window, "https://example.org/study", lambda _url: None)
    qtbot.waitExposed(box)

    assert _unnamed(box) == []
    assert _icon_name(box) == "Question"
    box.reject()


def test_the_email_question_is_called_what_its_title_says(window, qtbot):
    box = dialogs.ask_to_open(window, "mailto:team@example.org", lambda _url: None)
    qtbot.waitExposed(box)

    assert box.accessibleName() == box.windowTitle() == "Write an email?"
    box.reject()


def test_cannot_start_names_its_sign_and_its_buttons(qapp, monkeypatch):
    seen: dict[str, object] = {}

    def read_the_box() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, read_the_box)
            return
        seen["unnamed"] = _unnamed(box)
        seen["sign"] = _icon_name(box)
        box.accept()

    QTimer.singleShot(0, read_the_box)
    start_boxes.tell_cannot_start("The library file is locked.", None)

    assert seen == {"unnamed": [], "sign": "Error"}
