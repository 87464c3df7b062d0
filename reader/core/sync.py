"""Sync: make the library hold exactly what a bundle holds, all or nothing.

The whole change is one SQLite transaction (BEGIN IMMEDIATE ... COMMIT), so
a rejected bundle, a cancel, an exception or a killed process leaves the old
library, and a commit leaves the new one: WAL journaling makes the commit a
single atomic step on disk. Articles whose sha256 the library already has
are neither read from the bundle nor rewritten, which keeps a re-sync of a
10,000-article library to a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.core.bundle import open_bundle, read_manifest_bytes, read_pages
from reader.core.container import peek_first_zip_entry
from reader.core.database import explain, write_transaction
from reader.core.errors import BundleRejected, LibraryUnusable, Problem, SyncCancelled, SyncRefused
from reader.core.library import LABEL, Library, open_library
from reader.core.manifest import (
    DEFAULT_LIMITS,
    MANIFEST_NAME,
    Limits,
    Manifest,
    parse_manifest,
)
from reader.core.paths import LIBRARY_FILE
from reader.core.rows import parsed_rows

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


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    quick = _quick_up_to_date(Path(data_dir), Path(source), limits)
    if quick is not None:
        progress(1.0, "The library is already up to date")
        return quick
    with open_bundle(source) as container:
        raw = read_manifest_bytes(container, limits)
        library, rebuilding = _open_library_for_sync(Path(data_dir))
        try:
            result = _sync_into(
                library, source, container, raw, allow_downgrade, progress, cancelled, limits
            )
        except BaseException as exc:
            library.close()
            if rebuilding:
                _remove_database(library.path)
            if isinstance(exc, sqlite3.DatabaseError):
                raise explain(exc, library.path, LABEL) from exc
            raise
        library.close()
        if rebuilding:
            _replace_damaged(Path(data_dir), library.path)
        return result


REBUILD_FILE = LIBRARY_FILE + ".rebuild"


def _open_library_for_sync(data_dir: Path) -> tuple[Library, bool]:
    """Open the library, or a fresh one beside it if the library is damaged.

    The library only holds synced content, which the bundle being imported
    brings back in full, and personal data lives in another file, so a
    damaged library can be rebuilt. The rebuild goes into a file of its own
    and replaces the damaged one only once the bundle is in: a rejected
    bundle leaves everything as it was. Returns (library, rebuilding).
    """
    library = None
    try:
        library = open_library(data_dir)
        library.meta()
        return library, False
    except LibraryUnusable as exc:
        if library is not None:
            library.close()
        if not exc.damaged:
            raise
    _remove_database(data_dir / REBUILD_FILE)  # left by an interrupted rebuild
    return open_library(data_dir, file_name=REBUILD_FILE), True


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _replace_damaged(data_dir: Path, rebuilt: Path) -> None:
    """Set the damaged library aside (kept for inspection) and put the rebuild in its place."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        damaged = data_dir / (LIBRARY_FILE + suffix)
        if damaged.exists():
            damaged.rename(data_dir / f"{LIBRARY_FILE}.damaged-{stamp}{suffix}")
    # The rebuild's connection is closed, so its WAL is checkpointed and gone.
    rebuilt.rename(data_dir / LIBRARY_FILE)


def _sync_into(
    library: Library,
    source: str | os.PathLike[str],
    container,
    raw: bytes,
    allow_downgrade: bool,
    progress: ProgressCallback,
    cancelled: Callable[[], bool],
    limits: Limits,
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
        return _apply_bundle(conn, source, container, manifest, problems, progress, cancelled)


def _quick_up_to_date(data_dir: Path, source: Path, limits: Limits) -> SyncResult | None:
    """ "Already up to date", told from a ZIP's first entry without opening the ZIP."""
    if not source.is_file():
        return None
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
    conn, source, container, manifest: Manifest, problems, progress, cancelled
) -> SyncResult:
    """Inside the write transaction: read changed files, write them, finish the library."""
    installed = {
        row[0]: _Installed(*row[1:])
        for row in conn.execute("SELECT id, sha256, categories, added, path, rowid FROM articles")
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
    rows = parsed_rows(source, container, to_read, slugs, problems, cancelled)
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


@dataclass(frozen=True)
class _Installed:
    """What the library holds of an article before the sync."""

    sha256: str
    categories: str  # JSON list
    added: str
    path: str
    rowid: int


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
        _delete_articles(
            self.conn, [self.installed[r["id"]] for r in rows if r["id"] in self.installed]
        )
        self.conn.executemany(
            f"INSERT INTO articles (rowid, {', '.join(_COLUMNS)})"
            f" VALUES (:rowid, {', '.join(':' + c for c in _COLUMNS)})",
            rows,
        )
        self.conn.executemany(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (:rowid, :title, :search_body)",
            rows,
        )
        self.conn.executemany(
            "INSERT INTO article_categories (article_id, slug, position, added, title)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (r["id"], slug, position, r["added"], r["title"])
                for r in rows
                for position, slug in enumerate(json.loads(r["categories"]))
            ],
        )


_COLUMNS = (
    "id", "path", "sha256", "size", "added", "categories", "title", "journal", "year", "doi",
    "published", "evidence_level", "participants", "study_duration",
    "simple_explanation", "key_findings", "research_summary",
    "practical_implications", "study_limitations", "extra_sections", "extra_meta",
)  # fmt: skip


def _delete_articles(conn: sqlite3.Connection, rows: list[_Installed]) -> None:
    rowids = [(r.rowid,) for r in rows]
    conn.executemany("DELETE FROM articles_fts WHERE rowid = ?", rowids)
    conn.executemany(
        "DELETE FROM article_categories WHERE article_id ="
        " (SELECT id FROM articles WHERE rowid = ?)",
        rowids,
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
        "UPDATE article_categories SET added = ? WHERE article_id = ?",
        [(added, article_id) for added, _path, article_id in moved],
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
