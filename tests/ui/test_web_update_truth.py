"""The window's words for a web update say what is known: a damaged library's download is
its repair, and a `.zip` address's version is not "0". Real HTTP on 127.0.0.1.

Before, a damaged library (an article cell a read calls damaged) checked
against a bundle folder got the cost dialog "42 new summaries, ... Download
now?" for what is a rebuild of the whole library (and "Library updated ...:
42 new summaries" after it), and a `.zip` address's
dialog said "Library version 0.". Now the dialog is "Repair the library",
says the library file is damaged and that all its summaries are downloaded
again, in the words the library notice uses; a ZIP's says no version
until it is known.
"""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from reader.core.config import ClinicConfig
from reader.core.text.update_words import human_bytes
from reader.ui.notice_bar import UPDATE_AVAILABLE
from reader.ui.qt import QApplication, Qt
from reader.ui.update_dialogs import CostDialog

TIMEOUT = 30_000


def damaged_cell(data_dir) -> None:
    """A cell no sync writes, in an article Home does not show."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        row = conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE articles SET key_findings = '[broken' WHERE id = ?", row)
    conn.close()


def cost_dialog(window, qtbot) -> CostDialog:
    web = window.updates.web()
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: isinstance(web.cost_dialog, CostDialog), timeout=TIMEOUT)
    qtbot.waitExposed(web.cost_dialog)
    return web.cost_dialog


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_a_damaged_library_s_cost_dialog_says_repair_not_new_summaries(
    make_window, ui_data_dir, qtbot, signed_site, ui_bundles, scale
):
    damaged_cell(ui_data_dir)
    trusted = ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    window = make_window(ui_data_dir, clinic=trusted)
    window.set_scale(scale)
    window.prefs.update_source = signed_site.url
    dialog = cost_dialog(window, qtbot)

    listed = sum(1 for _ in (ui_bundles.v2_dir / "articles").iterdir())
    question = dialog.question.text()
    assert dialog.windowTitle() == "Repair the library" == dialog.accessibleName()
    assert question.startswith("The library file on this computer is damaged. To repair it, ")
    assert f"all {listed} summaries are downloaded again (" in question
    assert "new summar" not in question
    # Keyboard: Download has the focus, Tab reaches Not now; targets of 44 px or more.
    assert dialog.focusWidget() is dialog.download_button
    qtbot.keyClick(dialog.download_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.not_now_button
    for button in (dialog.download_button, dialog.not_now_button):
        assert button.height() >= 44 and button.width() >= 44
    # The words wrap inside the dialog, never cut: the heading is as tall as they need.
    assert dialog.question.wordWrap()
    assert dialog.question.height() >= dialog.question.heightForWidth(dialog.question.width())
    assert dialog.geometry().right() <= window.screen().availableGeometry().right() + 1
    dialog.reject()  # Not now: the notice stays, in the same words
    notice = window.statusBar().notices.shown(UPDATE_AVAILABLE)
    assert notice is not None and "new summar" not in notice.accessibleName()
    assert "The library file on this computer is damaged" in notice.accessibleName()


def test_the_repair_is_downloaded_and_said_as_a_repair(
    make_window, ui_data_dir, qtbot, signed_site, ui_bundles
):
    damaged_cell(ui_data_dir)
    trusted = ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    window = make_window(ui_data_dir, clinic=trusted)
    window.prefs.update_source = signed_site.url
    dialog = cost_dialog(window, qtbot)
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        dialog.download_button.click()
    listed = sum(1 for _ in (ui_bundles.v2_dir / "articles").iterdir())
    # Not "Library updated to version 2: 5 new summaries": its sync added every one.
    assert blocker.args == [True, f"Library repaired: version 2, {listed} summaries."]
    box = window.updates.web().message_box
    assert box.windowTitle() == "Library repaired"
    box.done(0)
    assert "Library version 2" in window.status_label.text()
    window.commands.check_updates.trigger()  # now sound: nothing to repair
    qtbot.waitUntil(lambda: window.updates.web().job is None, timeout=TIMEOUT)
    assert window.updates.web().cost_dialog is dialog  # no new one
    QApplication.processEvents()


def _signed_zip(signed_site, ui_bundles) -> int:
    """A signed ZIP of version 2 as the site's `library.zip` (the manifest, its signature,
    then every file); its size."""
    folder = ui_bundles.v2_dir
    site = signed_site.server.root
    with zipfile.ZipFile(site / "library.zip", "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.write(folder / "manifest.json", "manifest.json")
        zipped.write(site / "library" / "manifest.sig", "manifest.sig")
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "manifest.json":
                zipped.write(path, path.relative_to(folder).as_posix())
    return (site / "library.zip").stat().st_size


def test_a_zip_address_s_cost_dialog_says_no_version_0(
    make_window, ui_data_dir, qtbot, signed_site, ui_bundles
):
    size = _signed_zip(signed_site, ui_bundles)
    trusted = ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    window = make_window(ui_data_dir, clinic=trusted)
    window.prefs.update_source = signed_site.server.url + "library.zip"
    dialog = cost_dialog(window, qtbot)

    assert (
        dialog.question.text() == f"A new copy of the library, {human_bytes(size)}. Download now?"
    )
    assert dialog.detail.text() == "If the connection drops, the next try goes on where it stopped."
    assert "version" not in dialog.detail.text()  # was "Library version 0."
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        dialog.download_button.click()
    assert blocker.args[0] is True and "version 2" in blocker.args[1]  # known once here
    window.updates.web().message_box.done(0)


def test_a_damaged_library_s_zip_address_offers_the_repair_too(
    make_window, ui_data_dir, qtbot, signed_site, ui_bundles
):
    """A `.zip` address said "A new copy of the library" for what is a repair, while a
    folder address said "Repair the library": the same words now, whatever the source."""
    size = _signed_zip(signed_site, ui_bundles)
    damaged_cell(ui_data_dir)
    trusted = ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    window = make_window(ui_data_dir, clinic=trusted)
    window.prefs.update_source = signed_site.server.url + "library.zip"
    dialog = cost_dialog(window, qtbot)

    assert dialog.windowTitle() == "Repair the library" == dialog.accessibleName()
    assert dialog.question.text() == (
        "The library file on this computer is damaged. To repair it, the whole library "
        f"is downloaded again ({human_bytes(size)}). Download now?"
    )
    assert "new copy" not in dialog.question.text()
    repairs = "Download the library again and repair it"
    assert dialog.download_button.accessibleDescription() == repairs
    dialog.reject()  # Not now: the notice says the same
    notice = window.statusBar().notices.shown(UPDATE_AVAILABLE)
    assert notice is not None and "The library file on this computer is damaged" in (
        notice.accessibleName()
    )
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: window.updates.web().cost_dialog is not dialog, timeout=TIMEOUT)
    again = window.updates.web().cost_dialog
    qtbot.waitExposed(again)
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        again.download_button.click()
    listed = sum(1 for _ in (ui_bundles.v2_dir / "articles").iterdir())
    assert blocker.args == [True, f"Library repaired: version 2, {listed} summaries."]
    window.updates.web().message_box.done(0)
