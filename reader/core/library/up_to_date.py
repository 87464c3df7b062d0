"""A sync's first question, "is the library already up to date?", and its cheap answer.

A re-sync of the bundle the library holds is the common case (a clinic's
scheduled check, a person syncing again): it is told from the library's
`meta` (the installed version and the manifest's sha256), and for a ZIP from
its first entries without opening the ZIP (`quick_up_to_date`), so that it
costs a fraction of a second on 10,000 articles. sync.py asks it before
reading the bundle, and again under the sync lock. A library that holds the
bundle but a damaged article cell is not up to date: it is rebuilt, as
every message about such a cell says (cell_scan.py, one query), unless
the file is as a sync left it known sound (sound_stamp.py): then the query,
a quarter to half a second on 10,000 articles, is not run.

An update check that never reads the bundle (a web source's 304, a `.zip`
address's HEAD, a look at a source's manifest alone) asks the same of the
library through `installed_state`: a library that is not known sound
holds nothing the source could be "up to date" with, so the check goes on
to the download and the sync that rebuilds it. Its clean scan is vouched
for as a sync's is (sound_stamp.vouch_scanned): without it, a big library
changed once by anything but a sync was scanned again at every check.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reader.core.bundle.manifest import MANIFEST_NAME, Limits
from reader.core.bundle.signature import SIGNATURE_NAME, Trust, verify_manifest
from reader.core.bundle.zip_format import peek_zip_entries
from reader.core.db_errors import explain
from reader.core.errors import LibraryUnusable
from reader.core.library import sound_stamp
from reader.core.library.cell_scan import damaged_cell
from reader.core.library.cells import article_damage
from reader.core.library.outcome import SyncResult
from reader.core.library.schema import LABEL
from reader.core.library.store import Library, open_library


def quick_up_to_date(
    data_dir: Path, source: Path, limits: Limits, trust: Trust
) -> SyncResult | None:
    """ "Already up to date", told from a ZIP's first entries without opening the ZIP.

    The signature is judged as the full path would: `bundle build` and `bundle
    sign` write it second. Any other second entry reads as unsigned, unless a
    signature is required: then the full path looks through the whole ZIP.
    """
    # peek_zip_entries opens regular files only, and says None for any other
    # path, even one the system cannot look up (a name too long): no is_file().
    names = (MANIFEST_NAME, SIGNATURE_NAME)
    raw, signature = peek_zip_entries(source, names, limits.manifest_bytes)
    if raw is None or (signature is None and trust.required):
        return None
    try:
        with open_library(data_dir, create=False) as library:
            if library.conn is None:
                return None
            result = up_to_date(library, hashlib.sha256(raw).hexdigest())
    except LibraryUnusable:
        return None  # the full path explains it, or repairs it
    if result is not None:
        verify_manifest(raw, signature, trust)
    return result


@dataclass(frozen=True)
class Installed:
    """What an update check may compare: the library's version and manifest sha256,
    both None when it is not known sound; `damaged` tells a damaged library (its
    download is a repair) from no library at all (its download is the first)."""

    version: int | None
    manifest_sha256: str | None
    damaged: bool = False


def installed_state(data_dir: Path) -> tuple[int | None, str | None]:
    """The library's version and manifest sha256 as an update check may compare them.

    (None, None) when there is no library yet, or it is damaged as a whole
    (not SQLite, its `meta`) or in an article cell (`scan_cells`): then
    whatever the source holds is news, and its sync rebuilds the library.
    """
    found = installed(data_dir)
    return found.version, found.manifest_sha256


def installed(data_dir: Path) -> Installed:
    """`installed_state`, and whether the library is damaged (a `.zip` address's check
    says its download is then a repair, as a folder's plan does)."""
    try:
        with open_library(Path(data_dir), create=False, read_only=True) as library:
            if library.conn is None:
                return Installed(None, None)
            meta = library.meta()
            damaged, scanned = scan_cells(library)
            if damaged:
                return Installed(None, None, damaged=True)
    except LibraryUnusable as exc:
        return Installed(None, None, damaged=exc.damaged)
    # Closed: a connection's close may change the files a stamp is of.
    sound_stamp.vouch_scanned(library.path, scanned)
    return Installed(meta.version, meta.manifest_sha256)


def scan_cells(library: Library) -> tuple[bool, sound_stamp.State | None]:
    """Whether an article holds a cell a read would call damaged (a sync then
    rebuilds the library), and the file's state a clean scan found sound, for
    the caller to vouch for once its connection is closed (None: not scanned).

    A file as a sync left it known sound (sound_stamp.py) is not scanned; nor
    is one of an older schema, read as it is: the sync checks it once it has
    migrated it, so a stamp now would vouch for a scan that never ran."""
    assert library.conn is not None
    if library.column("plain_title") != "plain_title":
        return False, None
    if sound_stamp.matches(library.path):
        return False, None
    before = sound_stamp.state(library.path)  # what the scan reads, as the stamp sees it
    try:
        damaged = damaged_cell(library.conn) is not None
    except sqlite3.DatabaseError as exc:
        raise explain(exc, library.path, LABEL) from exc
    return damaged, None if damaged else before


def installed_version(library: Library) -> int | None:
    """LibraryUnusable (damaged) if it is not a version: `sync` then rebuilds the library."""
    return library.meta().version


def up_to_date(library: Library, raw_sha256: str) -> SyncResult | None:
    """ "Already up to date" if the library holds the manifest whose sha256 is given.

    LibraryUnusable (damaged) if it does, but an article holds a cell that a read
    would call damaged (cell_scan.py, the full query): the sync then rebuilds
    the library. Not asked when the sound stamp matches (sound_stamp.py).
    """
    version = installed_version(library)
    if version is None or library.meta().manifest_sha256 != raw_sha256:
        return None
    assert library.conn is not None
    if sound_stamp.matches(library.path):
        return SyncResult("up-to-date", version, unchanged=library.count_articles())
    try:
        refused = damaged_cell(library.conn)
    except sqlite3.DatabaseError as exc:
        raise explain(exc, library.path, LABEL) from exc
    if refused is not None:
        raise article_damage(library.path, refused)
    return SyncResult("up-to-date", version, unchanged=library.count_articles())


# What a library that cannot be written was refused for, when a read may still tell.
UNWRITABLE = ("read-only", "full")


def up_to_date_unwritten(data_dir: Path, raw: bytes, refused: LibraryUnusable) -> SyncResult | None:
    """ "Already up to date", told by reading a library that could not be opened to write.

    On a read-only folder or a full disk the sync cannot change the library,
    but the bundle it holds needs no change: that answer (exit 0) needs only
    a read. None when it cannot be told so (not up to date, damaged, or
    unreadable too): the sync then says why it cannot write (`refused`).
    """
    if refused.reason not in UNWRITABLE:
        return None
    try:
        with open_library(data_dir, create=False, read_only=True) as library:
            if library.conn is None:
                return None
            return up_to_date(library, hashlib.sha256(raw).hexdigest())
    except LibraryUnusable:
        return None  # a damaged one cannot be rebuilt here: why is `refused`
