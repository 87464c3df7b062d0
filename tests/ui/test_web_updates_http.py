"""End to end through the window: a signed bundle folder on a real HTTP server on 127.0.0.1.

Menu > Check for updates, the cost dialog, Download, the progress dialog,
the library at version 2; and a second check that finds nothing new. The
real web_update code talks to the server (no stand-ins): only what the
window shows and what the server was asked are checked here.
"""

from __future__ import annotations

import json
import socket
import time
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


def test_closing_the_window_during_a_trickled_check_does_not_freeze_it(
    make_window, ui_data_dir, qtbot, signed_site
):
    """A host that sends a byte now and then (a failing link, a hostile host): the window's
    Close cancels its check and waits for it, so the cancel must be heard between bytes."""
    # failed before: Close waited for the whole trickle (minutes: the manifest, a byte at a time)
    signed_site.server.behaviour.trickle["/library/manifest.json"] = 0.2
    window = make_window(
        ui_data_dir, clinic=ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    )
    window.prefs.update_source = signed_site.url
    window.commands.check_updates.trigger()
    web = window.updates.web()
    qtbot.waitUntil(lambda: "/library/manifest.json" in signed_site.paths(), timeout=TIMEOUT)
    start = time.monotonic()

    window.close()

    assert time.monotonic() - start < 2
    assert web.job is None or web.job.isFinished()
    assert "Library version 1" in window.status_label.text()


def test_cancel_during_a_trickled_download_ends_it_calmly(
    make_window, ui_data_dir, qtbot, signed_site
):
    window = make_window(
        ui_data_dir, clinic=ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    )
    window.prefs.update_source = signed_site.url
    web = window.updates.web()
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: isinstance(web.cost_dialog, CostDialog), timeout=TIMEOUT)
    for path in signed_site.paths():
        signed_site.server.behaviour.trickle[path] = 0.2
    for name in (signed_site.server.root / "library" / "articles").iterdir():
        signed_site.server.behaviour.trickle[f"/library/articles/{name.name}"] = 0.2
    web.cost_dialog.download_button.click()
    qtbot.waitUntil(lambda: any("/articles/" in p for p in signed_site.paths()), timeout=TIMEOUT)

    with qtbot.waitSignal(window.updates.finished, timeout=3000) as blocker:
        web.download_dialog.cancel_button.click()

    assert blocker.args == [False, "Download cancelled. Your library was not changed."]
    assert "Library version 1" in window.status_label.text()


def test_a_wifi_login_page_says_to_log_in_in_the_status_line(
    make_window, ui_data_dir, qtbot, signed_site
):
    """The window's Update on hotel or clinic Wi-Fi: a calm line that says to log in."""
    page = b"<!DOCTYPE html><html><body>Welcome to Clinic Guest WiFi. Log in.</body></html>"
    for name in ("manifest.json.gz", "manifest.json", "manifest.sig"):
        signed_site.server.behaviour.body[f"/library/{name}"] = page
    window = make_window(
        ui_data_dir, clinic=ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    )
    window.prefs.update_source = signed_site.url
    web = window.updates.web()
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: web.job is None, timeout=TIMEOUT)

    # failed before: "Http://…: a web page came …; nothing was changed. A Wi-Fi network …
    # try again. Your library was not changed; try again when you are online."
    assert window.statusBar().currentMessage() == (
        f"{signed_site.url}manifest.json.gz: a web page came instead of the update's file. A "
        "Wi-Fi network that needs a login first (as in hotels and clinics) does this: open a "
        "web browser, log in or accept its terms, and try again. Your library was not changed."
    )
    assert web.message_box is None and web.cost_dialog is None
    assert "Library version 1" in window.status_label.text()


def test_closing_the_window_while_a_host_says_nothing_does_not_freeze_it(
    make_window, ui_data_dir, qtbot, signed_site
):
    """A host that takes the connection and never answers: Close is heard mid-wait."""
    # failed before: Close waited out the 20 s read time-out (21 s, the window frozen)
    signed_site.server.behaviour.hang = True
    window = make_window(
        ui_data_dir, clinic=ClinicConfig(trusted_keys=(signed_site.key.public_text,))
    )
    window.prefs.update_source = signed_site.url
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: len(signed_site.server.requests) > 0, timeout=TIMEOUT)
    start = time.monotonic()

    window.close()

    assert time.monotonic() - start < 2
    assert read_last_check(ui_data_dir) is None  # a cancel says nothing about the source


def test_a_failure_being_online_would_not_mend_is_not_told_to_wait_for_it(
    make_window, ui_data_dir, qtbot, tmp_path
):
    # failed before: each ended "Your library was not changed; try again when you are online.",
    # the 404 after "Is the update address right?."
    from tests.web_server import WebServer
    from tests.web_tls import server_context

    (tmp_path / "site").mkdir()
    window = make_window(ui_data_dir)
    web = window.updates.web()
    self_signed = server_context(tmp_path / "tls", None)
    for tls, words in [
        (self_signed, "Could not update from 127.0.0.1 safely: its certificate is not trusted "
         "(self-signed certificate). The update address needs a certificate this computer "
         "trusts."),
        (None, "{url}manifest.json: not found on the server (404). Is the update address right?"),
    ]:  # fmt: skip
        with WebServer(tmp_path / "site", tls=tls) as server:
            window.prefs.update_source = server.url
            window.commands.check_updates.trigger()
            qtbot.waitUntil(lambda: web.job is None, timeout=TIMEOUT)
            told = words.format(url=server.url)
            assert window.statusBar().currentMessage() == f"{told} Your library was not changed."
    assert web.message_box is None and web.cost_dialog is None
    assert "Library version 1" in window.status_label.text()
