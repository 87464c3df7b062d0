"""A screen reader walking the tree while pages change does not crash the app.

Qt 6.11's accessible scroll area (every page has one) answers a request for
a child past the end of its list by reading past the list: the app died of
SIGSEGV in QAccessibleCache::idForObject when a screen reader asked for a
child it had counted before a page change (docs/accessibility.md). The app
runs under Xvfb with its own buses (tests/ui/atspi/session.py);
tests/ui/atspi/stress.py presses Bookmarks and a card through AT-SPI, walks
the tree while the page changes and asks every object for its last child as
counted before the change.
"""

from __future__ import annotations

from tests.ui.test_atspi_tree import copied_library, needs_tools, session_output

ROUNDS = 1


def test_walking_the_tree_while_pages_change_does_not_crash_the_app(tmp_path, ui_bundles):
    needs_tools()
    data = copied_library(tmp_path, ui_bundles)
    counts = session_output("--stress", str(data), str(ROUNDS), "--both", app_stays=True)
    assert counts["rounds"] == ROUNDS
    assert counts["walks"] >= ROUNDS * 4  # the tree was read during every change
    assert counts["stale"] > 100  # and every object asked for its old last child
