"""Two programs opening a library of an older schema at the same moment.

Each read the schema version, then ran the missing steps: the second to
get the write lock ran step 3 again on a file that had it already, and
failed ("no such column: title", exit 5). The version is now read again
once the write lock is held, and a step another program ran is skipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.database import connect, migrate
from reader.core.library.schema import LABEL, SCHEMA_STEPS
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import INSTALLED_ARTICLES, bundle_spec
from tests.core.library.old_schema import back_to_schema_2


class _OvertakenAfterReading:
    """A connection on which another program migrates the file just after this
    one has read its version (and before this one takes the write lock)."""

    def __init__(self, conn: sqlite3.Connection, other: sqlite3.Connection, path: Path):
        self._conn, self._other, self._path = conn, other, path
        self.overtaken = False

    def execute(self, sql: str, *params):
        cursor = self._conn.execute(sql, *params)
        if sql == "PRAGMA user_version" and not self.overtaken:
            version = cursor.fetchone()[0]
            self.overtaken = True
            migrate(self._other, SCHEMA_STEPS, self._path, LABEL)
            return _Rows([(version,)])
        return cursor


class _Rows:
    def __init__(self, rows: list[tuple]):
        self._rows = rows

    def fetchone(self) -> tuple:
        return self._rows[0]


def test_a_migration_overtaken_by_another_program_skips_the_steps_it_ran(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    sync(data_dir, bundle_spec(INSTALLED_ARTICLES).write(tmp_path / "bundle", "dir"))
    path = data_dir / "library.sqlite3"
    back_to_schema_2(path)
    first = connect(path, label=LABEL, durable=False)
    second = connect(path, label=LABEL, durable=False)
    try:
        late = _OvertakenAfterReading(second, first, path)
        migrate(late, SCHEMA_STEPS, path, LABEL)  # type: ignore[arg-type]
        assert late.overtaken
        assert second.execute("PRAGMA user_version").fetchone()[0] == len(SCHEMA_STEPS)
    finally:
        first.close()
        second.close()
    with open_library(data_dir, create=False) as library:
        assert [c.articles for c in library.categories() if c.articles] == [1, 1]
        assert sorted(a.id for a in library.list_articles("pain")) == ["delta-study"]
        rows = library.conn.execute("SELECT count(*) FROM article_categories").fetchone()[0]
        assert rows == len(INSTALLED_ARTICLES)
