"""Reading and parsing a big sync's articles in a child process.

Reading, checking and parsing 10,000 articles is about two seconds of pure
Python, and writing them to SQLite about as long again. Threads cannot
overlap the two (the GIL), so a big sync parses in a child process that
streams the rows back through a pipe, a chunk at a time, while the syncing
process writes them.

One child, not two or more: since the parsing got faster (issue 16) the
child and the writing process take about as long as each other, so a second
child could not finish sooner, and its start-up and its share of the cores
cost more than it gave (benchmarks/README.md, "Full sync against a minimal
importer", second pass: 0.5 s of CPU less for 10,000 articles, and on this
shared two-core machine the wall time follows the CPU time).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from reader.core.bundle.container import Container
from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.manifest import Entry
from reader.core.bundle.walk import open_bundle
from reader.core.bundle.zip_container import ZipContainer
from reader.core.errors import Problem
from reader.core.library.rows import Parsed, Row, children_allowed, rows_here

CHUNK = 200  # articles a message: rows reach the writer soon, at little cost a message
# How long a stopped child's pipe may take to say its end: at once, as the
# child is dead; the bound is for a pipe some other process also holds.
END_WAIT_S = 5.0


class ChildPool:
    """The parsing child, started early, while the caller is still getting ready.

    A child needs about a tenth of a second to start Python and import the
    parser; started as soon as a big first sync is known to be coming, that
    time overlaps the manifest's parsing and the library's creation.
    """

    def __init__(self) -> None:
        self._child = _start_child() if children_allowed() else None

    def take(self) -> subprocess.Popen | None:
        child, self._child = self._child, None
        return child

    def close(self) -> None:
        child = self.take()
        if child is not None:
            _stop(child)

    def __enter__(self) -> ChildPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def rows_in_children(
    source,
    container,
    entries,
    slugs,
    problems,
    cancelled,
    child: subprocess.Popen | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, in order, parsed by a child process.

    `child` is one already started (a ChildPool's), else one is started;
    it is stopped at the end.
    """
    chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
    child = _start_child() if child is None else child
    stream = None
    try:
        _send_work(child, source, container, chunks, slugs, limits)
        stream = _DrainedPipe(child.stdout)
        for chunk in chunks:
            if cancelled():
                return
            rows, chunk_problems = _next_chunk(stream)
            problems.extend(Problem(where, message) for where, message in chunk_problems)
            yield from zip(chunk, rows, strict=True)
    finally:
        _stop(child, stream)


def _stop(child: subprocess.Popen, stream: _DrainedPipe | None = None) -> None:
    if child.poll() is None:
        child.kill()
    child.wait()
    if stream is not None:
        # Its thread may still be about to read: closing the pipe under it
        # printed "Exception in thread sync-rows-pipe ... Bad file descriptor"
        # after a Ctrl-C, or read from whatever file took the number next.
        # The child is dead, so the thread is at the pipe's end at once.
        stream.wait_for_end()
    for pipe in (child.stdin, child.stdout):
        if pipe is not None and not pipe.closed:
            with contextlib.suppress(BrokenPipeError):
                pipe.close()


def _start_child() -> subprocess.Popen:
    # A fresh interpreter (`python -m reader.core.library.children`), not fork: the window
    # calls sync from a thread, and forking a threaded process can deadlock
    # the child; nor multiprocessing's spawn, which re-runs the caller's
    # main module. In a process group of its own (POSIX): a Ctrl-C at the
    # terminal reached the child too, which printed a KeyboardInterrupt
    # traceback above the command's "interrupted"; the parent stops it anyway.
    return subprocess.Popen(
        [sys.executable, "-m", "reader.core.library.children"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        process_group=0 if os.name == "posix" else None,
    )


def _send_work(
    child: subprocess.Popen,
    source: str,
    container: Container,
    chunks: list[list[Entry]],
    slugs: set[str],
    limits: Limits,
) -> None:
    plain = [[tuple(e) for e in chunk] for chunk in chunks]
    # Where each ZIP entry is, so that the child need not read the ZIP's
    # directory again (a fifth of a second for 10,000 entries).
    located = None
    if isinstance(container, ZipContainer):
        located = container.entries([e.path for chunk in chunks for e in chunk])
    message = (source, located, plain, slugs, limits)
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

        self._thread = threading.Thread(target=drain, name="sync-rows-pipe", daemon=True)
        self._thread.start()

    def wait_for_end(self) -> None:
        """Until the thread has read the pipe's end (the child gone): then it may be closed."""
        self._thread.join(END_WAIT_S)

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
        source, located, chunks, slugs, limits = pickle.load(stdin)
    except EOFError:
        return  # started ahead of time, and not needed after all
    except pickle.UnpicklingError:
        return  # the parent was killed while sending the work: nobody to tell

    def send(message: tuple) -> None:
        pickle.dump(message, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()

    try:
        container = open_bundle(source) if located is None else ZipContainer(Path(source), located)
        with container:
            for chunk in chunks:
                problems: list[Problem] = []
                entries = [Entry(*fields) for fields in chunk]
                rows = [
                    row
                    for _e, row in rows_here(container, entries, slugs, problems, _never, limits)
                ]
                send(("chunk", rows, [(p.where, p.message) for p in problems]))
    except BrokenPipeError:
        pass  # the parent went away (cancelled, or killed): nobody to tell
    except Exception as exc:  # reported to the parent, which raises it
        send(("error", f"{type(exc).__name__}: {exc}", []))


def _never() -> bool:
    return False


if __name__ == "__main__":
    _child_main(sys.stdin.buffer, sys.stdout.buffer)
