"""Turning a bundle's changed articles into library rows, on other cores when it pays.

Reading, checking and parsing 10,000 articles is about four seconds of pure
Python, and writing them to SQLite about two more. Threads cannot overlap
the two (the GIL), so a big sync parses in child processes that stream the
rows back through pipes while this process writes them. The entries are
dealt out in chunks, in turn, and read back in the same turn, so rows and
problems arrive in the manifest's order however many children there are.
Small syncs stay in process: starting the children costs more than it saves.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.core.article import Article
from reader.core.bundle import iter_articles, open_bundle
from reader.core.container import Container, ZipContainer
from reader.core.errors import Problem
from reader.core.manifest import Entry

PARALLEL_FROM = 2000  # articles; below this the children's start-up is not worth it
CHUNK = 200
# The writing process keeps most of one core busy; two children are faster
# than one even on two cores (measured: the children's parsing is the
# longer half of the work).
CHILDREN = max(2, min(4, (os.cpu_count() or 1) - 1))

_encode_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps builds one per call

Row = dict
Parsed = tuple[Entry, Row | None]


def article_row(article: Article, entry: Entry) -> Row:
    """An article as the values of one library row (JSON for list fields)."""
    data = article.to_json()
    dump = _encode_json
    summary, details = article.search_texts()
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
        "category_list": article.categories,  # saves the writer parsing the JSON back
        "search_summary": summary,
        "search_details": details,
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
    pool: ChildPool | None = None,
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, in order; problems appended as found.

    `pool` holds children started ahead of time; they are used, or stopped.
    """
    if not uses_children(len(entries)):
        if pool is not None:
            pool.close()
        yield from _rows_here(container, entries, slugs, problems, cancelled)
        return
    children = pool.take() if pool is not None else []
    yield from _rows_in_child(str(source), container, entries, slugs, problems, cancelled, children)


def uses_children(articles: int) -> bool:
    """Whether reading this many articles is worth starting child processes."""
    return articles >= PARALLEL_FROM and _children_allowed()


def _children_allowed() -> bool:
    # A frozen app (PyInstaller) has no `python -m` to start.
    return not getattr(sys, "frozen", False)


class ChildPool:
    """Parsing children started early, while the caller is still getting ready.

    A child needs about a fifth of a second to start Python and import the
    parser; started as soon as a big first sync is known to be coming, that
    time overlaps the manifest's parsing and the library's creation.
    """

    def __init__(self, count: int = CHILDREN):
        self._children = [_start_child() for _ in range(count)] if _children_allowed() else []

    def take(self) -> list[subprocess.Popen]:
        children, self._children = self._children, []
        return children

    def close(self) -> None:
        _stop(self.take())

    def __enter__(self) -> ChildPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _rows_in_child(
    source, container, entries, slugs, problems, cancelled, children: list[subprocess.Popen]
) -> Iterator[Parsed]:
    chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
    count = min(CHILDREN, len(chunks))
    try:
        while len(children) < count:
            children.append(_start_child())
        _stop(children[count:])
        del children[count:]
        for k, child in enumerate(children):  # all are starting up meanwhile
            _send_work(child, source, container, chunks[k::count], slugs)
        streams = [_DrainedPipe(child.stdout) for child in children]
        for number, chunk in enumerate(chunks):
            if cancelled():
                return
            rows, chunk_problems = _next_chunk(streams[number % count])
            problems.extend(Problem(where, message) for where, message in chunk_problems)
            yield from zip(chunk, rows, strict=True)
    finally:
        _stop(children)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.kill()
        child.wait()
        for pipe in (child.stdin, child.stdout):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(BrokenPipeError):
                    pipe.close()


def _start_child() -> subprocess.Popen:
    # A fresh interpreter (`python -m reader.core.rows`), not fork: the window
    # calls sync from a thread, and forking a threaded process can deadlock
    # the child; nor multiprocessing's spawn, which re-runs the caller's
    # main module.
    return subprocess.Popen(
        [sys.executable, "-m", "reader.core.rows"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


def _send_work(
    child: subprocess.Popen,
    source: str,
    container: Container,
    chunks: list[list[Entry]],
    slugs: set[str],
) -> None:
    plain = [[tuple(e) for e in chunk] for chunk in chunks]
    # Where each ZIP entry is, so that the child need not read the ZIP's
    # directory again (a fifth of a second for 10,000 entries).
    located = None
    if isinstance(container, ZipContainer):
        located = container.entries([e.path for chunk in chunks for e in chunk])
    message = (source, located, plain, slugs)
    pickle.dump(message, child.stdin, protocol=pickle.HIGHEST_PROTOCOL)
    child.stdin.close()


def _next_chunk(stream: _DrainedPipe) -> tuple[list[Row | None], list[tuple[str, str]]]:
    try:
        kind, rows, chunk_problems = pickle.load(stream)
    except EOFError:
        raise RuntimeError("reading the bundle stopped unexpectedly") from None
    if kind != "chunk":
        raise RuntimeError(f"reading the bundle failed: {rows}")
    return rows, chunk_problems


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
    """In a child: read and parse each chunk of entries, send its rows and problems."""
    try:
        source, located, chunks, slugs = pickle.load(stdin)
    except EOFError:
        return  # started ahead of time, and not needed after all

    def send(message: tuple) -> None:
        pickle.dump(message, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()

    try:
        container = open_bundle(source) if located is None else ZipContainer(Path(source), located)
        with container:
            for chunk in chunks:
                problems: list[Problem] = []
                entries = [Entry(*fields) for fields in chunk]
                rows = [row for _e, row in _rows_here(container, entries, slugs, problems, _never)]
                send(("chunk", rows, [(p.where, p.message) for p in problems]))
    except BrokenPipeError:
        pass  # the parent went away (cancelled, or killed): nobody to tell
    except Exception as exc:  # reported to the parent, which raises it
        send(("error", f"{type(exc).__name__}: {exc}", []))


def _never() -> bool:
    return False


if __name__ == "__main__":
    _child_main(sys.stdin.buffer, sys.stdout.buffer)
