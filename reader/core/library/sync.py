"""Sync: make the library hold exactly what a bundle holds, all or nothing.

The whole change is one SQLite transaction (BEGIN IMMEDIATE ... COMMIT), so
a rejected bundle, a cancel, an exception or a killed process leaves the old
library, and a commit leaves the new one: WAL journaling makes the commit a
single atomic step on disk. Articles whose sha256 the library already has
are neither read from the bundle nor rewritten, which keeps a re-sync of a
10,000-article library to a fraction of a second.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.core.bundle.container import peek_first_zip_entry
from reader.core.bundle.manifest import (
    DEFAULT_LIMITS,
    MANIFEST_NAME,
    Limits,
    Manifest,
    parse_manifest,
)
from reader.core.bundle.walk import open_bundle, read_manifest_bytes, read_pages
from reader.core.database import explain, write_transaction
from reader.core.errors import BundleRejected, LibraryUnusable, Problem, SyncCancelled, SyncRefused
from reader.core.library.parsing import parsed_rows, uses_children
from reader.core.library.store import LABEL, Library, open_library
from reader.core.paths import LIBRARY_FILE
from reader.core.timestamps import utc_now

if TYPE_CHECKING:
    from reader.core.library.children import ChildPool

ProgressCallback = Callable[[float, str], None]
BATCH = 1000


@dataclass(frozen=True)
class SyncResult:
    result: str  # "updated" or "up-to-date"
    version: int
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0

    def to_json(self) -> dict:
        return {
            "result": self.result,
            "version": self.version,
            "added": self.added,
            "updated": self.updated,
            "withdrawn": self.withdrawn,
            "unchanged": self.unchanged,
        }


def _no_progress(fraction: float, message: str) -> None:
    pass


def sync(
    data_dir: Path,
    source: str | os.PathLike[str],
    *,
    allow_downgrade: bool = False,
    progress: ProgressCallback = _no_progress,
    cancelled: Callable[[], bool] = lambda: False,
    limits: Limits = DEFAULT_LIMITS,
) -> SyncResult:
    """Import the bundle at `source` into the library in `data_dir`.

    Raises SourceError (2), BundleRejected (3), SyncRefused (4),
    LibraryUnusable (5) or SyncCancelled; in each case nothing changed.
    """
    progress(0.0, "Opening the update")
    data_dir = Path(data_dir)
    quick = _quick_up_to_date(data_dir, Path(source), limits)
    if quick is not None:
        progress(1.0, "The library is already up to date")
        return quick
    _remove_stale_builds(data_dir)
    with open_bundle(source) as container, _early_children(data_dir, container) as pool:
        raw = read_manifest_bytes(container, limits)
        library, building = _open_library_for_sync(data_dir)
        try:
            result = _sync_into(
                library, source, container, raw, allow_downgrade, progress, cancelled, limits, pool
            )
            if building:
                library.finish_build()
        except BaseException as exc:
            library.close()
            if building:
                _remove_database(library.path)
            if isinstance(exc, sqlite3.DatabaseError):
                raise explain(exc, library.path, LABEL) from exc
            raise
        library.close()
    if building == _DAMAGED:
        _replace_damaged(data_dir, library.path)
    elif building == _NEW and not _put_in_place(library.path, data_dir / LIBRARY_FILE):
        # Another program made a library while this one was built: sync into that.
        return sync(
            data_dir,
            source,
            allow_downgrade=allow_downgrade,
            progress=progress,
            cancelled=cancelled,
            limits=limits,
        )
    return result


def _early_children(data_dir: Path, container) -> ChildPool | contextlib.nullcontext:
    """Parsing children for a big first sync, started now (see ChildPool)."""
    first = not (data_dir / LIBRARY_FILE).exists()
    if first and uses_children(container.entry_count()):
        from reader.core.library import children

        return children.ChildPool()
    return contextlib.nullcontext()


# Why a sync builds a new file instead of changing the library in place.
_NEW = "new"  # there is no library yet
_DAMAGED = "damaged"  # the library is damaged: rebuilt, then the damaged one set aside
BUILD_SUFFIX = ".build"
STALE_BUILD_SECONDS = 60


def _open_library_for_sync(data_dir: Path) -> tuple[Library, str | None]:
    """The library to sync into, and why it is a new file being built (or None).

    A first sync, and the rebuild of a damaged library, write a file of their
    own that takes the library's name only once it is complete: no one can
    see it half-built, a killed sync leaves no library (or the damaged one)
    as before, and with no one else reading it the file is written without a
    journal, which halves what a 10,000-article first sync writes to disk.

    The library only holds synced content, which the bundle being imported
    brings back in full, and personal data lives in another file, so a
    damaged library can be rebuilt; a rejected bundle leaves it as it was.
    """
    if not (data_dir / LIBRARY_FILE).exists():
        return _start_build(data_dir), _NEW
    library = None
    try:
        library = open_library(data_dir)
        library.meta()
        return library, None
    except LibraryUnusable as exc:
        if library is not None:
            library.close()
        if not exc.damaged:
            raise
    return _start_build(data_dir), _DAMAGED


def _start_build(data_dir: Path) -> Library:
    name = f"{LIBRARY_FILE}.{os.getpid()}-{os.urandom(4).hex()}{BUILD_SUFFIX}"
    return open_library(data_dir, file_name=name, build=True)


def _remove_stale_builds(data_dir: Path) -> None:
    """Delete the files of builds that a killed sync left behind.

    A build in progress holds a lock on its file for its whole run and
    writes to it all the time, so a file that is unlocked and has not been
    written to for a minute is a leftover.
    """
    if not data_dir.is_dir():
        return
    for path in data_dir.glob(f"{LIBRARY_FILE}.*{BUILD_SUFFIX}"):
        try:
            if time.time() - path.stat().st_mtime < STALE_BUILD_SECONDS or _locked(path):
                continue
        except OSError:
            continue
        _remove_database(path)


def _locked(path: Path) -> bool:
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except sqlite3.DatabaseError:
        return False  # not even a database: a build killed at its start
    finally:
        conn.close()
    return False


def _remove_database(path: Path) -> None:
    # Its journal files first: a -wal left without its database could
    # otherwise be read as part of the next file to take that name.
    for suffix in ("-wal", "-shm", "-journal", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _put_in_place(built: Path, library: Path) -> bool:
    """Give a complete new library file the library's name, unless one exists by now.

    A hard link never replaces an existing file, so a library another
    program created meanwhile (and may have open) is left alone: False.
    """
    if not library.exists():
        # A -wal or -shm without its database belongs to no library: left
        # there, SQLite would apply it to this one.
        for suffix in ("-wal", "-shm"):
            Path(f"{library}{suffix}").unlink(missing_ok=True)
    try:
        os.link(built, library)
    except FileExistsError:
        _remove_database(built)
        return False
    except OSError:  # a file system without hard links
        if library.exists():
            _remove_database(built)
            return False
        built.rename(library)
    else:
        built.unlink()
    _sync_directory(library.parent)
    return True


def _sync_directory(directory: Path) -> None:
    """Make a new name in `directory` survive a power cut (POSIX; NTFS journals it)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_damaged(data_dir: Path, rebuilt: Path) -> None:
    """Set the damaged library aside (kept for inspection) and put the rebuild in its place."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for suffix in ("-wal", "-shm", ""):
        damaged = data_dir / (LIBRARY_FILE + suffix)
        if damaged.exists():
            damaged.rename(data_dir / f"{LIBRARY_FILE}.damaged-{stamp}{suffix}")
    rebuilt.rename(data_dir / LIBRARY_FILE)
    _sync_directory(data_dir)


def _sync_into(
    library: Library,
    source: str | os.PathLike[str],
    container,
    raw: bytes,
    allow_downgrade: bool,
    progress: ProgressCallback,
    cancelled: Callable[[], bool],
    limits: Limits,
    pool: ChildPool | None,
) -> SyncResult:
    conn = library.conn
    assert conn is not None
    raw_sha256 = hashlib.sha256(raw).hexdigest()
    # The common case, checked before any lock is taken: nothing new.
    up_to_date = _up_to_date(library, raw_sha256)
    if up_to_date is not None:
        progress(1.0, "The library is already up to date")
        return up_to_date

    problems: list[Problem] = []
    manifest = parse_manifest(raw, problems, limits)
    if manifest is None:
        raise BundleRejected(problems)
    with write_transaction(conn):
        # Checked again under the lock: another sync may have just finished.
        up_to_date = _up_to_date(library, raw_sha256)
        if up_to_date is not None:
            progress(1.0, "The library is already up to date")
            return up_to_date
        _check_version(manifest, _installed_version(library), allow_downgrade)
        return _apply_bundle(conn, source, container, manifest, problems, progress, cancelled, pool)


def _quick_up_to_date(data_dir: Path, source: Path, limits: Limits) -> SyncResult | None:
    """ "Already up to date", told from a ZIP's first entry without opening the ZIP."""
    # peek_first_zip_entry opens regular files only, and says None for any other
    # path, even one the system cannot look up (a name too long): no is_file().
    raw = peek_first_zip_entry(source, MANIFEST_NAME, limits.manifest_bytes)
    if raw is None:
        return None
    try:
        with open_library(data_dir, create=False) as library:
            if library.conn is None:
                return None
            return _up_to_date(library, hashlib.sha256(raw).hexdigest())
    except LibraryUnusable:
        return None  # the full path explains it, or repairs it


