"""What an update from a web source brings: the library's digests against the manifest's.

The plan is worked out from the signed manifest and the library alone,
before anything but the manifest is downloaded, so that the window can say
what an update costs ("12 new summaries, 4 updated, 340 KB") and the reader
can decide. A library file found damaged (as a whole or in an article
cell) has no digests: every file is downloaded and the sync rebuilds it.
The plan then says so (`repair`), so that the reader is told of a repair of
their library, not of "10,000 new summaries".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reader.core.bundle.manifest import Manifest
from reader.core.database import fetch_all
from reader.core.errors import LibraryUnusable
from reader.core.library import sound_stamp
from reader.core.library.outcome import SyncResult
from reader.core.library.schema import LABEL
from reader.core.library.store import open_library
from reader.core.library.sync import check_version
from reader.core.library.up_to_date import scan_cells
from reader.core.library.web_cache import WebCache


@dataclass(frozen=True)
class UpdatePlan:
    """What an update from a web source brings, and what it costs to download."""

    source: str  # the URL
    # The manifest's version; None for a `.zip` source with something to download:
    # its manifest is read only once it is here (never shown as "version 0").
    version: int | None
    new: int  # articles the library lacks
    updated: int  # articles whose sha256 changed
    withdrawn: int
    download_bytes: int  # bytes still to download (not already complete in the cache)
    up_to_date: bool  # nothing new (a 304, or the same manifest)
    expires: str | None
    # False for a `.zip` source: its contents are known only once it is downloaded
    # (new, updated and withdrawn are then 0, the version None).
    counts_known: bool = True
    # The library file is damaged: every summary is downloaded again (`new` counts
    # them) and the sync rebuilds the library.
    repair: bool = False


@dataclass(frozen=True)
class LibraryDigests:
    """What the library holds: its articles' sha256 by id, its version and manifest digest."""

    articles: dict[str, str]
    version: int | None
    manifest_sha256: str | None
    pages: dict[str, str] | None = None  # path -> sha256
    damaged: bool = False  # nothing vouched for: the sync rebuilds the library


def library_digests(data_dir: Path) -> LibraryDigests:
    try:
        with open_library(Path(data_dir), create=False, read_only=True) as library:
            if library.conn is None:
                return LibraryDigests({}, None, None)
            # Only what the delta needs: ids and digests (sync reads the rest itself).
            # Through `fetch_all`: text that is not UTF-8 is then the damage it is.
            conn, path = library.conn, library.path
            articles = dict(fetch_all(conn, "SELECT id, sha256 FROM articles", (), path, LABEL))
            pages = dict(fetch_all(conn, "SELECT path, sha256 FROM pages", (), path, LABEL))
            meta = library.meta()
            damaged, scanned = scan_cells(library)
            if damaged:
                # The sync rebuilds it, reading every file: none can be vouched for,
                # and a 304's manifest is no reason to call it up to date.
                return LibraryDigests({}, None, None, damaged=True)
    except LibraryUnusable as exc:
        # Damaged: sync rebuilds it from a whole download. Otherwise (locked, gone)
        # the sync says why; the plan is not called a repair.
        return LibraryDigests({}, None, None, damaged=exc.damaged)
    # Closed: the clean scan vouched for as a sync's is, or every check scans again.
    sound_stamp.vouch_scanned(library.path, scanned)
    return LibraryDigests(articles, meta.version, meta.manifest_sha256, pages)


def delta(manifest: Manifest, installed: LibraryDigests) -> tuple[list, dict[str, int]]:
    """(files to have: (path, size, sha256), unchanged articles' and pages' paths -> size)."""
    articles = installed.articles
    wanted = []
    vouched: dict[str, int] = {}
    for entry in manifest.articles:
        old = articles.get(entry.id)
        if old == entry.sha256:
            vouched[entry.path] = entry.size
        else:
            wanted.append((entry.path, entry.size, entry.sha256))
    pages = installed.pages or {}
    for page in manifest.pages:  # sync keeps the library's text of an unchanged page
        if pages.get(page.path) == page.sha256:
            vouched[page.path] = page.size
        else:
            wanted.append((page.path, page.size, page.sha256))
    if manifest.synonyms is not None:  # the optional lay-synonym list, read by every sync
        entry = manifest.synonyms
        wanted.append((entry.path, entry.size, entry.sha256))
    return wanted, vouched


def stage_from_library(data_dir: Path, cache: WebCache, wanted: list) -> None:
    """Put into the cache the synonym list the library already holds, if it is the wanted one.

    Sync reads the synonym list whenever the manifest lists one, so it must
    be in the staged folder. The library keeps its text: when those UTF-8
    bytes have the manifest's sha256 they are the file, and it need not be
    downloaded again after a sync from a USB stick or a cleared cache.
    """
    missing = {
        sha: (path, size)
        for path, size, sha in wanted
        if not path.startswith(("articles/", "pages/"))
        and cache.staged_bytes(path, size, sha) != size
    }
    if not missing:
        return
    try:
        with open_library(Path(data_dir), create=False, read_only=True) as library:
            if library.conn is None:
                return
            text = library.meta().synonyms or ""
    except LibraryUnusable:
        return
    data = text.encode("utf-8")
    found = missing.get(hashlib.sha256(data).hexdigest())
    if found is not None and len(data) == found[1]:
        cache.stage_bytes(found[0], data)


def make_plan(
    data_dir: Path, source: str, cache: WebCache, raw: bytes, manifest: Manifest,
    allow_downgrade: bool,
) -> UpdatePlan:  # fmt: skip
    installed = library_digests(data_dir)
    expires = manifest.expires
    if installed.manifest_sha256 == hashlib.sha256(raw).hexdigest():
        return UpdatePlan(source, manifest.version, 0, 0, 0, 0, True, expires)
    check_version(manifest, installed.version, allow_downgrade)
    articles = installed.articles
    listed = {entry.id for entry in manifest.articles}
    new = sum(1 for entry in manifest.articles if entry.id not in articles)
    updated = sum(
        1
        for entry in manifest.articles
        if entry.id in articles and articles[entry.id] != entry.sha256
    )
    wanted, _vouched = delta(manifest, installed)
    stage_from_library(data_dir, cache, wanted)
    cost = sum(size - cache.staged_bytes(path, size, sha) for path, size, sha in wanted)
    withdrawn = sum(1 for article_id in articles if article_id not in listed)
    return UpdatePlan(
        source, manifest.version, new, updated, withdrawn, cost, False, expires,
        repair=installed.damaged,
    )  # fmt: skip


def up_to_date_result(data_dir: Path, version: int) -> SyncResult:
    with open_library(Path(data_dir), create=False, read_only=True) as library:
        count = library.count_articles() if library.conn is not None else 0
    return SyncResult("up-to-date", version, unchanged=count)
