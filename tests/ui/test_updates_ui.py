"""Updating the library from the window: worker thread, progress, words, refresh."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.library.store import Library
from reader.core.paths import embedded_bundle_path
from reader.ui.context import Location
from reader.ui.qt import QApplication, QMessageBox, QProgressDialog, QPushButton, Qt
from reader.ui.settings import Preferences
from tests.bundles import library_snapshot
from tests.ui import library_content as content
from tests.ui.helpers import current, dispose, go, set_prefs

V2_MESSAGE = "Library updated to version 2: 3 new summaries, 1 updated."
TIMEOUT = 20_000


def run_update(window, qtbot, source: Path):
    """start_update(source) and wait for the controller's `done`; returns its args."""
    controller = window.updates.start(str(source))
    assert controller is window.sync_controller
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    return controller, blocker.args


def latest_titles(window) -> list[str]:
    return [c.accessibleName().split(". ")[0] for c in window.pages["home"].latest_cards]


def test_an_update_is_told_in_words_and_the_home_page_refreshes(window, qtbot, ui_bundles):
    assert "Library version 1" in window.status_label.text()
    controller, (ok, message) = run_update(window, qtbot, ui_bundles.v2)
    assert ok is True
    assert message == V2_MESSAGE
    box = controller.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == V2_MESSAGE
    assert box.windowTitle() == "Library updated"
    assert V2_MESSAGE in window.statusBar().currentMessage()
    # The open view shows the new library.
    assert "Library version 2" in window.status_label.text()
    assert latest_titles(window)[:3] == list(reversed(content.NEW_TITLES.values()))
    assert window.current_location() == Location("home")
    general = [b for b in window.pages["home"].category_buttons if b.text().startswith("General")]
    assert general[0].text() == "General (13)"
    box.button(QMessageBox.StandardButton.Ok).click()
    assert not box.isVisible()


def test_a_damaged_library_s_update_from_a_file_is_said_as_its_repair(
    make_window, ui_data_dir, qtbot, ui_bundles
):
    from tests.ui.test_web_update_truth import damaged_cell

    damaged_cell(ui_data_dir)
    window = make_window(ui_data_dir)
    controller, (ok, message) = run_update(window, qtbot, ui_bundles.v2)
    assert ok is True
    listed = sum(1 for _ in (ui_bundles.v2_dir / "articles").iterdir())
    # failed before: "Library updated to version 2: 5 new summaries", as if all were new
    assert message == f"Library repaired: version 2, {listed} summaries."
    assert controller.message_box.windowTitle() == "Library repaired"
    set_aside = ui_data_dir.glob("library.sqlite3.damaged-*")
    assert len([p for p in set_aside if not p.name.endswith(("-wal", "-shm"))]) == 1


def test_open_category_and_article_refresh_after_an_update(window, qtbot, ui_bundles):
    go(window, "category", "general")
    assert window.pages["category"].count.text() == "10 summaries, newest first"
    run_update(window, qtbot, ui_bundles.v2)
    assert window.current_location() == Location("category", "general")
    assert window.pages["category"].count.text() == "13 summaries, newest first"

    go(window, "article", "filler-05")
    assert current(window).heading.text() == "Filler study 5, revised"
    controller, (ok, _message) = run_update(window, qtbot, ui_bundles.v1)  # older: refused
    assert ok is False and controller.message_box.windowTitle() == "This update was not installed"
    assert current(window).heading.text() == "Filler study 5, revised"
    assert "Library version 2" in window.status_label.text()


