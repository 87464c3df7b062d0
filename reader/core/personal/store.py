"""Personal data: bookmarks, "was this helpful?" answers and private notes.

It lives in its own SQLite file, which sync never opens, so no update can
touch it. Each entry is keyed by article id and remembers the article's
title, so an entry about an article later withdrawn still says what it was.
The portable file of the command line contract (`userdata export/import`)
is merged and exported here; its format is checked and written in
`portable`, and the export's target is guarded in `export_file`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

from reader.core.database import (
    connect,
    connect_read_only,
    create_whole,
    fetch_all,
    migrate,
    refuse_newer,
    schema_version,
)
from reader.core.db_errors import explain, refuse_empty
from reader.core.errors import PersonalDataInvalid
from reader.core.paths import LIBRARY_FILE, USERDATA_FILE, read_only_folder
from reader.core.personal.export_file import own_files, write_export
from reader.core.personal.portable import (  # noqa: F401 (the package's public names)
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_IMPORT_BYTES,
    MAX_NOTE_BYTES,
    Bookmark,
    Feedback,
    Note,
    PersonalCounts,
    note_too_long,
    read_document,
    validate_document,
    write_document,
)
from reader.core.timestamps import parse_timestamp, utc_now

LABEL = "personal data"


def _schema_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE bookmarks (article_id TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " created TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE feedback (article_id TEXT PRIMARY KEY, helpful INTEGER NOT NULL,"
        " updated TEXT NOT NULL)"
    )
    conn.execute(
        "CREATE TABLE notes (article_id TEXT PRIMARY KEY, title TEXT NOT NULL,"
        " text TEXT NOT NULL, updated TEXT NOT NULL)"
    )


SCHEMA_STEPS = [_schema_1]


class PersonalData:
    """The personal data file. One instance per thread.

    `read_only` (export): nothing is created or written, so a backup can be
    made from a read-only folder or a full disk; with no file yet, every
    list is empty. With `reopens_for_changes` (the window's store, opened
    read-only on a full disk), a change first opens the file for writing
    (`_writable`).

    `in_memory` (a clinic kiosk): the same tables in a private in-memory
    database; the file is never opened, and `forget_all` starts afresh.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        read_only: bool = False,
        in_memory: bool = False,
        reopens_for_changes: bool = False,
    ):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / USERDATA_FILE
        self.imported: PersonalCounts | None = None  # set once an import is committed
        self.conn: sqlite3.Connection | None = None
        self.in_memory = in_memory
        self.read_only = read_only  # until `_writable` opens it for writing
        self.reopens_for_changes = reopens_for_changes
        self.opened_for_writing: Callable[[], None] | None = None  # the window's notice goes
        if in_memory:
            self.forget_all()
            return
        refuse_empty(self.path, LABEL)
        if read_only and not self.path.exists():
            # Nothing to read: empty tables that refuse every change as read-only
            # (the window, on a read-only folder), never a change that looks saved.
            self.conn = connect(Path(":memory:"), label=LABEL, create=False)
            migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)
            self.conn.execute("PRAGMA query_only = ON")
            return
        if not self.path.exists():
            create_whole(self.path, SCHEMA_STEPS, LABEL)
        self.conn = (connect_read_only if read_only else connect)(self.path, label=LABEL)
        try:
            if read_only:
                refuse_newer(schema_version(self.conn, self.path, LABEL), SCHEMA_STEPS, self.path,
                             LABEL)  # fmt: skip
            else:
                migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    def forget_all(self) -> None:
        """An in-memory store only: drop every entry (the next kiosk visitor starts empty)."""
        assert self.in_memory, "only an in-memory store forgets"
        self.close()
        self.conn = connect(Path(":memory:"), label=LABEL, create=False)
        migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)

    def __enter__(self) -> PersonalData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> None:
        """Before a change: a store opened read-only for want of room is opened for writing.

        So the change is saved once there is room again, as the words say ("free
        some space and try again"), and one the disk still cannot take is refused
        for what is true now (the disk full), never as "read-only". In a read-only
        folder the read-only connection refuses it, in those words.
        """
        if not (self.read_only and self.reopens_for_changes) or read_only_folder(self.data_dir):
            return
        fresh = PersonalData(self.data_dir)  # LibraryUnusable: why it cannot be written
        self.close()
        self.conn, fresh.conn, self.read_only = fresh.conn, None, False
        if self.opened_for_writing is not None:
            self.opened_for_writing()

    def _run(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return fetch_all(self.conn, sql, params, self.path, LABEL)

    def _rows(self, sql: str) -> Iterator[sqlite3.Row]:
        """Rows one at a time (an export need not hold every note at once)."""
        if self.conn is None:
            return
        try:
            # Not `yield from`: an export stopped by a full disk leaves this
            # generator open, and closing it later (the connection closed by
            # then) would close the cursor too, which raises, as "Exception
            # ignored" and a traceback after the command's message.
            for row in self.conn.execute(sql):  # noqa: UP028 (see above)
                yield row
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc

    # Bookmarks
    def add_bookmark(self, article_id: str, title: str, created: str | None = None) -> Bookmark:
        created = created or utc_now()
        self._writable()
        self._run(
            "INSERT INTO bookmarks (article_id, title, created) VALUES (?, ?, ?)"
            " ON CONFLICT(article_id) DO NOTHING",
            (article_id, title, created),
        )
        return self.get_bookmark(article_id)  # type: ignore[return-value]

    def remove_bookmark(self, article_id: str) -> bool:
        existed = self.get_bookmark(article_id) is not None
        self._writable()
        self._run("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))
        return existed

    def get_bookmark(self, article_id: str) -> Bookmark | None:
        rows = self._run(
            "SELECT article_id, title, created FROM bookmarks WHERE article_id = ?", (article_id,)
        )
        return Bookmark(*rows[0]) if rows else None

    def is_bookmarked(self, article_id: str) -> bool:
        return self.get_bookmark(article_id) is not None

    def list_bookmarks(self) -> list[Bookmark]:
        """Newest first."""
        rows = self._run(
            "SELECT article_id, title, created FROM bookmarks"
            " ORDER BY created DESC, rowid DESC"  # same second: the later one first
        )
        return [Bookmark(*r) for r in rows]

    # Feedback
    def set_feedback(self, article_id: str, helpful: bool, updated: str | None = None) -> Feedback:
        updated = updated or utc_now()
        self._writable()
        self._run(
            "INSERT INTO feedback (article_id, helpful, updated) VALUES (?, ?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET helpful = excluded.helpful,"
            " updated = excluded.updated",
            (article_id, int(helpful), updated),
        )
        return Feedback(article_id, helpful, updated)

    def get_feedback(self, article_id: str) -> Feedback | None:
        rows = self._run(
            "SELECT article_id, helpful, updated FROM feedback WHERE article_id = ?", (article_id,)
        )
        return Feedback(rows[0][0], bool(rows[0][1]), rows[0][2]) if rows else None

    def list_feedback(self) -> list[Feedback]:
        rows = self._run("SELECT article_id, helpful, updated FROM feedback ORDER BY article_id")
        return [Feedback(r[0], bool(r[1]), r[2]) for r in rows]

    # Notes
    def set_note(
        self, article_id: str, title: str, text: str, updated: str | None = None
    ) -> Note | None:
        """Save a note; an empty (or blank) text deletes it. At most MAX_NOTE_BYTES."""
        if note_too_long(text):
            raise PersonalDataInvalid(f"the note about {article_id} is longer than 1 MiB")
        self._writable()
        if not text.strip():
            self._run("DELETE FROM notes WHERE article_id = ?", (article_id,))
            return None
        updated = updated or utc_now()
        self._run(
            "INSERT INTO notes (article_id, title, text, updated) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(article_id) DO UPDATE SET title = excluded.title,"
            " text = excluded.text, updated = excluded.updated",
            (article_id, title, text, updated),
        )
        return Note(article_id, title, text, updated)

    def get_note(self, article_id: str) -> Note | None:
        rows = self._run(
            "SELECT article_id, title, text, updated FROM notes WHERE article_id = ?",
            (article_id,),
        )
        return Note(*rows[0]) if rows else None

    def list_notes(self) -> list[Note]:
        """Most recently changed first."""
        rows = self._run(
            "SELECT article_id, title, text, updated FROM notes ORDER BY updated DESC, article_id"
        )
        return [Note(*r) for r in rows]

    # The portable file
    def export_document(self) -> dict:
        return {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "exported": utc_now(),
            "bookmarks": [asdict(b) for b in self.list_bookmarks()],
            "feedback": [asdict(f) for f in self.list_feedback()],
            "notes": [asdict(n) for n in self.list_notes()],
        }

    def export_file(self, path: Path, *, force: bool = False) -> PersonalCounts:
        """Write the portable file: streamed into a temporary file, renamed into place.

        Never over the data folder's own databases; over a file that is not a
        previous export only with `force` (see `export_file.write_export`).
        """
        bookmarks = (Bookmark(*r) for r in self._rows(
            "SELECT article_id, title, created FROM bookmarks ORDER BY created DESC, rowid DESC"
        ))  # fmt: skip
        feedback = (Feedback(r[0], bool(r[1]), r[2]) for r in self._rows(
            "SELECT article_id, helpful, updated FROM feedback ORDER BY article_id"
        ))  # fmt: skip
        notes = (Note(*r) for r in self._rows(
            "SELECT article_id, title, text, updated FROM notes ORDER BY updated DESC, article_id"
        ))  # fmt: skip
        return write_export(
            Path(path),
            lambda stream: write_document(stream, utc_now(), bookmarks, feedback, notes),
            protected=own_files(self.data_dir, (USERDATA_FILE, LIBRARY_FILE)),
            force=force,
        )

    def import_document(self, document: object) -> PersonalCounts:
        """Merge a parsed portable file; PersonalDataInvalid (nothing changed) if invalid.

        A Ctrl-C can land between any two steps. One that lands after the
        commit leaves the import done: `self.imported` then says so, for the
        caller to report, and the KeyboardInterrupt goes on.
        """
        bookmarks, feedback, notes = validate_document(document)
        self._writable()
        assert self.conn is not None, "opened read-only"
        self.imported = None
        counts = [0, 0, 0]
        began = False
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            began = True
            for b in reversed(bookmarks):  # oldest first: ties keep the file's order
                if self.get_bookmark(b.article_id) is None:
                    self.add_bookmark(b.article_id, b.title, b.created)
                    counts[0] += 1
            for f in feedback:
                current = self.get_feedback(f.article_id)
                if current is None or parse_timestamp(f.updated) > parse_timestamp(current.updated):
                    self.set_feedback(f.article_id, f.helpful, f.updated)
                    counts[1] += 1
            for n in notes:
                current_note = self.get_note(n.article_id)
                if current_note is None or parse_timestamp(n.updated) > parse_timestamp(
                    current_note.updated
                ):
                    self.set_note(n.article_id, n.title, n.text, n.updated)
                    counts[2] += 1
            self.conn.execute("COMMIT")
            self.imported = PersonalCounts(*counts)
        except BaseException as exc:
            if self.conn.in_transaction:
                self._rollback()
            elif began and isinstance(exc, KeyboardInterrupt):
                self.imported = PersonalCounts(*counts)  # COMMIT had returned
            if isinstance(exc, sqlite3.DatabaseError):
                raise explain(exc, self.path, LABEL) from exc
            raise
        return self.imported

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")  # type: ignore[union-attr]
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc

    def import_file(self, path: Path) -> PersonalCounts:
        return self.import_document(read_document(Path(path)))
