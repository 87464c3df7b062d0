"""Notes the personal data file refused, kept in a file of their own when the app ends.

A note the window could not save (a full disk, a file locked by another
program, a read-only or damaged personal data file) stays in the notes box
and in memory while the app runs. When the app ends with such a note, its
text must not end with the process: it is written as a portable personal
data file (the `userdata import` format, so Import brings it back once the
personal data file works again), into the first folder that takes it.
The file is new (never over another) and on disk before this returns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from reader.core.logfile import logger
from reader.core.personal.portable import Note, write_document
from reader.core.timestamps import utc_now

PREFIX = "unsaved-notes-"

_log = logger(__name__)


def set_aside(notes: list[Note], folders: Iterable[Path]) -> Path | None:
    """Write `notes` to a new importable file in the first folder that takes it; None if none."""
    if not notes:
        return None
    stamp = utc_now()
    name = f"{PREFIX}{stamp.replace(':', '').replace('-', '')}-{os.getpid()}.json"
    for folder in folders:
        path = Path(folder) / name
        created = False
        try:
            with open(path, "x", encoding="utf-8") as stream:
                created = True
                write_document(stream, stamp, (), (), [_writable(note) for note in notes])
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as exc:
            _log.warning("could not keep unsaved notes in %s (%s)", path, exc.strerror)
            if created:  # a partial file would read as a broken export
                path.unlink(missing_ok=True)
            continue
        _log.warning("notes that could not be saved are kept in %s (Import reads it)", path)
        return path
    return None


def _writable(note: Note) -> Note:
    """The note as UTF-8 can hold it: a text box can hold half a character (a lone surrogate).

    It becomes U+FFFD, and the rest of the note is kept; without this the file
    could not be written at all. Two halves side by side are the one character.
    """
    text = note.text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return replace(note, text=text) if text != note.text else note
