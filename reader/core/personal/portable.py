"""The portable personal data file (`userdata export/import`): reading, checking, writing.

The file comes from anywhere (a USB stick, another clinic), so reading it is
bounded: only regular files, at most MAX_IMPORT_BYTES read, one note at most
MAX_NOTE_BYTES, and text that SQLite can store (no lone surrogates). Writing
streams entry by entry, and a note's text in slices, so that exporting a big
note does not hold several copies of it in memory.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from reader.core.errors import PersonalDataInvalid, SourceError
from reader.core.identity import DISPLAY_NAME
from reader.core.inputs import NotRegularFile, open_regular_file
from reader.core.timestamps import is_iso_timestamp

FORMAT_NAME = "sci-reader-userdata"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # 64 MiB: years of notes, far from a memory problem
MAX_NOTE_BYTES = 1024 * 1024  # 1 MiB of UTF-8: a long book chapter
_SLICE = 64 * 1024  # characters of a note's text escaped at a time
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Bookmark:
    """A saved summary."""

    article_id: str
    title: str
    created: str


@dataclass(frozen=True)
class Feedback:
    """Whether a reader found a summary helpful."""

    article_id: str
    helpful: bool
    updated: str


@dataclass(frozen=True)
class Note:
    """A reader's note on a summary."""

    article_id: str
    title: str
    text: str
    updated: str


def note_too_long(text: str) -> bool:
    """More than MAX_NOTE_BYTES once in UTF-8 (without encoding a short text)."""
    if len(text) * 4 <= MAX_NOTE_BYTES:
        return False
    return len(text) > MAX_NOTE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES


# Reading


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; never reads more than limit + 1.

    Opened through `reader.core.inputs` (without blocking, checked before a
    byte is read), so a device or a named pipe is refused, not read or
    waited on. SourceError (exit 2) if it is missing or not a file,
    PersonalDataInvalid (exit 3) if it is too big.
    """
    try:
        stream = open_regular_file(path)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise SourceError(f"{path}: is a folder, not a {what}") from None
        raise SourceError(
            f"{path}: is not a regular file (a device or a pipe); save it to a file first"
        ) from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from exc
    with stream:
        try:
            if os.fstat(stream.fileno()).st_size > limit:
                raise PersonalDataInvalid(
                    f"{path}: is larger than {_size(limit)}, the limit for a {what}"
                )
            chunks: list[bytes] = []
            total = 0
            while total <= limit:
                chunk = os.read(stream.fileno(), min(1 << 20, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError as exc:
            raise SourceError(f"{path}: cannot be read ({exc.strerror})") from exc
    if total > limit:  # it grew while being read
        raise PersonalDataInvalid(f"{path}: is larger than {_size(limit)}, the limit for a {what}")
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def read_document(path: Path) -> object:
    """The parsed JSON of a personal data file, read with the size bound."""
    raw = read_bounded(Path(path), MAX_IMPORT_BYTES, "personal data file")
    try:
        text = raw.decode("utf-8-sig")
        del raw
        return json.loads(text, parse_constant=_not_json)
    # ValueError: also an integer of more than 4,300 digits, and NaN or Infinity
    except (ValueError, RecursionError) as exc:
        raise PersonalDataInvalid(f"{path}: is not a valid JSON file ({_first_line(exc)})") from exc


def _not_json(name: str) -> object:
    # Python's json reads NaN and Infinity; JSON, and other programs, do not.
    raise ValueError(f"{name} is not a JSON value")


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


# Checking


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
        _require(
            not _SURROGATE.search(article_id),
            f"{key}[{i}].article_id holds an invalid character (a lone surrogate)",
        )
    return value


def _text(item: dict, key: str, label: str) -> str:
    value = item.get(key)
    _require(isinstance(value, str), f"{label}.{key} must be a string")
    _require(
        not _SURROGATE.search(value), f"{label}.{key} holds an invalid character (a lone surrogate)"
    )
    return value


def _stamp(item: dict, key: str, label: str) -> str:
    value = item.get(key)
    _require(is_iso_timestamp(value), f"{label}.{key} must be an ISO 8601 timestamp")
    return value


def _note(n: dict, i: int) -> Note:
    label = f"notes[{i}]"
    text = _text(n, "text", label)
    _require(not note_too_long(text), f"{label}.text is longer than 1 MiB, the limit for one note")
    return Note(n["article_id"], _text(n, "title", label), text, _stamp(n, "updated", label))


def validate_document(document: object) -> tuple[list[Bookmark], list[Feedback], list[Note]]:
    """The entries of a parsed file; PersonalDataInvalid (exit 3) naming the first problem."""
    _require(isinstance(document, dict), "the file must hold a JSON object")
    assert isinstance(document, dict)
    _require(document.get("format") == FORMAT_NAME, f'format must be "{FORMAT_NAME}"')
    version = document.get("format_version")
    _require(
        isinstance(version, int) and not isinstance(version, bool) and version >= 1,
        "format_version must be a positive integer",
    )
    if version > FORMAT_VERSION:
        shown = version if version < 10**6 else "far higher"
        raise PersonalDataInvalid(
            f"the personal data file is format version {shown}, newer than this app "
            f"understands ({FORMAT_VERSION}); please update {DISPLAY_NAME}"
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
    notes = [_note(n, i) for i, n in enumerate(_entries(document, "notes"))]
    for key, entries in (("bookmarks", bookmarks), ("feedback", feedback), ("notes", notes)):
        _once_each(key, entries)
    return bookmarks, feedback, notes


def _once_each(key: str, entries: list[Bookmark] | list[Feedback] | list[Note]) -> None:
    """One entry per article: merging two would leave one of them out without a word."""
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        first = seen.setdefault(entry.article_id, i)
        _require(first == i, f"{key}[{i}].article_id is the same as {key}[{first}]'s (one each)")


# Writing


@dataclass(frozen=True)
class PersonalCounts:
    """How many bookmarks, feedback answers and notes an export wrote or an import merged."""

    bookmarks: int
    feedback: int
    notes: int


def write_document(
    stream: TextIO,
    exported: str,
    bookmarks: Iterable[Bookmark],
    feedback: Iterable[Feedback],
    notes: Iterable[Note],
) -> PersonalCounts:
    """Write the portable file's JSON to `stream`, one entry at a time."""

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    stream.write(f'{{\n  "format": {dumps(FORMAT_NAME)},\n  "format_version": {FORMAT_VERSION},')
    stream.write(f'\n  "exported": {dumps(exported)}')
    counts = []
    sections = (
        ("bookmarks", bookmarks, lambda b: stream.write(dumps(b.__dict__))),
        ("feedback", feedback, lambda f: stream.write(dumps(f.__dict__))),
        ("notes", notes, lambda n: _write_note(stream, n)),
    )
    for key, entries, write in sections:
        stream.write(f',\n  "{key}": [')
        count = 0
        for entry in entries:
            stream.write(",\n    " if count else "\n    ")
            write(entry)
            count += 1
        stream.write("\n  ]" if count else "]")
        counts.append(count)
    stream.write("\n}\n")
    return PersonalCounts(*counts)


def _write_note(stream: TextIO, note: Note) -> None:
    head = json.dumps({"article_id": note.article_id, "title": note.title}, ensure_ascii=False)
    stream.write(head[:-1] + ', "text": "')
    for start in range(0, len(note.text), _SLICE):
        stream.write(json.dumps(note.text[start : start + _SLICE], ensure_ascii=False)[1:-1])
    stream.write(f'", "updated": {json.dumps(note.updated)}}}')