def _installed_version(library: Library) -> int | None:
    version = library.meta().get("library_version")
    return int(version) if version else None


def _up_to_date(library: Library, raw_sha256: str) -> SyncResult | None:
    version = _installed_version(library)
    if version is None or library.meta().get("manifest_sha256") != raw_sha256:
        return None
    return SyncResult("up-to-date", version, unchanged=library.count_articles())


def _apply_bundle(
    conn, source, container, manifest: Manifest, problems, progress, cancelled, pool
) -> SyncResult:
    """Inside the write transaction: read changed files, write them, finish the library."""
    installed = {
        row[0]: _Installed(*row)
        for row in conn.execute(
            "SELECT id, sha256, categories, added, path, rowid, title FROM articles"
        )
    }
    slugs = {c.slug for c in manifest.categories}
    to_read = []
    unchanged = []
    for entry in manifest.articles:
        old = installed.get(entry.id)
        if old is not None and old.sha256 == entry.sha256:
            unchanged.append(entry)
        else:
            to_read.append(entry)
    dropped = {row[0] for row in conn.execute("SELECT slug FROM categories")} - slugs
    _check_unchanged(container, unchanged, installed, slugs, problems, dropped)

    total = max(len(to_read), 1)
    listed = {e.id for e in manifest.articles}
    withdrawn = [article_id for article_id in installed if article_id not in listed]
    added = updated = 0
    writer = _ArticleWriter(conn, installed)
    rows = parsed_rows(source, container, to_read, slugs, problems, cancelled, pool)
    for done, (entry, row) in enumerate(rows, start=1):
        if row is not None and not problems:
            writer.put(row)
            if entry.id in installed:
                updated += 1
            else:
                added += 1
        if done % 100 == 0:
            progress(0.9 * done / total, f"Reading summaries: {done} of {len(to_read)}")
    if cancelled():
        raise SyncCancelled("The update was cancelled; the library was not changed")
    pages = read_pages(container, manifest.pages, problems)
    if problems:
        raise BundleRejected(problems)
    progress(0.92, "Saving the library")
    writer.flush()
    _apply_rest(conn, manifest, unchanged, installed, withdrawn, pages)
    if cancelled():
        raise SyncCancelled("The update was cancelled; the library was not changed")
    progress(1.0, "Done")
    return SyncResult(
        "updated",
        manifest.version,
        added=added,
        updated=updated,
        withdrawn=len(withdrawn),
        unchanged=len(unchanged),
    )


