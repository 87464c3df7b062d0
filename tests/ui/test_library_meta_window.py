"""The window starts on a library whose `meta` values were damaged or edited.

Before: an `expires` or `last_synced` blob, or text that is not UTF-8 in any
value, kept the window from starting (a TypeError from the status line's
read; "cannot be used", which no sync repaired). Now a value only shown is
left out (Home is titled with the app's name, the status line says
"Last updated unknown"), and one search or a sync stands on makes the
library damaged: the window starts and says so, as for a bad version.
"""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.identity import DISPLAY_NAME
from reader.ui.context import HOME
from reader.ui.qt import QApplication
from tests.ui import library_content as content
from tests.ui.helpers import current, trouble_notice_text


def set_meta(data_dir, key: str, sql_value: str) -> None:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"INSERT OR REPLACE INTO meta (key, value) VALUES (?, {sql_value})", (key,))
    conn.close()


@pytest.mark.parametrize(
    ("key", "sql_value"),
    [
        ("expires", "x'ff00'"),
        ("last_synced", "x'ff00'"),
        ("title", "CAST(x'ff' AS TEXT)"),
        ("title", "NULL"),
        ("signed", "CAST(x'ff' AS TEXT)"),
        ("created", "CAST(x'ff' AS TEXT)"),  # recorded, never read
    ],
)
def test_a_bad_value_only_shown_is_left_out_and_the_window_reads_on(
    make_window, ui_data_dir, key, sql_value
):
    set_meta(ui_data_dir, key, sql_value)
    window = make_window(ui_data_dir, first_start_import=True)
    QApplication.processEvents()
    assert trouble_notice_text(window) is None
    assert window.current_location() == HOME
    heading = current(window).heading.text()
    assert heading == (DISPLAY_NAME if key == "title" else content.TITLE)
    assert window.status_label.text().startswith("Library version 1 · Last updated ")
    if key == "last_synced":
        assert window.status_label.text().endswith("Last updated unknown")


@pytest.mark.parametrize(
    ("key", "sql_value"),
    [("synonyms", "NULL"), ("manifest_sha256", "x'00'"), ("synonyms", "CAST(x'ff' AS TEXT)")],
)
def test_a_bad_value_search_or_sync_stand_on_is_said_as_damaged(
    make_window, ui_data_dir, key, sql_value
):
    set_meta(ui_data_dir, key, sql_value)
    window = make_window(ui_data_dir, first_start_import=True)
    QApplication.processEvents()
    words = trouble_notice_text(window)
    assert words is not None and "damaged" in words and "Update library" in words
    assert window.status_label.text() == "Library: cannot be read right now"
