"""Sync: make the library hold exactly what a bundle holds, all or nothing.

The whole change is one SQLite transaction (BEGIN IMMEDIATE ... COMMIT), so
a rejected bundle, a cancel, an exception or a killed process leaves the old
library, and a commit leaves the new one: WAL journaling makes the commit a
single atomic step on disk. Articles whose sha256 the library already has
are neither read from the bundle nor rewritten, which keeps a re-sync of a
10,000-article library to a fraction of a second. A first sync, or the
rebuild of a damaged library, writes a new file instead (see placing.py);
either way the change is made under the sync lock (lock.py). This module
decides what changes and checks that it may; writer.py writes the rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.bundle.container import Container
from reader.core.bundle.manifest import DEFAULT_LIMITS, Limits, Manifest, parse_manifest
from reader.core.bundle.signature import Trust, shipped_keys, verify_manifest
from reader.core.bundle.walk import (
    open_bundle,
    read_manifest_bytes,
    read_pages,
    read_signature_bytes,
    read_synonyms,
)
from reader.core.database import write_transaction
from reader.core.db_errors import explain
from reader.core.errors import BundleRejected, LibraryUnusable, Problem, SyncCancelled, SyncRefused
from reader.core.library import placing, sound_stamp
from reader.core.library.cell_scan import damaged_cell
from reader.core.library.cells import CellError, article_damage
from reader.core.library.lock import sync_lock
from reader.core.library.outcome import SyncResult, SyncWatch
from reader.core.library.parsing import parsed_rows, uses_children
from reader.core.library.schema import LABEL
from reader.core.library.store import Library
from reader.core.library.synonyms import store_synonyms
from reader.core.library.up_to_date import (
    installed_version,
    quick_up_to_date,
    up_to_date,
    up_to_date_unwritten,
)
from reader.core.library.writer import ArticleWriter, read_installed, write_rest
from reader.core.paths import LIBRARY_FILE

if TYPE_CHECKING:
    from reader.core.library.children import ChildPool

ProgressCallback = Callable[[float, str], None]


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
    watch: SyncWatch | None = None,
    rebuild_damaged: bool = True,
    trust: Trust | None = None,
    open_source: Callable[[str | os.PathLike[str]], Container] = open_bundle,
) -> SyncResult:
    """Import the bundle at `source` into the library in `data_dir`.

    Raises SourceError (2), BundleRejected (3), SyncRefused (4),
    LibraryUnusable (5) or SyncCancelled; in each case nothing changed.
    A damaged library is set aside and rebuilt from the bundle (placing.py);
    `rebuild_damaged=False` reports damage found while syncing in place instead.
    After a KeyboardInterrupt, `watch.completed()` tells whether it did.
    `trust` holds the keys a `manifest.sig` must verify against and whether
    an unsigned bundle is refused (signature.py); a signature is checked
    before anything is read beyond the manifest. None: the app's own keys,
    unsigned accepted (a local source with no clinic configuration).
    `open_source` opens the bundle (a web update's vouches for unchanged files).
    """
    trust = Trust(shipped_keys()) if trust is None else trust
    watch = SyncWatch() if watch is None else watch
    progress(0.0, "Opening the update")
    data_dir = Path(data_dir)
    quick = quick_up_to_date(data_dir, Path(source), limits, trust)
    if quick is not None:
        sound_stamp.vouch(data_dir / LIBRARY_FILE)
        progress(1.0, "The library is already up to date")
        return quick
    placing.remove_stale_builds(data_dir)
    with open_source(source) as container, _early_children(data_dir, container) as pool:
        raw = read_manifest_bytes(container, limits)
        signed = verify_manifest(raw, read_signature_bytes(container), trust)
        try:
            library, building = placing.open_library_for_sync(data_dir)
        except LibraryUnusable as exc:
            # Nothing to write (a read-only folder, a full disk) needs no writing.
            already = up_to_date_unwritten(data_dir, raw, exc)
            if already is None:
                raise
            progress(1.0, "The library is already up to date")
            return already

        def run() -> SyncResult:
            return _sync_and_close(
                library, building, source, container, raw, allow_downgrade, progress, cancelled,
                limits, pool, watch, signed,
            )  # fmt: skip

        try:
            result = run()
        except LibraryUnusable as exc:
            # Damage that opening the library did not see (it reads only
            # `meta`), found by the sync in place, which rolled back: the
            # library is rebuilt as if the opening had seen it.
            if building or not exc.damaged or not rebuild_damaged:
                raise
            watch.target = watch.result = None
            library, building = placing.start_build(data_dir), placing.DAMAGED
            result = run()
    if building == placing.DAMAGED:
        in_place = placing.replace_damaged(data_dir, library.path)
    elif building == placing.NEW:
        in_place = placing.put_in_place(library.path, data_dir / LIBRARY_FILE)
    else:
        in_place = True
    if not in_place:
        # Another program made or repaired the library while this one was
        # built: sync into that, under the version rules.
        watch.target = watch.result = None  # the build was not saved
        return sync(
            data_dir,
            source,
            allow_downgrade=allow_downgrade,
            progress=progress,
            cancelled=cancelled,
            limits=limits,
            watch=watch,
            # Once only: damage that the check under the lock does not see
            # would otherwise send this round and round.
            rebuild_damaged=building != placing.DAMAGED,
            trust=trust,
            open_source=open_source,
        )
    # Every connection of this sync closed: the file as it stays (sound_stamp.py).
    sound_stamp.vouch(data_dir / LIBRARY_FILE)
    return replace(result, repaired=True) if building == placing.DAMAGED else result


def _sync_and_close(
    library: Library, building: str | None, source, container, raw: bytes, allow_downgrade: bool,
    progress: ProgressCallback, cancelled: Callable[[], bool], limits: Limits,
    pool: ChildPool | None, watch: SyncWatch, signed: bool,
) -> SyncResult:  # fmt: skip
    """Sync into `library` (finished, if it is a build) and close it, even on failure.

    A failed build's file is deleted; an SQLite error becomes LibraryUnusable.
    """
    try:
        result = _sync_into(
            library, source, container, raw, allow_downgrade, progress, cancelled, limits, pool,
            watch, signed,
        )  # fmt: skip
        if building:
            library.finish_build()
    except BaseException as exc:
        library.close()
        if building:
            placing.remove_database(library.path)
        if isinstance(exc, sqlite3.DatabaseError):
            raise explain(exc, library.path, LABEL) from exc
        if isinstance(exc, CellError):  # an article row a sync never wrote: rebuilt
            raise article_damage(library.path, exc) from None
        raise
    library.close()
    return result


def _early_children(data_dir: Path, container) -> ChildPool | contextlib.nullcontext:
    """Parsing children for a big first sync, started now (see ChildPool)."""
    first = not (data_dir / LIBRARY_FILE).exists()
    if first and uses_children(container.entry_count()):
        from reader.core.library import children

        return children.ChildPool()
    return contextlib.nullcontext()


def _sync_into(
    library: Library, source: str | os.PathLike[str], container, raw: bytes,
    allow_downgrade: bool, progress: ProgressCallback, cancelled: Callable[[], bool],
    limits: Limits, pool: ChildPool | None, watch: SyncWatch, signed: bool,
) -> SyncResult:  # fmt: skip
    conn = library.conn
    assert conn is not None
    raw_sha256 = hashlib.sha256(raw).hexdigest()
    # The common case, checked before any lock is taken: nothing new.
    already = up_to_date(library, raw_sha256)
    if already is not None:
        progress(1.0, "The library is already up to date")
        return already

    problems: list[Problem] = []
    manifest = parse_manifest(raw, problems, limits)
    if manifest is None:
        raise BundleRejected(problems)
    # A build is a file of its own that no one else sees: it needs no lock.
    lock = contextlib.nullcontext() if library.build else sync_lock(library.data_dir)
    with lock, write_transaction(conn):
        # Checked again under the lock: another sync may have just finished.
        already = up_to_date(library, raw_sha256)
        if already is not None:
            progress(1.0, "The library is already up to date")
            return already
        check_version(manifest, installed_version(library), allow_downgrade)
        vouched = sound_stamp.matches(library.path)  # nothing written yet
        watch.target = raw_sha256
        watch.result = _apply_bundle(
            conn, source, container, manifest, problems, progress, cancelled, pool, limits, signed,
            vouched,
        )  # fmt: skip
        return watch.result


def _apply_bundle(
    conn, source, container, manifest: Manifest, problems, progress, cancelled, pool,
    limits: Limits, signed: bool, vouched: bool,
) -> SyncResult:  # fmt: skip
    """Inside the write transaction: read changed files, write them, finish the library.

    `vouched`: the sound stamp matches the file, so the kept rows are not scanned.
    """
    installed = read_installed(conn)
    slugs = {c.slug for c in manifest.categories}
    to_read = []
    unchanged = []
    for entry in manifest.articles:
        old = installed.get(entry.id)
        if old is not None and old.sha256 == entry.sha256:
            unchanged.append(entry)
        else:
            to_read.append(entry)
    # A kept row must be one a read accepts: CellError, and the library is rebuilt.
    scanned = set() if vouched else {installed[entry.id].rowid for entry in unchanged}
    refused = damaged_cell(conn, scanned)
    if refused is not None:
        raise refused
    dropped = {row[0] for row in conn.execute("SELECT slug FROM categories")} - slugs
    _check_unchanged(container, unchanged, installed, slugs, problems, dropped)

    total = max(len(to_read), 1)
    listed = {e.id for e in manifest.articles}
    withdrawn = [article_id for article_id in installed if article_id not in listed]
    added = updated = 0
    writer = ArticleWriter(conn, installed)
    rows = parsed_rows(source, container, to_read, slugs, problems, cancelled, limits, pool)
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
    # Only a web update's staged folder vouches for pages: a file or folder
    # sync reads every page itself and needs none of the library's copies.
    kept = None
    if any(container.vouches(page.path) for page in manifest.pages):
        rows = conn.execute("SELECT path, sha256, body FROM pages")
        kept = {path: (sha, body) for path, sha, body in rows}
    pages = read_pages(container, manifest.pages, problems, limits, kept)
    synonyms = read_synonyms(container, manifest, problems)
    if problems:
        raise BundleRejected(problems)
    progress(0.92, "Saving the library")
    writer.finish()
    write_rest(conn, manifest, unchanged, installed, withdrawn, pages, signed)
    store_synonyms(conn, synonyms)
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


def check_version(manifest: Manifest, installed: int | None, allow_downgrade: bool) -> None:
    """The version rules (SyncRefused, exit 4); a web update's plan applies them too."""
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
        for slug in installed[entry.id].categories:
            if slug in dropped:
                problems.append(
                    Problem(
                        entry.path, f"category '{slug}' is not one of the manifest's categories"
                    )
                )