def _check_version(manifest: Manifest, installed: int | None, allow_downgrade: bool) -> None:
    if installed is None:
        return
    if manifest.version < installed and not allow_downgrade:
        raise SyncRefused(
            f"the update is version {manifest.version}, older than the library's version "
            f"{installed}; nothing was changed (use --allow-downgrade to go back)"
        )
    if manifest.version == installed:
        raise SyncRefused(
            f"the update is version {manifest.version}, the same as the library, but its "
            "content is different; nothing was changed (the publisher must raise the version)"
        )


def _check_unchanged(container, unchanged, installed, slugs, problems, dropped) -> None:
    """Unchanged articles are not re-read, but must still be in the bundle.

    Their categories are looked at only if the bundle dropped a category the
    library had (`dropped`): otherwise every slug they use still exists.
    """
    for entry in unchanged:
        reason = container.check_entry(entry.path)
        if reason:
            problems.append(Problem(entry.path, reason))
            continue
        declared = container.declared_size(entry.path)
        if declared is not None and declared != entry.size:
            problems.append(
                Problem(entry.path, f"size is {declared} bytes but the manifest says {entry.size}")
            )
        if not dropped:
            continue
        for slug in json.loads(installed[entry.id].categories):
            if slug in dropped:
                problems.append(
                    Problem(
                        entry.path, f"category '{slug}' is not one of the manifest's categories"
                    )
                )


class _Installed(NamedTuple):  # a tuple: one per article in the library, made per sync
    """What the library holds of an article before the sync."""

    id: str
    sha256: str
    categories: str  # JSON list
    added: str
    path: str
    rowid: int
    title: str

    def category_keys(self) -> dict[tuple[str, str, str, str], int]:
        """Its rows in `article_categories`: (slug, added, title, article id) -> position."""
        slugs = json.loads(self.categories)
        return {(slug, self.added, self.title, self.id): i for i, slug in enumerate(slugs)}


