"""The library's `meta` table (what a sync recorded of its bundle), read and checked in one place.

A sync writes eight values there, all text (writer.write_rest, synonyms.py):
the version, the manifest's sha256, the moment of the sync, the library's
title, its `created` (kept, never read) and `expires` moments, whether it
came signed, and the lay-synonym list. The file is on the reader's disk,
though, and may have been damaged or edited, so every value read back is
checked here, never trusted where it is used: a blob or a NULL crashed
`status`, `status --json` and `search` when each reader took it for text,
and text that is not UTF-8 (SQLite keeps any bytes in a TEXT cell) in any
value made the whole table unreadable, which no sync repaired.

Each value gets the rule its use calls for, like the version's (version.py):

- what the sync's rules and search stand on (the version, the manifest's
  sha256, the synonym list) must be what a sync writes, or the library is
  damaged: exit 5, the window's "damaged" notice, and the next sync
  rebuilds it. A version without its digest is damaged too: a sync writes
  both, and one alone made a sync of the same bundle say "its content is
  different" (exit 4).
- what is only shown (the title, the sync's moment, `expires`, `signed`)
  is treated as absent when it is not what a sync writes, as before the
  first sync: a bad title does not keep anyone from reading the summaries.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from reader.core.bundle.limits import DEFAULT_LIMITS
from reader.core.database import fetch_all
from reader.core.library.cells import damaged, shown
from reader.core.library.schema import LABEL
from reader.core.library.version import KEY as VERSION_KEY
from reader.core.library.version import library_version
from reader.core.timestamps import parse_timestamp

# The synonym list's key (synonyms.py writes it): named here, so that reading the
# meta at start does not load the synonym list's parser.
SYNONYMS_KEY = "synonyms"

SHA256_KEY = "manifest_sha256"
SIGNED_KEY = "signed"
_SHA256 = re.compile(r"[0-9a-f]{64}")  # hashlib's hexdigest, as a sync writes it
# Raw bytes and each value's type: a TEXT cell holding bytes that are not
# UTF-8 would make sqlite3 raise for the whole table, not for its one value.
_ROWS = "SELECT CAST(key AS BLOB), typeof(value), CAST(value AS BLOB) FROM meta"


@dataclass(frozen=True)
class LibraryMeta:
    """The checked values; each None when absent (nothing synced yet, or not shown)."""

    version: int | None = None
    manifest_sha256: str | None = None
    last_synced: str | None = None  # an ISO 8601 moment
    title: str | None = None  # never empty
    expires: str | None = None  # an ISO 8601 moment
    signed: bool | None = None
    synonyms: str | None = None  # the list's text as the bundle had it


def read_meta(conn: sqlite3.Connection | None, path: Path) -> LibraryMeta:
    """The library's `meta`, checked (see the module's rules); LibraryUnusable (damaged)
    if a value the sync's rules or search stand on is not one a sync writes."""
    raw = stored_values(fetch_all(conn, _ROWS, (), path, LABEL))
    version = library_version(raw, path)
    digest = raw.get(SHA256_KEY)
    if SHA256_KEY not in raw and version is not None:
        _damaged(path, "manifest digest", "missing", "a sync writes it with the version")
    if SHA256_KEY in raw and not (isinstance(digest, str) and _SHA256.fullmatch(digest)):
        _damaged(path, "manifest digest", shown(digest), "not a sha256")
    synonyms = raw.get(SYNONYMS_KEY)
    if SYNONYMS_KEY in raw and not isinstance(synonyms, str):
        _damaged(path, "synonym list", shown(synonyms), "not text")
    title = _text(raw.get("title"))
    return LibraryMeta(
        version=version,
        manifest_sha256=digest if isinstance(digest, str) else None,
        last_synced=_moment(raw.get("last_synced")),
        title=title if title and len(title) <= DEFAULT_LIMITS.library_title_chars else None,
        expires=_moment(raw.get("expires")),
        signed={"true": True, "false": False}.get(_text(raw.get(SIGNED_KEY)) or ""),
        synonyms=synonyms if isinstance(synonyms, str) else None,
    )


def stored_values(rows: list) -> dict[str, object]:
    """key -> value as stored: text as str (if it is UTF-8), else bytes, None or a number.

    Text that is not UTF-8 comes back as its bytes, like a blob: no rule takes
    bytes for a value. A key that is not UTF-8 is none a sync writes: left out.
    """
    values: dict[str, object] = {}
    for key, kind, data in rows:
        try:
            name = bytes(key).decode("utf-8")
        except (TypeError, UnicodeDecodeError):  # NULL, or not UTF-8
            continue
        value: object = None if data is None else bytes(data)
        if kind == "text":
            with contextlib.suppress(UnicodeDecodeError):  # then its bytes, as a blob's
                value = bytes(data).decode("utf-8")
        elif kind in ("integer", "real"):
            value = int(data) if kind == "integer" else float(data)
        values[name] = value
    return values


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _moment(value: object) -> str | None:
    """An ISO 8601 moment as a sync writes it (bounded: it must parse), else absent."""
    text = _text(value)
    return text if text and len(text) <= 64 and parse_timestamp(text) is not None else None


def _damaged(path: Path, what: str, value: str, why: str) -> NoReturn:
    raise damaged(path, f"its {what} is {value}", why)


__all__ = ["SHA256_KEY", "SIGNED_KEY", "SYNONYMS_KEY", "VERSION_KEY", "LibraryMeta", "read_meta"]
