"""Turning a bundle's changed articles into library rows, on a second core when it pays.

Reading, checking and parsing 10,000 articles is a few seconds of pure
Python, and so is writing them to SQLite. A thread cannot overlap the two
(the GIL), so a big sync parses in a child process and streams the rows
back through a pipe while this process writes them. Small syncs stay in
process: starting the child costs more than it saves.
"""

from __future__ import annotations

import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator

from reader.core.article import Article
from reader.core.bundle import iter_articles, open_bundle
from reader.core.errors import Problem
from reader.core.manifest import Entry

PARALLEL_FROM = 2000  # articles; below this the child's start-up is not worth it
CHUNK = 200

Row = dict
Parsed = tuple[Entry, Row | None]


def article_row(article: Article, entry: Entry) -> Row:
    """An article as the values of one library row (JSON for list fields)."""
    data = article.to_json()

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    return {
        **data,
        "path": entry.path,
        "sha256": entry.sha256,
        "size": entry.size,
        "key_findings": dump(article.key_findings),
        "practical_implications": dump(data["practical_implications"]),
        "study_limitations": dump(article.study_limitations),
        "extra_sections": dump(data["extra_sections"]),
        "extra_meta": dump(article.extra_meta),
        "categories": dump(article.categories),
        "search_body": article.search_body(),
    }


def _rows_here(container, entries, slugs, problems, cancelled) -> Iterator[Parsed]:
    for entry, article in iter_articles(container, entries, slugs, problems, cancelled):
        yield entry, (article_row(article, entry) if article is not None else None)


def parsed_rows(
    source: str | os.PathLike[str],
    container,
    entries: list[Entry],
    slugs: set[str],
    problems: list[Problem],
    cancelled: Callable[[], bool],
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, in order; problems appended as found."""
    if len(entries) < PARALLEL_FROM or getattr(sys, "frozen", False):
        yield from _rows_here(container, entries, slugs, problems, cancelled)
        return
    yield from _rows_in_child(str(source), entries, slugs, problems, cancelled)


def _rows_in_child(source, entries, slugs, problems, cancelled) -> Iterator[Parsed]:
    # A fresh interpreter (`python -m reader.core.rows`), not fork: the window
    # calls sync from a thread, and forking a threaded process can deadlock
    # the child; nor multiprocessing's spawn, which re-runs the caller's
    # main module.
    child = subprocess.Popen(
        [sys.executable, "-m", "reader.core.rows"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    by_id = {e.id: e for e in entries}
    try:
        pickle.dump((str(source), entries, slugs), child.stdin)
        child.stdin.close()
        # Drained by a thread as fast as the child writes: a pipe holds only
        # 64 KiB, and a child blocked on a full pipe would not be parsing.
        stream = _DrainedPipe(child.stdout)
        while True:
            if cancelled():
                return
            try:
                kind, payload = pickle.load(stream)
            except EOFError:
                raise RuntimeError("reading the bundle stopped unexpectedly") from None
            if kind == "rows":
                for entry_id, row in payload:
                    yield by_id[entry_id], row
            elif kind == "done":
                problems.extend(Problem(where, message) for where, message in payload)
                return
            else:
                raise RuntimeError(f"reading the bundle failed: {payload}")
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


class _DrainedPipe:
    """A file-like reader over a pipe that a thread empties into memory."""

    def __init__(self, pipe) -> None:
        self._chunks: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._buffer = bytearray()
        self._eof = False
        fd = pipe.fileno()

        def drain() -> None:
            while data := os.read(fd, 1 << 20):  # the GIL is free while it waits
                self._chunks.put(data)
            self._chunks.put(b"")

        threading.Thread(target=drain, name="sync-rows-pipe", daemon=True).start()

    def _fill(self, wanted: int) -> None:
        while len(self._buffer) < wanted and not self._eof:
            data = self._chunks.get()
            if not data:
                self._eof = True
            self._buffer += data

    def read(self, size: int = -1) -> bytes:
        self._fill(size if size >= 0 else 1 << 62)
        size = len(self._buffer) if size < 0 else min(size, len(self._buffer))
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def readline(self) -> bytes:
        while b"\n" not in self._buffer and not self._eof:
            self._fill(len(self._buffer) + 1)
        end = self._buffer.find(b"\n") + 1 or len(self._buffer)
        return self.read(end)


def _child_main(stdin, stdout) -> None:
    """In the child: read and parse every entry, send rows in chunks, then the problems."""
    source, entries, slugs = pickle.load(stdin)
    problems: list[Problem] = []

    def send(message: tuple) -> None:
        pickle.dump(message, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()

    try:
        with open_bundle(source) as container:
            chunk: list[tuple[str, Row | None]] = []
            for entry, row in _rows_here(container, entries, slugs, problems, lambda: False):
                chunk.append((entry.id, row))
                if len(chunk) >= CHUNK:
                    send(("rows", chunk))
                    chunk = []
            if chunk:
                send(("rows", chunk))
        send(("done", [(p.where, p.message) for p in problems]))
    except BrokenPipeError:
        pass  # the parent went away (cancelled, or killed): nobody to tell
    except Exception as exc:  # reported to the parent, which raises it
        send(("error", f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    _child_main(sys.stdin.buffer, sys.stdout.buffer)
