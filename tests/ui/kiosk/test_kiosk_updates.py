"""A kiosk's scheduled updates: found while someone reads, installed only at the reset;
a rejected one leaves the library as it was and is recorded and logged for IT."""

from __future__ import annotations

import logging
import shutil

from reader.core.library.last_check import read_last_check
from reader.ui.qt import Qt
from tests.ui import library_content as content
from tests.ui.helpers import go


def settled(window) -> bool:
    return not window.kiosk.updates.busy() and window.kiosk.updates.last is not None


def version(window) -> int:
    return window.library.status().library_version


def someone_reading(window, qtbot) -> None:
    go(window, "article", content.FULL_ID)
    qtbot.keyClick(window, Qt.Key.Key_Tab)  # input: the visit has begun
    assert window.kiosk.watcher.used


def test_an_update_found_while_reading_waits_for_the_reset(make_kiosk, ui_bundles, tmp_path, qtbot):
    usb = tmp_path / "usb" / "sci-reader-library.zip"  # not plugged in yet
    window = make_kiosk(update_source=str(usb), update_check="daily")
    qtbot.waitUntil(lambda: settled(window), timeout=10000)
    assert window.kiosk.updates.last.result == "offline"
    someone_reading(window, qtbot)

    usb.parent.mkdir()
    shutil.copy(ui_bundles.v2, usb)
    window.kiosk.updates.check()  # what the daily timer does
    qtbot.waitUntil(lambda: window.kiosk.updates.pending, timeout=10000)
    qtbot.wait(100)
    assert version(window) == 1  # found, not installed: the reader's page stays
    assert window.current_location().key == content.FULL_ID
    assert window.library.get_article(content.FULL_ID) is not None

    window.kiosk.reset()
    qtbot.waitUntil(lambda: version(window) == 2, timeout=20000)
    qtbot.waitUntil(lambda: "Library version 2" in window.status_label.text(), timeout=5000)
    assert read_last_check(window.data_dir).result == "updated"


def test_a_machine_nobody_uses_installs_it_at_once(make_kiosk, ui_bundles, qtbot):
    window = make_kiosk(update_source=str(ui_bundles.v2), update_check="start")
    qtbot.waitUntil(lambda: version(window) == 2, timeout=20000)
    assert window.current_location().kind == "home"


def test_a_rejected_update_changes_nothing_and_is_logged(
    make_kiosk, ui_bundles, tmp_path, qtbot, caplog
):
    usb = tmp_path / "usb"
    usb.mkdir()
    source = usb / "update.zip"
    window = make_kiosk(update_source=str(source), update_check="daily")
    qtbot.waitUntil(lambda: settled(window), timeout=10000)
    someone_reading(window, qtbot)
    shutil.copy(ui_bundles.rejected, source)  # a newer manifest, a file that does not match it
    window.kiosk.updates.check()
    qtbot.waitUntil(lambda: window.kiosk.updates.pending, timeout=10000)
    with caplog.at_level(logging.WARNING, logger="reader"):
        window.kiosk.reset()
        qtbot.waitUntil(lambda: settled(window) and not window.kiosk.updates.pending, timeout=20000)
        qtbot.waitUntil(lambda: read_last_check(window.data_dir).result == "rejected", timeout=5000)
    assert version(window) == 1
    assert window.library.get_article(content.FULL_ID) is not None
    assert any("rejected" in r.getMessage() for r in caplog.records)
    assert window.kiosk.updates.last.result == "rejected"
