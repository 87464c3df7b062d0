"""The status line's calm "may be out of date" notice for a manifest's `expires` moment."""

from __future__ import annotations

import sqlite3

import pytest

from reader.ui.notice_bar import OUT_OF_DATE

NOTICE = "This library may be out of date"


def set_meta(data_dir, **values: str) -> None:
    """What a sync of a manifest with these values would have recorded."""
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.executemany(
            "UPDATE meta SET value = ? WHERE key = ?", [(v, k) for k, v in values.items()]
        )
    conn.close()


@pytest.mark.parametrize(
    ("expires", "last_synced", "shown"),
    [
        # 23:30 UTC, before the sync, though as text it sorts after it
        ("2090-01-01T00:30:00+01:00", "2089-12-31T23:45:00Z", True),
        # 00:50 UTC, after the sync and after now, though as text it sorts before it
        ("2089-12-31T23:50:00-01:00", "2090-01-01T00:10:00Z", False),
        ("2090-01-01T00:00:00Z", "2089-12-31T00:00:00Z", False),
        ("2020-01-01T00:00:00Z", "2019-12-31T00:00:00Z", True),  # passed since the sync
        ("", "2019-12-31T00:00:00Z", False),
    ],
)
def test_the_notice_compares_moments(make_window, ui_data_dir, expires, last_synced, shown):
    set_meta(ui_data_dir, expires=expires, last_synced=last_synced)
    window = make_window(ui_data_dir)
    assert window.status_label.text().startswith("Library version 1 · Last updated ")
    notice = window.statusBar().notices.shown(OUT_OF_DATE)
    assert (notice is not None and notice.isVisible()) is shown
    if shown:
        assert notice.text.startswith(NOTICE)


def test_the_notice_is_calm_dated_announced_and_never_blocks(
    make_window, ui_data_dir, monkeypatch, qtbot
):
    from reader.ui import notice_bar

    heard = []
    monkeypatch.setattr(notice_bar, "announce", lambda _w, text, **_k: heard.append(text))
    set_meta(ui_data_dir, expires="2026-03-01T00:00:00Z", last_synced="2026-02-01T00:00:00Z")
    window = make_window(ui_data_dir)
    notice = window.statusBar().notices.shown(OUT_OF_DATE)
    words = (
        "This library may be out of date (its publisher set it to be reviewed by 1 March "
        "2026). You can keep reading; check for updates when you can."
    )
    assert notice.text == words
    assert notice.accessibleName() == f"Notice: {words}"
    assert notice.label.toolTip() == words
    # The whole sentence where it fits beside the buttons; else the short form.
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: notice.label.text() == words)
    window.resize(1024, 768)
    window.set_scale(3.0)
    qtbot.waitUntil(lambda: notice.label.text() == "May be out of date (review by 1 March 2026).")
    assert heard == [words]
    assert window.isActiveWindow()  # no dialog: reading goes on
    assert window.navigate(window.current_location())
    # Its button checks for updates (no source yet: the settings open to choose one).
    assert notice.action_button.text() == "Check for updates"
    notice.action_button.click()
    dialog = window.updates.web().settings_dialog
    assert dialog.isVisible()
    dialog.reject()


def test_hidden_by_the_reader_it_stays_hidden_until_it_changes(make_window, ui_data_dir):
    set_meta(ui_data_dir, expires="2026-03-01T00:00:00Z", last_synced="2026-02-01T00:00:00Z")
    window = make_window(ui_data_dir)
    notices = window.statusBar().notices
    notices.shown(OUT_OF_DATE).hide_button.click()
    assert notices.shown(OUT_OF_DATE) is None and not notices.isVisible()
    window.refresh_all()  # as after an update or an import
    assert notices.shown(OUT_OF_DATE) is None
    set_meta(ui_data_dir, expires="2026-04-01T00:00:00Z")
    window.refresh_all()
    assert "1 April 2026" in notices.shown(OUT_OF_DATE).text


def test_in_kiosk_mode_the_notice_has_no_button(make_window, ui_data_dir):
    set_meta(ui_data_dir, expires="2026-03-01T00:00:00Z", last_synced="2026-02-01T00:00:00Z")
    window = make_window(ui_data_dir, kiosk=True)
    notice = window.statusBar().notices.shown(OUT_OF_DATE)
    assert notice is not None and notice.action_button is None
