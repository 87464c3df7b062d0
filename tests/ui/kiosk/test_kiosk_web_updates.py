"""A kiosk whose clinic configuration names a web address: the same two steps as a
file (found in the background, installed between visitors), over real HTTP."""

from __future__ import annotations

import logging
import zipfile

from reader.core.library.last_check import read_last_check


def test_a_kiosk_installs_a_signed_web_update_between_visitors(make_kiosk, signed_site, qtbot):
    window = make_kiosk(
        update_source=signed_site.url,
        update_check="start",
        trusted_keys=(signed_site.key.public_text,),
    )
    # Nobody has used the machine since it started: installed at once.
    qtbot.waitUntil(lambda: window.library.status().library_version == 2, timeout=20000)
    assert any("/articles/" in p for p in signed_site.paths())
    qtbot.waitUntil(lambda: read_last_check(window.data_dir) is not None, timeout=5000)
    assert read_last_check(window.data_dir).result == "updated"
    assert read_last_check(window.data_dir).source == signed_site.url


def test_a_kiosk_refuses_a_web_update_signed_by_an_unknown_key(make_kiosk, signed_site, qtbot):
    window = make_kiosk(update_source=signed_site.url, update_check="start")
    qtbot.waitUntil(lambda: read_last_check(window.data_dir) is not None, timeout=20000)
    assert read_last_check(window.data_dir).result == "rejected"
    assert window.library.status().library_version == 1
    assert not any("/articles/" in p for p in signed_site.paths())


def test_a_kiosk_s_log_says_a_new_version_of_a_zip_address_not_version_0(
    make_kiosk, signed_site, ui_bundles, qtbot, caplog
):
    """A ZIP's version is read once it is downloaded: before, the log said "version 0
    waits to be applied"; now "a new version", and the version once it is applied."""
    folder, site = ui_bundles.v2_dir, signed_site.server.root
    with zipfile.ZipFile(site / "library.zip", "w") as zipped:
        zipped.write(folder / "manifest.json", "manifest.json")
        zipped.write(site / "library" / "manifest.sig", "manifest.sig")
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.name != "manifest.json":
                zipped.write(path, path.relative_to(folder).as_posix())
    url = signed_site.server.url + "library.zip"
    caplog.set_level(logging.INFO, logger="reader")  # what the data folder's log gets
    window = make_kiosk(
        update_source=url, update_check="start", trusted_keys=(signed_site.key.public_text,)
    )
    applied = f"update check of {url}: updated (version 2)"
    # The line is logged on the update's thread after its commit: the library may be
    # seen at version 2 a moment before it is written.
    qtbot.waitUntil(lambda: applied in caplog.text, timeout=20000)
    assert window.library.status().library_version == 2
    log = caplog.text
    assert f"update check of {url}: a new version waits to be applied" in log
    assert "version 0" not in log
