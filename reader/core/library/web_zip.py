"""A web source that is one ZIP file (a URL ending in `.zip`): fetched whole, resumably.

A ZIP cannot be updated in part, so the check asks only whether it changed
since the last applied download (a HEAD request with If-None-Match: a 304
costs a few hundred bytes) and how big it is; its contents, and so the
counts of new and updated summaries, are known only once it is here. The
validator is sent only for a library known sound (up_to_date.installed_state):
a 304 says nothing of damage the library took since, and "up to date" must
not keep it. The download resumes like any other (web_fetch.py) and is
then synced as a file, signature required.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.signature import SIGNATURE_FILE_LIMIT
from reader.core.errors import BundleRejected, Problem
from reader.core.library.up_to_date import installed
from reader.core.library.web_cache import WebCache
from reader.core.library.web_download import download
from reader.core.library.web_fetch import DEFAULT_NETWORK, Fetcher, FileMismatch, NetworkSettings

# Bytes a ZIP may spend on one entry besides its data: local header and central
# directory record (30 + 46), the name twice (an article path is at most 112
# bytes), ZIP64 extras and a data descriptor, rounded up.
_ENTRY_OVERHEAD = 512


def zip_limit(limits: Limits = DEFAULT_LIMITS) -> int:
    """The most bytes a ZIP bundle within `limits` can take: a download is cut off there.

    The listed files (at most `total_bytes`, stored or deflated: deflate adds
    at most about 6 %), the manifest and its signature, and each entry's
    headers. A server that sends more (a wrong file, or bytes that never
    end) would otherwise fill the disk before the ZIP could be checked.
    """
    data = limits.total_bytes + limits.total_bytes // 16
    return data + limits.manifest_bytes + SIGNATURE_FILE_LIMIT + limits.entries * _ENTRY_OVERHEAD


@dataclass(frozen=True)
class ZipCheck:
    up_to_date: bool
    version: int | None  # the library's
    download_bytes: int
    damaged: bool = False  # the library is: this download is its repair


def check_zip(
    data_dir: Path,
    source: str,
    *,
    cancelled: Callable[[], bool],
    proxy: str | None,
    network: NetworkSettings = DEFAULT_NETWORK,
    login: tuple[str, str] | None = None,
) -> ZipCheck:
    cache = WebCache(data_dir, source)
    state = cache.state()
    library = installed(data_dir)
    version, manifest_sha256 = library.version, library.manifest_sha256
    # The ZIP's last download counts only while the library still holds what it
    # installed: a sync from elsewhere since (a newer USB stick, a downgrade) means
    # this ZIP must be read again, to be applied or refused as any other. A library
    # not known sound (a damaged cell or file: version None) sends no validator, so
    # no 304 can call it up to date: the ZIP comes whole and its sync rebuilds.
    applied = state.get("zip_applied") if state.get("library_manifest") == manifest_sha256 else None
    headers = {"If-None-Match": applied} if applied and version is not None else {}
    fetching = Fetcher(proxy=proxy, network=network, cancelled=cancelled, login=login)
    with cache.lock(), fetching as fetcher:
        answer = fetcher.head(source, headers)
    if version is not None and applied and (answer.status == 304 or answer.validator == applied):
        return ZipCheck(True, version, 0)
    if answer.length is not None and answer.length > zip_limit():
        raise _too_large(source, answer.length)
    have = 0
    with contextlib.suppress(OSError):
        have = cache.zip_path.with_name(cache.zip_path.name + ".part").stat().st_size
    cost = max((answer.length or 0) - have, 0)
    return ZipCheck(False, version, cost, library.damaged)


def download_zip(
    data_dir: Path,
    source: str,
    total: int,
    *,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    proxy: str | None,
    network: NetworkSettings = DEFAULT_NETWORK,
    login: tuple[str, str] | None = None,
) -> tuple[Path, str | None]:
    """The ZIP downloaded into the cache, and its validator (for the next check)."""
    cache = WebCache(data_dir, source)
    done = 0

    def arrived(count: int) -> None:
        nonlocal done
        done += count
        progress(min(done, total), max(total, done))

    progress(0, total)
    limit = zip_limit()
    with Fetcher(proxy=proxy, network=network, cancelled=cancelled, login=login) as fetcher:
        try:
            validator = download(fetcher, source, cache.zip_path, None, None, arrived, limit)
        except FileMismatch:  # more bytes than any bundle can have: the part is gone
            raise _too_large(source, None) from None
    return cache.zip_path, validator


def _too_large(source: str, size: int | None) -> BundleRejected:
    """A ZIP address whose length (said, or `None`: sent) is past what any bundle can be."""
    what = f"is {size} bytes, more" if size is not None else "goes on for more"
    return BundleRejected([Problem(source, (
        f"{what} than any bundle within the format's limits can be ({zip_limit()} bytes); "
        "nothing was changed"
    ))])  # fmt: skip
