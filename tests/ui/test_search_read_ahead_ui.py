"""Focus on the search field starts the vocabulary's read on the helper thread.

The window's thread goes on at once: a read on it would hold the test at `setFocus`.
"""

from __future__ import annotations

import threading

from reader.core.library import search, vocabulary
from reader.ui.context import Location
from reader.ui.models import ArticleIdRole
from tests.ui import library_content as content


def test_focus_starts_the_read_without_blocking_the_window(window, qtbot, monkeypatch):
    monkeypatch.setattr(search, "SPLIT_FROM", 1)  # the test library taken for a big one
    started, gate = threading.Event(), threading.Event()
    threads: list[str] = []
    real = vocabulary._read

    def slow_read(conn):
        threads.append(threading.current_thread().name)
        started.set()
        assert gate.wait(10)  # held until the window has shown it is free
        return real(conn)

    monkeypatch.setattr(vocabulary, "_read", slow_read)
    window.search_field.setFocus()
    qtbot.waitUntil(started.is_set)  # the read is under way...
    window.search_field.setText("still typing")  # ...and the window's thread is free
    assert window.search_field.text() == "still typing"
    assert threads and threads[0].startswith("library-helper")
    gate.set()

    window.search_field.clear()
    qtbot.keyClicks(window.search_field, "zebrafsh")
    qtbot.waitUntil(lambda: window.current_location() == Location("search", "zebrafsh"))
    page = window.pages["search"]
    rows = [page.model.index(r, 0).data(ArticleIdRole) for r in range(page.model.rowCount())]
    assert rows == [content.FULL_ID]
    assert len(threads) == 1  # the search used the words read ahead
