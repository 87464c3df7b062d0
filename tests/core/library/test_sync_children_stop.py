"""A parsing child stopped part-way (a Ctrl-C in the sync) leaves no thread reading its pipe.

The rows come back through a pipe that a thread empties (children.py,
`_DrainedPipe`). Stopping the child closed that pipe while the thread could
still be about to read it: a sync interrupted there printed "Exception in
thread sync-rows-pipe ... OSError: [Errno 9] Bad file descriptor" above
"interrupted; nothing was changed" (seen once in 120 SIGINTs at random
moments of big first syncs), and the thread could as well have read from
the next file opened under the same number.
"""

from __future__ import annotations

import os
import threading
import time

import pytest

import reader.core.library.children as children
from reader.core.bundle.limits import DEFAULT_LIMITS
from reader.core.bundle.manifest import parse_manifest
from reader.core.bundle.walk import open_bundle, read_manifest_bytes
from tests.bundles import article_text

THREAD = "sync-rows-pipe"


def _articles(count: int) -> dict[str, str]:
    return {
        f"article-{i:04d}": article_text(f"Article {i}", "general", f"Body {i} about ibis.")
        for i in range(count)
    }


def _pipe_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == THREAD]


def test_the_pipe_is_closed_only_once_its_thread_has_stopped(
    monkeypatch: pytest.MonkeyPatch, make_bundle
) -> None:
    monkeypatch.setattr(children, "CHUNK", 5)  # six messages: the child has more to send
    real_read = os.read

    def slow_read(fd: int, size: int) -> bytes:
        # The thread as a busy machine may schedule it: late to each read.
        if threading.current_thread().name == THREAD:
            time.sleep(0.2)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", slow_read)
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)

    bundle = make_bundle(_articles(30), version=1)
    problems: list = []
    with open_bundle(bundle) as container:
        raw = read_manifest_bytes(container, DEFAULT_LIMITS)
        manifest = parse_manifest(raw, problems, DEFAULT_LIMITS)
        assert manifest is not None
        slugs = {c.slug for c in manifest.categories}
        rows = children.rows_in_children(
            str(bundle), container, manifest.articles, slugs, problems, lambda: False
        )
        next(rows)
        rows.close()  # as a Ctrl-C in the sync's loop ends it: the child is stopped

    # failed before: the thread still ran, and then read a closed descriptor
    alive = _pipe_threads()
    for thread in alive:
        thread.join(5)
    assert [f.exc_value for f in failures] == []
    assert alive == []
