"""End to end through the window: a signed bundle folder on a real HTTP server on 127.0.0.1.

Menu > Check for updates, the cost dialog, Download, the progress dialog,
the library at version 2; and a second check that finds nothing new. The
real web_update code talks to the server (no stand-ins): only what the
window shows and what the server was asked are checked here.
"""

from __future__ import annotations

import json
import socket
import zipfile

from reader.core.config import ClinicConfig
from reader.core.library.last_check import read_last_check
from reader.core.text.update_words import human_bytes
from reader.ui.update_dialogs import CostDialog

TIMEOUT = 30_000


def changed_bytes(old_zip, new_folder) -> int:
    """The bytes of the new bundle's articles and pages that the old one lacks (by sha256):
    BUNDLE_FORMAT.md, an update downloads only the files whose sha256 differs."""
    with zipfile.ZipFile(old_zip) as old:
        manifest = json.loads(old.read("manifest.json"))
    have = {f["sha256"] for f in manifest["articles"] + manifest.get("pages", [])}
    new = json.loads((new_folder / "manifest.json").read_bytes())
    listed = new["articles"] + new.get("pages", [])
    return sum(f["size"] for f in listed if f["sha256"] not in have)


def test_check_download_and_apply_from_a_real_server(
    make_window, ui_data_dir, qtbot, signed_site, ui_bundles
):
    url, key = signed_site.url, signed_site.key
    window = make_window(ui_data_dir, clinic=ClinicConfig(trusted_keys=(key.public_text,)))
    window.prefs.update_source = url
    web = window.updates.web()
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: isinstance(web.cost_dialog, CostDialog), timeout=TIMEOUT)
    dialog = web.cost_dialog
    cost = human_bytes(changed_bytes(ui_bundles.v1, ui_bundles.v2_dir))
    assert dialog.question.text() == f"3 new summaries, 1 updated, {cost}. Download now?"
    asked_before_yes = len(signed_site.paths())
    # Only the manifest and its signature so far: nothing is downloaded before the yes.
    assert not any("/articles/" in p for p in signed_site.paths())
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        dialog.download_button.click()
    assert blocker.args == [True, "Library updated to version 2: 3 new summaries, 1 updated."]
    assert "Library version 2" in window.status_label.text()
    downloaded = [p for p in signed_site.paths()[asked_before_yes:] if "/articles/" in p]
    assert len(downloaded) == 4  # the 3 new and the 1 changed article, nothing else
    web.message_box.done(0)

    before = len(signed_site.server.requests)
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Your library is up to date.",
                    timeout=TIMEOUT)  # fmt: skip
    asked = signed_site.server.requests[before:]
    assert [r.status for r in asked if "manifest.json" in r.path] == [304]  # a conditional GET


def test_no_server_is_a_calm_line_not_a_dialog(make_window, ui_data_dir, qtbot):
    with socket.socket() as probe:  # a port nobody listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window = make_window(ui_data_dir)
    window.prefs.update_source = f"http://127.0.0.1:{port}/library/"
    window.commands.check_updates.trigger()
    web = window.updates.web()
    qtbot.waitUntil(lambda: web.job is None, timeout=TIMEOUT)
    message = window.statusBar().currentMessage()
    assert message.startswith("Could not reach 127.0.0.1: ")
    assert message.endswith("Your library was not changed; try again when you are online.")
    assert web.message_box is None and web.cost_dialog is None
    assert "Library version 1" in window.status_label.text()
    assert read_last_check(ui_data_dir).result == "offline"
