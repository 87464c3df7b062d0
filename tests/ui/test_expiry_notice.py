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
        assert notice.label.text().startswith(NOTICE)
