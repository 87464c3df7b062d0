"""Personal data: bookmarks, "was this helpful?" answers and private notes.

It lives in its own SQLite file, which sync never opens, so no update can
touch it. Each entry is keyed by article id and remembers the article's
title, so an entry about an article later withdrawn still says what it was.
The portable file of the command line contract (`userdata export/import`)
is read and written here too.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.database import connect, explain, migrate
from reader.core.errors import PersonalDataInvalid, SourceError
from reader.core.paths import USERDATA_FILE
from reader.core.timestamps import is_iso_timestamp, utc_now

LABEL = "personal data"
FORMAT_NAME = "sci-reader-userdata"
FORMAT_VERSION = 1


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


def _instant(timestamp: str) -> datetime:
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00").replace("z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Bookmark:
    article_id: str
    title: str
    created: str


@dataclass(frozen=True)
class Feedback:
    article_id: str
    helpful: bool
    updated: str


@dataclass(frozen=True)
class Note:
    article_id: str
    title: str
    text: str
    updated: str


@dataclass(frozen=True)
class ImportResult:
    bookmarks: int
    feedback: int
    notes: int

    def describe(self) -> str:
        return (
            f"{self.bookmarks} bookmark{'s' * (self.bookmarks != 1)}, "
            f"{self.feedback} feedback answer{'s' * (self.feedback != 1)}, "
            f"{self.notes} note{'s' * (self.notes != 1)} added or updated"
        )


class PersonalData:
    """The personal data file. One instance per thread."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / USERDATA_FILE
        self.conn = connect(self.path, label=LABEL)
        migrate(self.conn, SCHEMA_STEPS, self.path, LABEL)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PersonalData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc

    # Bookmarks
    def add_bookmark(self, article_id: str, title: str, created: str | None = None) -> Bookmark:
        created = created or utc_now()
        self._run(
            "INSERT INTO bookmarks (article_id, title, created) VALUES (?, ?, ?)"
            " ON CONFLICT(article_id) DO NOTHING",
            (article_id, title, created),
        )
        return self.get_bookmark(article_id)  # type: ignore[return-value]

    def remove_bookmark(self, article_id: str) -> bool:
        existed = self.get_bookmark(article_id) is not None
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
        """Save a note; an empty (or blank) text deletes it."""
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

    def export_file(self, path: Path) -> dict:
        """Write the portable file atomically (a temp file renamed into place)."""
        document = self.export_document()
        path = Path(path)
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=".sci-reader-", suffix=".tmp")
        except OSError as exc:
            raise SourceError(f"{path}: cannot be written ({exc.strerror})") from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                json.dump(document, stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            os.replace(tmp, path)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise SourceError(f"{path}: cannot be written ({exc.strerror})") from exc
        return document

    def import_document(self, document: object) -> ImportResult:
        """Merge a parsed portable file; PersonalDataInvalid (nothing changed) if invalid."""
        bookmarks, feedback, notes = validate_document(document)
        counts = [0, 0, 0]
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for b in reversed(bookmarks):  # oldest first: ties keep the file's order
                    if self.get_bookmark(b.article_id) is None:
                        self.add_bookmark(b.article_id, b.title, b.created)
                        counts[0] += 1
                for f in feedback:
                    current = self.get_feedback(f.article_id)
                    if current is None or _instant(f.updated) > _instant(current.updated):
                        self.set_feedback(f.article_id, f.helpful, f.updated)
                        counts[1] += 1
                for n in notes:
                    current_note = self.get_note(n.article_id)
                    if current_note is None or _instant(n.updated) > _instant(current_note.updated):
                        self.set_note(n.article_id, n.title, n.text, n.updated)
                        counts[2] += 1
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path, LABEL) from exc
        return ImportResult(*counts)

    def import_file(self, path: Path) -> ImportResult:
        return self.import_document(read_document(Path(path)))


def read_document(path: Path) -> object:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PersonalDataInvalid(f"{path}: is not a valid JSON file ({exc})") from exc


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise PersonalDataInvalid(f"not a valid personal data file: {message}")


def _entries(document: dict, key: str) -> list[dict]:
    value = document.get(key, [])
    _require(isinstance(value, list), f"'{key}' must be a list")
    for i, item in enumerate(value):
        _require(isinstance(item, dict), f"{key}[{i}] must be an object")
        article_id = item.get("article_id")
        _require(
            isinstance(article_id, str) and article_id.strip() != "",
            f"{key}[{i}].article_id must be a non-empty string",
        )
    return value


def _text(item: dict, key: str, label: str) -> str:
    value = item.get(key)
    _require(isinstance(value, str), f"{label}.{key} must be a string")
    return value


def _stamp(item: dict, key: str, label: str) -> str:
    value = item.get(key)
    _require(is_iso_timestamp(value), f"{label}.{key} must be an ISO 8601 timestamp")
    return value


def validate_document(document: object) -> tuple[list[Bookmark], list[Feedback], list[Note]]:
    _require(isinstance(document, dict), "the file must hold a JSON object")
    assert isinstance(document, dict)
    _require(document.get("format") == FORMAT_NAME, f'format must be "{FORMAT_NAME}"')
    version = document.get("format_version")
    _require(
        isinstance(version, int) and not isinstance(version, bool) and version >= 1,
        "format_version must be a positive integer",
    )
    if version > FORMAT_VERSION:
        raise PersonalDataInvalid(
            f"the personal data file is format version {version}, newer than this app "
            f"understands ({FORMAT_VERSION}); please update SCI Research Reader"
        )
    bookmarks = [
        Bookmark(
            b["article_id"], _text(b, "title", f"bookmarks[{i}]"),
            _stamp(b, "created", f"bookmarks[{i}]"),
        )
        for i, b in enumerate(_entries(document, "bookmarks"))
    ]  # fmt: skip
    feedback = []
    for i, f in enumerate(_entries(document, "feedback")):
        _require(isinstance(f.get("helpful"), bool), f"feedback[{i}].helpful must be true or false")
        feedback.append(
            Feedback(f["article_id"], f["helpful"], _stamp(f, "updated", f"feedback[{i}]"))
        )
    notes = [
        Note(
            n["article_id"], _text(n, "title", f"notes[{i}]"), _text(n, "text", f"notes[{i}]"),
            _stamp(n, "updated", f"notes[{i}]"),
        )
        for i, n in enumerate(_entries(document, "notes"))
    ]  # fmt: skip
    return bookmarks, feedback, notes
