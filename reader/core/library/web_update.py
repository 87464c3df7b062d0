"""Updates from a web source: what an update costs, then download only that and apply it.

A web source is a bundle folder served as static files (BUNDLE_FORMAT.md,
"Publishing on the web"). The window and `sci-reader sync URL` update in two
steps, so that a reader on a slow or costly connection can say yes first:

1. `check_for_update` fetches `manifest.json` (its precompressed `.gz` when
   the server has one) and `manifest.sig` with a conditional request, checks
   the signature (a web source always needs one) and compares the sha256
   list with the library: an `UpdatePlan` says what is new and how many
   bytes are still to download. A check that finds nothing new costs one
   304 answer.
2. `download_and_apply` downloads only the files the library lacks into
   `.part` files in the data folder's cache (resumed with Range + If-Range
   on the next try, each checked for length and sha256), then applies them
   all in ONE sync, all or nothing.

A URL ending in `.zip` is downloaded whole (resumably) and synced as a file.
Nothing here runs unless the reader or the clinic's schedule asked for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.bundle.signature import Trust
from reader.core.library.outcome import SyncResult

__all__ = ["UpdatePlan", "check_for_update", "download_and_apply", "is_web_source"]


def _never() -> bool:
    return False


def _no_progress(done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class UpdatePlan:
    """What an update from a web source brings, and what it costs to download."""

    source: str  # the URL
    version: int  # the manifest's version
    new: int  # articles the library lacks
    updated: int  # articles whose sha256 changed
    withdrawn: int
    download_bytes: int  # bytes still to download (not already complete in the cache)
    up_to_date: bool  # nothing new (a 304, or the same manifest)
    expires: str | None


def is_web_source(source: str) -> bool:
    """Whether `source` is a web address (http:// or https://), not a file or folder."""
    return str(source).lower().startswith(("http://", "https://"))


def check_for_update(
    data_dir: Path,
    source: str,
    trust: Trust,
    *,
    cancelled: Callable[[], bool] = _never,
    proxy: str | None = None,
) -> UpdatePlan:
    """Fetch the source's manifest and signature only, and say what an update would bring.

    The manifest is fetched with If-None-Match (its ETag is kept in the data
    folder's cache), so nothing new costs a 304. The signature must verify
    (`trust.requiring()`: a web source is always signed). Raises SourceError
    (offline, time-out, 404: exit 2), BundleRejected (exit 3), SyncRefused
    (an older version than the library's: exit 4) or SyncCancelled. Changes
    nothing in the library.
    """
    raise NotImplementedError


def download_and_apply(
    data_dir: Path,
    plan: UpdatePlan,
    trust: Trust,
    *,
    progress: Callable[[int, int], None] = _no_progress,
    cancelled: Callable[[], bool] = _never,
    proxy: str | None = None,
) -> SyncResult:
    """Download what `plan` lacks into the cache, verify it, and apply it in one sync.

    `progress(bytes_done, bytes_total)` is called as bytes arrive (from a
    worker thread, when the caller runs this in one). Raises SourceError
    (offline, time-out, 404: exit 2), BundleRejected (a file that does not
    match the signed manifest: exit 3), SyncRefused (exit 4) or
    SyncCancelled; in each case the library is unchanged, and what was
    downloaded stays in the cache for the next try.
    """
    raise NotImplementedError
