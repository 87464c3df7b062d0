"""A kiosk whose clinic configuration names a web address: the same two steps as a
file (found in the background, installed between visitors), over real HTTP."""

from __future__ import annotations

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