def test_the_worker_runs_off_the_window_thread_with_a_progress_dialog(
    window, qtbot, ui_bundles, monkeypatch
):
    from reader.ui import sync_runner

    threads = []
    real_sync = sync_runner.sync

    def recording_sync(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_sync(*args, **kwargs)

    monkeypatch.setattr(sync_runner, "sync", recording_sync)
    controller = window.updates.start(str(ui_bundles.big))
    dialog = controller.dialog
    assert isinstance(dialog, QProgressDialog)
    assert dialog.isVisible() and dialog.windowTitle() == "Updating the library"
    assert dialog.accessibleName() == "Updating the library"
    assert dialog.findChild(QPushButton).text() == "Cancel"
    values = []
    controller.worker.progressed.connect(lambda f, _m: values.append(f))
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args[0] is True
    assert "400 new summaries" in blocker.args[1]
    assert not dialog.isVisible()
    assert controller.worker.isFinished()
    assert threads and threads[0] != threading.get_ident()  # not the window's thread
    assert values == sorted(values)


def test_menu_action_and_ctrl_u_open_a_file_dialog(window, qtbot, ui_bundles, monkeypatch):
    from reader.ui import qt

    asked = []

    def fake_dialog(parent, caption, folder, filters):
        asked.append((parent, caption, filters))
        return str(ui_bundles.v2), filters.split(";;")[0]

    monkeypatch.setattr(qt.QFileDialog, "getOpenFileName", fake_dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and asked[0][0] is window
    assert "*.zip" in asked[0][2]
    with qtbot.waitSignal(window.sync_controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args == [True, V2_MESSAGE]
    window.sync_controller.message_box.done(0)

    window.commands.update_file.trigger()  # the same from the menu
    assert len(asked) == 2
    with qtbot.waitSignal(window.sync_controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args[0] is True and "already up to date" in blocker.args[1]


def test_a_cancelled_file_dialog_changes_nothing(window, monkeypatch):
    from reader.ui import qt

    monkeypatch.setattr(qt.QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    monkeypatch.setattr(qt.QFileDialog, "getExistingDirectory", lambda *a: "")
    window.commands.update_file.trigger()
    window.commands.update_folder.trigger()
    assert window.sync_controller is None


def test_an_update_from_a_folder(window, qtbot, ui_bundles, monkeypatch):
    from reader.ui import qt

    monkeypatch.setattr(qt.QFileDialog, "getExistingDirectory", lambda *a: str(ui_bundles.v2_dir))
    window.commands.update_folder.trigger()
    with qtbot.waitSignal(window.sync_controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args == [True, V2_MESSAGE]


def test_a_rejected_bundle_is_explained_and_changes_nothing(window, qtbot, ui_bundles):
    before = library_snapshot(window.data_dir)
    controller, (ok, _message) = run_update(window, qtbot, ui_bundles.rejected)
    assert ok is False
    box = controller.message_box
    assert box.isVisible()
    assert box.windowTitle() == "This update cannot be used"
    assert "Nothing in your library was changed" in box.text()
    assert "beta-study" in box.text()  # the first problem, in words
    assert "•" in box.text()
    assert box.icon() == QMessageBox.Icon.Warning
    assert library_snapshot(window.data_dir) == before
    assert "Library version 1" in window.status_label.text()
    assert latest_titles(window)[0] == content.LINKS_TITLE  # newest research: 2021


def test_a_folder_that_is_no_bundle_is_explained(window, qtbot, tmp_path):
    before = library_snapshot(window.data_dir)
    controller, (ok, message) = run_update(window, qtbot, tmp_path)
    assert ok is False
    assert controller.message_box.isVisible()
    assert message.endswith(".") and "Traceback" not in message
    assert library_snapshot(window.data_dir) == before


def test_cancel_leaves_the_library_unchanged(window, qtbot, ui_bundles):
    before = library_snapshot(window.data_dir)
    controller = window.updates.start(str(ui_bundles.big))
    controller.cancel()
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args == [False, "The update was cancelled. Nothing was changed."]
    assert controller.message_box.windowTitle() == "Update cancelled"
    assert library_snapshot(window.data_dir) == before
    assert "Library version 1" in window.status_label.text()


def test_the_progress_dialogs_cancel_button_cancels(window, qtbot, ui_bundles):
    before = library_snapshot(window.data_dir)
    controller = window.updates.start(str(ui_bundles.big))
    cancel = controller.dialog.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert controller.worker.cancel_event.is_set()
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args[0] is False
    assert library_snapshot(window.data_dir) == before


def test_escape_on_the_progress_dialog_cancels_the_update(window, qtbot, ui_bundles):
    """Before, Escape hid "Updating the library" and the update went on unseen: a moment
    later "Library updated to version 2: 400 new summaries". Now Escape is Cancel."""
    before = library_snapshot(window.data_dir)
    controller = window.updates.start(str(ui_bundles.big))
    qtbot.waitUntil(controller.dialog.isVisible)
    qtbot.keyClick(controller.dialog, Qt.Key.Key_Escape)
    assert controller.worker.cancel_event.is_set()
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args == [False, "The update was cancelled. Nothing was changed."]
    assert library_snapshot(window.data_dir) == before
    controller.message_box.done(0)


def test_closing_the_window_during_an_update_stops_the_worker(make_window, ui_data_dir, ui_bundles):
    before = library_snapshot(ui_data_dir)
    window = make_window(ui_data_dir)
    controller = window.updates.start(str(ui_bundles.big))
    window.close()
    assert controller.worker.isFinished()
    assert library_snapshot(ui_data_dir) == before


@pytest.fixture
def fresh_dir(qapp, tmp_path) -> Path:
    """A data folder never used: no library, no preferences."""
    return tmp_path / "fresh"


def test_first_start_imports_the_embedded_library_then_shows_the_disclaimer(
    make_window, fresh_dir, qtbot
):
    set_prefs(fresh_dir, acknowledged=False)
    window = make_window(fresh_dir, first_start_import=True)
    qtbot.waitUntil(lambda: window.sync_controller is not None)
    controller = window.sync_controller
    assert controller.worker.source == str(embedded_bundle_path())
    assert controller.dialog.windowTitle() == "Updating the library"  # the same dialog
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    ok, message = blocker.args
    assert ok is True and "new summaries" in message
    assert controller.message_box is None  # quiet: the disclaimer comes instead
    with Library(fresh_dir) as library:
        total = library.count_articles()
    assert total > 10
    assert len(window.pages["home"].latest_cards) == 10
    assert "Library version" in window.status_label.text()

    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    dialog = window.disclaimer_dialog
    assert dialog.isVisible() and dialog.isModal()
    ok_button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "I understand")
    assert QApplication.focusWidget() is ok_button
    qtbot.keyClick(ok_button, Qt.Key.Key_Space)
    assert Preferences(fresh_dir).disclaimer_acknowledged is True
    assert not dialog.isVisible()
    dispose(window)

    again = make_window(fresh_dir, first_start_import=True)
    QApplication.processEvents()
    QApplication.processEvents()
    assert again.disclaimer_dialog is None
    assert again.sync_controller is None  # nothing to import any more
    assert len(again.pages["home"].latest_cards) == 10


def test_first_start_without_import_shows_an_empty_library(make_window, fresh_dir):
    set_prefs(fresh_dir)
    window = make_window(fresh_dir, first_start_import=False)
    QApplication.processEvents()
    assert window.sync_controller is None
    assert window.status_label.text() == "Library: empty"
