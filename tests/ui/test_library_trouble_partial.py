"""A library damaged in part: the notice stays until the library really reads again, said once.

A library whose version is not one, or with one damaged table, still answers
some reads (the disclaimer page, the status line, an article) and not others
(Home). Before, any read that worked counted as recovery: with a bad version
the disclaimer's read at start hid the notice and said "The summaries can be
read again." while Home still could not be shown, and the start's three
reads (Home, the status line, the first-start check) said the notice, then
"The summaries still cannot be read" twice, though the reader had done
nothing yet. Now, after damage, only a read of a changed file (a sync's
rebuild) takes the notice away, and each action's failure is said once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.core.library.sync import sync
from reader.ui import notice_bar, status_line
from reader.ui.context import HOME, Location
from reader.ui.library_trouble import AGAIN, LIBRARY_UNREADABLE, STILL
from reader.ui.qt import QApplication, Qt
from tests.ui import library_content as content
from tests.ui.helpers import announcements, current, go, set_prefs

GARBAGE = b"\xa5 not a b-tree page \x5a" * 1000


@pytest.fixture
def heard(monkeypatch) -> list[str]:
    """What screen readers were told (notices and status-line messages)."""
    return announcements(monkeypatch, notice_bar, status_line)


def notice_text(window) -> str | None:
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    return notice.text if notice is not None else None


def set_bad_version(data_dir: Path) -> None:
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        conn.execute("UPDATE meta SET value = 'x' WHERE key = 'library_version'")
    conn.close()


def damage_table(data_dir: Path, table: str) -> None:
    """Overwrite the root page of `table` in the closed library file."""
    path = data_dir / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
    conn.close()
    with open(path, "r+b") as file:
        file.seek((root[0] - 1) * page_size)
        file.write(GARBAGE[:page_size])


def try_again(window, qtbot) -> None:
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    qtbot.mouseClick(notice.action_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_a_bad_version_keeps_the_notice_while_the_disclaimer_reads(
    make_window, ui_data_dir, qtbot, heard, ui_bundles
):
    set_bad_version(ui_data_dir)
    set_prefs(ui_data_dir, acknowledged=False)  # the disclaimer page is read at start
    window = make_window(ui_data_dir, first_start_import=True)
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)  # its page was read
    QApplication.processEvents()
    words = notice_text(window)
    assert words is not None and "damaged" in words  # not hidden by the disclaimer's read
    assert heard.count(words) == 1 and STILL not in heard and AGAIN not in heard
    assert window.status_label.text() == "Library: cannot be read right now"
    window.disclaimer_dialog.accept()

    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)  # Home: still not
    assert heard.count(STILL) == 1 and notice_text(window) == words
    assert AGAIN not in heard

    sync(window.data_dir, ui_bundles.v1)  # sets it aside, rebuilds
    try_again(window, qtbot)
    assert notice_text(window) is None and heard.count(AGAIN) == 1
    assert window.status_label.text().startswith("Library version 1")
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME
    assert current(window).heading.text() == content.TITLE


def test_one_damaged_table_keeps_the_notice_while_other_reads_work(
    make_window, ui_data_dir, qtbot, heard, ui_bundles
):
    """`article_categories` damaged: Home (its categories' counts) cannot be shown,
    the status line and a summary can. Before, the status line's read right after
    Home's failure at start hid the notice and said "can be read again"."""
    damage_table(ui_data_dir, "article_categories")
    window = make_window(ui_data_dir)
    QApplication.processEvents()
    words = notice_text(window)
    assert words is not None and "damaged" in words
    assert window.status_label.text().startswith("Library version 1")  # this read works
    assert heard.count(words) == 1 and AGAIN not in heard and STILL not in heard

    go(window, "article", content.FULL_ID)  # the articles table is sound
    assert current(window).heading.text() == content.FULL_TITLE
    assert notice_text(window) == words and AGAIN not in heard

    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == Location("article", content.FULL_ID)
    assert heard.count(STILL) == 1 and notice_text(window) == words

    sync(window.data_dir, ui_bundles.v2)  # a newer bundle: rebuilt (the damage is found)
    qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    assert window.current_location() == HOME
    assert notice_text(window) is None and heard.count(AGAIN) == 1