class _ArticleWriter:
    """Batched writes of articles and their index rows, inside the caller's transaction.

    Row ids are chosen here (a replaced article keeps its own), so the search
    index is written with plain VALUES: several times faster than deriving
    each index row from the article row with INSERT ... SELECT.
    """

    def __init__(self, conn: sqlite3.Connection, installed: dict[str, _Installed]):
        self.conn = conn
        self.installed = installed
        self.next_rowid = (conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0) + 1
        self.rows: list[dict] = []

    def put(self, row: dict) -> None:
        old = self.installed.get(row["id"])
        if old is not None:
            row["rowid"] = old.rowid
        else:
            row["rowid"] = self.next_rowid
            self.next_rowid += 1
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        replaced = [r for r in rows if r["id"] in self.installed]
        # The index reads a replaced article's old text from its row to take
        # its words out, so that comes first; the row is then updated in
        # place, not deleted and inserted: the index on `id` stays as it is,
        # as does the list-order index when `added` and `title` do.
        self.conn.executemany(
            "DELETE FROM articles_fts WHERE rowid = ?", [(r["rowid"],) for r in replaced]
        )
        self.conn.executemany(
            f"INSERT INTO articles (rowid, {', '.join(_COLUMNS)})"
            f" VALUES (:rowid, {', '.join(':' + c for c in _COLUMNS)})",
            [r for r in rows if r["id"] not in self.installed],
        )
        self.conn.executemany(
            f"UPDATE articles SET {', '.join(f'{c} = :{c}' for c in _COLUMNS if c != 'id')}"
            " WHERE rowid = :rowid",
            replaced,
        )
        self.conn.executemany(
            "INSERT INTO articles_fts (rowid, title, search_summary, search_details)"
            " VALUES (:rowid, :title, :search_summary, :search_details)",
            rows,
        )
        old: dict[tuple[str, str, str, str], int] = {}
        for r in replaced:
            old.update(self.installed[r["id"]].category_keys())
        new = {
            (slug, r["added"], r["title"], r["id"]): position
            for r in rows
            for position, slug in enumerate(r["category_list"])
        }
        # Rows an update leaves as they were (same categories, date and title)
        # are not touched at all.
        self.conn.executemany(
            "DELETE FROM article_categories"
            " WHERE slug = ? AND added = ? AND title = ? AND article_id = ?",
            [key for key in old if key not in new],
        )
        self.conn.executemany(
            "INSERT INTO article_categories (slug, added, title, article_id, position)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET position = excluded.position",
            [(*key, position) for key, position in new.items() if old.get(key) != position],
        )


_COLUMNS = (
    "id", "path", "sha256", "size", "added", "categories", "title", "journal", "year", "doi",
    "published", "evidence_level", "participants", "study_duration",
    "simple_explanation", "key_findings", "research_summary",
    "practical_implications", "study_limitations", "extra_sections", "extra_meta",
    "search_summary", "search_details",
)  # fmt: skip


def _delete_articles(conn: sqlite3.Connection, rows: list[_Installed]) -> None:
    rowids = [(r.rowid,) for r in rows]
    conn.executemany("DELETE FROM articles_fts WHERE rowid = ?", rowids)  # while the text is there
    conn.executemany(
        "DELETE FROM article_categories"
        " WHERE slug = ? AND added = ? AND title = ? AND article_id = ?",
        [key for r in rows for key in r.category_keys()],
    )
    conn.executemany("DELETE FROM articles WHERE rowid = ?", rowids)


def _apply_rest(conn, manifest: Manifest, unchanged, installed, withdrawn, pages) -> None:
    """Categories, withdrawals, unchanged articles' listing fields, pages, metadata."""
    conn.execute("DELETE FROM categories")
    conn.executemany(
        "INSERT INTO categories (slug, name, description, position) VALUES (?, ?, ?, ?)",
        [(c.slug, c.name, c.description, i) for i, c in enumerate(manifest.categories)],
    )
    _delete_articles(conn, [installed[article_id] for article_id in withdrawn])
    # An unchanged file may still have moved or changed its `added` date.
    moved = [
        (e.added, e.path, e.id)
        for e in unchanged
        if (installed[e.id].added, installed[e.id].path) != (e.added, e.path)
    ]
    conn.executemany("UPDATE articles SET added = ?, path = ? WHERE id = ?", moved)
    conn.executemany(
        "UPDATE article_categories SET added = ?"
        " WHERE slug = ? AND added = ? AND title = ? AND article_id = ?",
        [
            (added, *key)
            for added, _path, article_id in moved
            for key in installed[article_id].category_keys()
        ],
    )
    conn.execute("DELETE FROM pages")
    conn.executemany(
        "INSERT INTO pages (id, title, path, sha256, size, body, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (p.entry.id, p.entry.title, p.entry.path, p.entry.sha256, p.entry.size, p.body, i)
            for i, p in enumerate(pages)
        ],
    )
    values = {
        "library_version": str(manifest.version),
        "manifest_sha256": manifest.sha256,
        "last_synced": utc_now(),
        "title": manifest.title or "",
        "created": manifest.created,
        "expires": manifest.expires or "",
    }
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )
