"""A second read connection to the library, on a worker thread of its own.

A search of a big library is split in two queries (see search.py) that run
at the same time, one on the caller's connection and one here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.database import connect, connect_read_only
from reader.core.library.schema import LABEL


class HelperConnection:
    """A read connection to the library that lives on, and is used from, one worker thread.

    sqlite3 connections belong to one thread, and SQLite lets go of the GIL
    while it works, so a query here runs at the same time as one on the
    caller's own connection.
    """

    def __init__(self, path: Path, *, read_only: bool = False):
        from concurrent.futures import ThreadPoolExecutor  # only for a big library

        self._path = path
        self._read_only = read_only
        self._conn: sqlite3.Connection | None = None  # made and used on the worker thread
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-helper")

    def submit(self, sql: str, params: tuple):  # -> Future[list[sqlite3.Row]]
        return self._pool.submit(self._run, sql, params)

    def call(self, job):  # job(connection) -> T; returns Future[T]
        """Run `job` with this thread's connection (e.g. reading the vocabulary early)."""
        return self._pool.submit(lambda: job(self._connection()))

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None and self._read_only:
            self._conn = connect_read_only(self._path, label=LABEL)
        if self._conn is None:
            self._conn = connect(self._path, label=LABEL, create=False, durable=False)
        return self._conn

    def _run(self, sql: str, params: tuple) -> list[sqlite3.Row]:
        return self._connection().execute(sql, params).fetchall()

    def close(self) -> None:
        self._pool.submit(self._close).result()
        self._pool.shutdown(wait=True)

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
