"""Update settings: the source (file, folder or web address) and a proxy, stored or clinic-set."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QStyleOptionFrame

from reader.core.config import ClinicConfig
from reader.ui import screen_fit, update_settings
from reader.ui.qt import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRect,
    QStyle,
    Qt,
)
from reader.ui.settings import Preferences
from reader.ui.update_settings import (
    PROXY_LABEL,
    SET_BY_CLINIC,
    SOURCE_EXAMPLE,
    SOURCE_HINT,
    SOURCE_LABEL,
)
from tests.ui.helpers import title_bar_close

URL = "https://updates.example.org/sci-library/"


def open_settings(window):
    window.commands.update_settings.trigger()
    dialog = window.updates.web().settings_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Update settings"
    return dialog


def test_the_source_and_proxy_are_stored_in_the_preferences(window, qtbot, ui_data_dir):
    dialog = open_settings(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.source_field)
    qtbot.keyClicks(dialog.source_field, URL)
    dialog.proxy_field.setText("http://proxy.example.org:8080")
    qtbot.keyClick(dialog.source_field, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    stored = Preferences(ui_data_dir)  # read back from settings.ini
    assert stored.update_source == URL
    assert stored.update_proxy == "http://proxy.example.org:8080"
    again = open_settings(window)
    assert again.source_field.text() == URL and not again.source_field.isReadOnly()
    again.reject()


def test_fields_are_named_by_their_labels_and_targets_are_large(window):
    dialog = open_settings(window)
    assert dialog.source_field.accessibleName() == SOURCE_LABEL
    assert dialog.proxy_field.accessibleName() == PROXY_LABEL
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert buddies == {dialog.source_field, dialog.proxy_field}
    assert dialog.locked_note.text() == SOURCE_HINT
    assert dialog.source_field.accessibleDescription() == SOURCE_HINT
    for widget in (*dialog.findChildren(QPushButton), dialog.source_field, dialog.proxy_field):
        if widget.isVisible():
            assert widget.height() >= 44 and widget.width() >= 44, widget.accessibleName()
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    names = [b.accessibleName() for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert names == ["Choose a file", "Choose a folder", "Save", "Cancel"]
    dialog.reject()


def test_browse_fills_the_field_with_the_file_chosen(window, monkeypatch, ui_bundles):
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ui_bundles.v2), ""))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(ui_bundles.v2_dir))
    dialog = open_settings(window)
    dialog.file_button.click()
    assert dialog.source_field.text() == str(ui_bundles.v2)
    dialog.folder_button.click()
    assert dialog.source_field.text() == str(ui_bundles.v2_dir)
    dialog.save_button.click()
    assert window.prefs.update_source == str(ui_bundles.v2_dir)


@pytest.mark.parametrize(
    ("field", "text", "why"),
    [
        ("source_field", "ftp://example.org/library/", "A web address must start with https://"),
        ("proxy_field", "proxy.example.org", "A proxy is written like http://"),
    ],
)
def test_a_wrong_address_is_explained_and_not_stored(window, field, text, why):
    dialog = open_settings(window)
    getattr(dialog, field).setText(text)
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and dialog.problem.text().startswith(why)
    assert window.prefs.update_source == "" and window.prefs.update_proxy == ""
    dialog.reject()


def test_a_clinic_source_is_shown_read_only_and_never_replaced(make_window, ui_data_dir):
    clinic = ClinicConfig(update_source=URL, proxy="http://clinic-proxy:3128")
    window = make_window(ui_data_dir, clinic=clinic)
    window.prefs.update_source = "/media/usb/old.zip"
    dialog = open_settings(window)
    assert dialog.source_field.text() == URL and dialog.source_field.isReadOnly()
    assert dialog.proxy_field.text() == "http://clinic-proxy:3128"
    assert dialog.proxy_field.isReadOnly()
    assert dialog.locked_note.isVisible() and dialog.locked_note.text() == SET_BY_CLINIC
    assert dialog.source_field.accessibleDescription() == SET_BY_CLINIC
    assert not dialog.file_button.isVisible() and not dialog.folder_button.isVisible()
    dialog.save_button.click()
    assert window.prefs.update_source == "/media/usb/old.zip"
    assert window.prefs.update_proxy == ""
    web = window.updates.web()
    assert web.source() == URL and web.proxy() == "http://clinic-proxy:3128"


def test_checking_with_no_source_opens_the_settings(window):
    window.commands.check_updates.trigger()
    assert window.statusBar().currentMessage() == update_settings_message()
    assert window.updates.web().settings_dialog.isVisible()
    window.updates.web().settings_dialog.reject()


def update_settings_message() -> str:
    from reader.ui.web_updates import NO_SOURCE

    return NO_SOURCE


def test_the_menu_lists_check_and_settings_under_update_library(window):
    sub = next(a.menu() for a in window.menu.actions() if a.text() == "Update library")
    assert [a.text() for a in sub.actions()] == [
        "Check for updates…",
        "Update library from a file…",
        "Update library from a folder…",
        "Update settings…",
    ]


def test_source_problem_allows_paths_and_web_addresses():
    assert update_settings.source_problem("") is None
    assert update_settings.source_problem("/media/usb/library.zip") is None
    assert update_settings.source_problem("C:\\Library\\update.zip") is None
    assert update_settings.source_problem(URL) is None
    assert update_settings.source_problem("file:///tmp/x") is not None
    assert update_settings.source_problem("http://127.0.0.1:8000/library/") is None
    assert update_settings.source_problem("http://localhost:8000/library/") is None
    assert update_settings.source_problem("http://example.org/library/").endswith(
        "(http:// only for this computer)."
    )


def test_tab_reaches_every_control_in_order_and_escape_cancels(window, qtbot):
    from tests.ui.helpers import tab_cycle

    dialog = open_settings(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.source_field)
    names = [w.accessibleName() for w in tab_cycle(qtbot)]
    assert names == [
        SOURCE_LABEL,
        "Choose a file",
        "Choose a folder",
        PROXY_LABEL,
        "Save",
        "Cancel",
    ]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# The test display's screen (800 px wide), where the example was cut, and a
# 1024x768 laptop's, as screen_fit sees it.
SCREENS = {"test-display": None, "1024x768": (1024, 768)}


def cut_words(dialog) -> list[str]:
    """Words the dialog shows cut: a label's lines past its edges, or a field's
    example cut with "…" (Qt elides a placeholder to the field's text room)."""
    found = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        room = label.contentsRect()
        flags = int(Qt.TextFlag.TextWordWrap | label.alignment())
        wrapped = QRect(0, 0, room.width(), 100_000)
        needs = label.fontMetrics().boundingRect(wrapped, flags, label.text())
        if needs.width() > room.width() or needs.height() > room.height():
            found.append(f"{label.text()!r}: {needs.size()} in {room.size()}")
    for field in dialog.findChildren(QLineEdit):
        if not field.isVisible() or field.text() or not field.placeholderText():
            continue
        option = QStyleOptionFrame()
        field.initStyleOption(option)
        inside = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
        room = inside.marginsRemoved(field.textMargins()).width() - 4  # QLineEdit's own 2 px
        needs = field.fontMetrics().horizontalAdvance(field.placeholderText())
        if needs > room:
            found.append(f"example {field.placeholderText()!r}: {needs} px in {room} px")
    return found


@pytest.mark.parametrize("large_targets", [False, True], ids=["plain", "large-targets"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_words_are_cut_at_300_percent(window, monkeypatch, screen, large_targets):
    """Failed before: on the 800-px test display the example address in the empty
    field showed as "https://example.org/sci…"."""
    if SCREENS[screen] is not None:
        monkeypatch.setattr(screen_fit, "available", lambda _widget: QRect(0, 0, *SCREENS[screen]))
        window.resize(*SCREENS[screen])
    window.prefs.large_targets = large_targets
    window.apply_look()
    window.set_scale(3.0)
    dialog = open_settings(window)
    QApplication.processEvents()
    assert SOURCE_EXAMPLE in dialog.locked_note.text()
    assert cut_words(dialog) == []
    dialog.proxy_field.setText("proxy.example.org")
    dialog.save_button.click()  # the proxy's problem, with its example, shown too
    QApplication.processEvents()
    assert dialog.problem.isVisible() and cut_words(dialog) == []
    dialog.proxy_field.clear()
    assert cut_words(dialog) == []
    dialog.reject()


def _question(dialog, qtbot):
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    return dialog.question


@pytest.mark.parametrize("how", ["escape", "cancel", "title-bar"])
def test_changes_are_not_thrown_away_unasked(window, qtbot, how):
    """Before, Escape, Cancel or the title bar's close dropped a typed address at once,
    silently. Now "Close without saving?" comes first; its default keeps the edits."""
    dialog = open_settings(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.source_field)
    qtbot.keyClicks(dialog.source_field, URL)
    close_it = {
        "escape": lambda: qtbot.keyClick(dialog.source_field, Qt.Key.Key_Escape),
        "cancel": lambda: qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton),
        "title-bar": lambda: title_bar_close(dialog),
    }[how]

    close_it()

    question = _question(dialog, qtbot)
    assert dialog.isVisible() and question.windowTitle() == "Close without saving?"
    assert question.accessibleName() == question.windowTitle()
    assert question.defaultButton().text() == "Keep editing"
    assert question.focusWidget() is question.defaultButton()
    qtbot.keyClick(question.focusWidget(), Qt.Key.Key_Escape)  # keeps editing
    qtbot.waitUntil(lambda: not question.isVisible())
    assert dialog.isVisible() and dialog.source_field.text() == URL
    assert dialog.focusWidget() is dialog.source_field

    close_it()  # asked again; this time the reader means it
    question = _question(dialog, qtbot)
    close = next(b for b in question.buttons() if b.text() == "Close without saving")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.prefs.update_source == ""


def test_nothing_changed_closes_at_once_and_a_kiosk_reset_is_never_stopped(window, qtbot):
    dialog = open_settings(window)
    qtbot.keyClick(dialog.source_field, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.question is None
    changed = open_settings(window)
    changed.proxy_field.setText("http://proxy:3128")
    changed.reject()  # what a kiosk's reset calls: no question in its way
    assert not changed.isVisible() and changed.question is None
    assert window.prefs.update_proxy == ""
