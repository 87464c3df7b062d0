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

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.bundle.manifest import Manifest, parse_manifest
from reader.core.bundle.signature import Trust, verify_manifest
from reader.core.bundle.source import is_web_source
from reader.core.config_keys import web_address_problem
from reader.core.errors import BundleRejected, Problem, SourceError
from reader.core.library.outcome import SyncResult, SyncWatch
from reader.core.library.sync import sync
from reader.core.library.up_to_date import installed_state
from reader.core.library.web_cache import WebCache, fetch_manifest, manifest_changed
from reader.core.library.web_download import download
from reader.core.library.web_fetch import (
    DEFAULT_NETWORK,
    Fetcher,
    FileMismatch,
    NetworkSettings,
    NotFound,
)
from reader.core.library.web_plan import (
    UpdatePlan,
    delta,
    library_digests,
    make_plan,
    stage_from_library,
    up_to_date_result,
)
from reader.core.library.web_staged import staged_opener
from reader.core.web_address import file_url, shown, split_login

__all__ = [
    "UpdatePlan",
    "check_for_update",
    "download_and_apply",
    "is_web_source",
    "update_from_web",
]


def _never() -> bool:
    return False


def _no_progress(done: int, total: int) -> None:
    pass


def is_zip_source(source: str) -> bool:
    return urlsplit(str(source)).path.lower().endswith(".zip")


def check_for_update(
    data_dir: Path,
    source: str,
    trust: Trust,
    *,
    cancelled: Callable[[], bool] = _never,
    proxy: str | None = None,
    allow_downgrade: bool = False,
    network: NetworkSettings = DEFAULT_NETWORK,
) -> UpdatePlan:
    """Fetch the source's manifest and signature only, and say what an update would bring.

    The manifest is fetched with If-None-Match (its ETag is kept in the data
    folder's cache), so nothing new costs a 304. The signature must verify
    (`trust.requiring()`: a web source is always signed). Raises SourceError
    (offline, time-out, 404: exit 2), BundleRejected (exit 3), SyncRefused
    (an older version than the library's: exit 4) or SyncCancelled. Changes
    nothing in the library.
    """
    address, login = split_login(source)  # the password is sent, and never shown
    problem = web_address_problem(source) or _address_problem(address)
    if problem:
        raise SourceError(f"{shown(source)}: {problem}; nothing was changed")
    if is_zip_source(address):
        from reader.core.library.web_zip import check_zip

        found = check_zip(
            data_dir, address, cancelled=cancelled, proxy=proxy, network=network, login=login
        )
        # Up to date: the library's version. Else unknown until the ZIP is here.
        version = found.version if found.up_to_date else None
        cost = found.download_bytes
        return UpdatePlan(
            source, version, 0, 0, 0, cost, found.up_to_date, None, counts_known=False,
            repair=found.damaged,
        )  # fmt: skip
    cache = WebCache(data_dir, address)
    fetching = Fetcher(proxy=proxy, network=network, cancelled=cancelled, login=login)
    with cache.lock(), fetching as fetcher:
        fetched = fetch_manifest(fetcher, address, cache)
        try:
            verify_manifest(fetched.manifest, fetched.signature, trust.requiring())
        except BundleRejected:
            # The manifest and its signature are two files: a publisher may
            # have replaced one and not yet the other.
            if fetched.signature is not None and manifest_changed(
                fetcher, address, cache, fetched.manifest
            ):
                cache.forget()
                raise _mid_publish(address) from None
            raise
    manifest = _parsed(fetched.manifest)
    return make_plan(data_dir, source, cache, fetched.manifest, manifest, allow_downgrade)


def download_and_apply(
    data_dir: Path,
    plan: UpdatePlan,
    trust: Trust,
    *,
    progress: Callable[[int, int], None] = _no_progress,
    cancelled: Callable[[], bool] = _never,
    proxy: str | None = None,
    allow_downgrade: bool = False,
    network: NetworkSettings = DEFAULT_NETWORK,
    watch: SyncWatch | None = None,
) -> SyncResult:
    """Download what `plan` lacks into the cache, verify it, and apply it in one sync.

    `progress(bytes_done, bytes_total)` is called as bytes arrive (from a
    worker thread, when the caller runs this in one). Raises SourceError
    (offline, time-out, 404: exit 2), BundleRejected (a file that does not
    match the signed manifest: exit 3), SyncRefused (exit 4) or
    SyncCancelled; in each case the library is unchanged, and what was
    downloaded stays in the cache for the next try.
    """
    trust = trust.requiring()
    if plan.up_to_date:
        return up_to_date_result(data_dir, plan.version)
    address, login = split_login(plan.source)
    cache = WebCache(data_dir, address)
    with cache.lock():
        if is_zip_source(address):
            return _apply_zip(data_dir, plan, cache, trust, progress, cancelled, proxy,
                              allow_downgrade, network, watch, login)  # fmt: skip
        return _apply_delta(data_dir, address, cache, trust, progress, cancelled, proxy,
                            allow_downgrade, network, watch, login)  # fmt: skip


def _apply_zip(
    data_dir: Path, plan: UpdatePlan, cache: WebCache, trust: Trust,
    progress: Callable[[int, int], None], cancelled: Callable[[], bool], proxy: str | None,
    allow_downgrade: bool, network: NetworkSettings, watch: SyncWatch | None,
    login: tuple[str, str] | None,
) -> SyncResult:  # fmt: skip
    """download_and_apply of a ZIP address: the whole file, then a sync of it."""
    from reader.core.library.web_zip import download_zip

    address = cache.source  # without its login
    zip_path, validator = download_zip(
        data_dir, address, plan.download_bytes,
        progress=progress, cancelled=cancelled, proxy=proxy, network=network, login=login,
    )  # fmt: skip
    options = {"allow_downgrade": allow_downgrade, "cancelled": cancelled, "watch": watch}
    try:
        result = sync(data_dir, zip_path, trust=trust, **options)
    except BundleRejected as exc:
        # The reader gave the address, not the cache's copy: name what they know.
        where = str(zip_path)
        raise BundleRejected(
            [Problem(address, p.message) if p.where == where else p for p in exc.problems]
        ) from None
    finally:
        zip_path.unlink(missing_ok=True)  # a whole library: not kept once read
    # Kept with what the library holds now, so that the next check's 304 means
    # "up to date" only while no other source has changed the library since.
    cache.save_state(zip_applied=validator, library_manifest=installed_state(data_dir)[1])
    return result


def _apply_delta(
    data_dir: Path, source: str, cache: WebCache, trust: Trust,
    progress: Callable[[int, int], None], cancelled: Callable[[], bool], proxy: str | None,
    allow_downgrade: bool, network: NetworkSettings, watch: SyncWatch | None,
    login: tuple[str, str] | None,
) -> SyncResult:  # fmt: skip
    """download_and_apply of a bundle folder, under the cache's lock."""
    cached = cache.cached_manifest()
    if cached is None:
        raise SourceError(f"{source}: the update was not checked first; check again")
    raw, signature = cached
    verify_manifest(raw, signature, trust)  # the cache is a folder anyone may write to
    manifest = _parsed(raw)
    installed = library_digests(data_dir)
    if installed.manifest_sha256 == hashlib.sha256(raw).hexdigest():
        return up_to_date_result(data_dir, manifest.version)
    wanted, vouched = delta(manifest, installed)
    stage_from_library(data_dir, cache, wanted)
    total = sum(size - cache.staged_bytes(path, size, sha) for path, size, sha in wanted)
    done = 0

    def arrived(count: int) -> None:
        nonlocal done
        done += count
        progress(min(done, total), total)

    progress(0, total)
    with Fetcher(proxy=proxy, network=network, cancelled=cancelled, login=login) as fetcher:
        for path, size, sha256 in wanted:
            if cache.staged_bytes(path, size, sha256) == size:
                continue
            try:
                download(fetcher, file_url(source, path), cache.staged(path), size, sha256, arrived)
            except (FileMismatch, NotFound) as exc:
                if _uploaded_since(exc, cache) or manifest_changed(fetcher, source, cache, raw):
                    cache.forget()
                    raise _mid_publish(source) from exc
                why = (
                    "is listed in the manifest but missing from the server"
                    if isinstance(exc, NotFound)
                    else str(exc)
                )
                raise BundleRejected([Problem(path, f"{why}; nothing was changed")]) from exc
    result = sync(
        data_dir,
        cache.bundle,
        allow_downgrade=allow_downgrade,
        cancelled=cancelled,
        watch=watch,
        trust=trust,
        open_source=staged_opener(vouched),
    )
    cache.after_sync()
    _forget_parsed()  # a 10,000-entry manifest is megabytes: not kept in the window
    return result


def update_from_web(
    data_dir: Path, source: str, trust: Trust, *, allow_downgrade: bool = False, **options
) -> SyncResult:
    """Check, then download and apply: `sync URL` on the command line, a scheduled update.

    `options`: those of `download_and_apply` (progress, cancelled, proxy,
    network, watch); `cancelled`, `proxy` and `network` serve the check too.
    """
    check = {k: options[k] for k in ("cancelled", "proxy", "network") if k in options}
    plan = check_for_update(data_dir, source, trust, allow_downgrade=allow_downgrade, **check)
    if plan.up_to_date:
        return up_to_date_result(data_dir, plan.version)
    return download_and_apply(data_dir, plan, trust, allow_downgrade=allow_downgrade, **options)


def _address_problem(address: str) -> str | None:
    """What httpx, or the name lookup's IDNA codec, refuses in an address (a line
    break, a name such as `a..b` or `xn--a.com`), said of the address as given."""
    import httpx

    try:
        (httpx.URL(address).host or "").encode("idna")
    except (httpx.InvalidURL, UnicodeError) as exc:
        return f"is not a valid web address ({exc})"
    return None


def _uploaded_since(exc: Exception, cache: WebCache) -> bool:
    """Whether a file that does not match was changed on the server after its manifest,
    within the hour (by the server's own clock): a new version's files going up before
    (or after) its manifest, as publishing.md's order has it, not a broken bundle. A
    file changed long after its manifest is the bundle's fault again (exit 3)."""
    from email.utils import parsedate_to_datetime

    try:
        modified = parsedate_to_datetime(str(getattr(exc, "modified", None) or ""))
        manifest = parsedate_to_datetime(str(cache.state().get("last_modified") or ""))
        now = parsedate_to_datetime(str(getattr(exc, "date", None) or ""))
        return manifest < modified and now - modified < timedelta(hours=1)
    except (TypeError, ValueError):  # a date missing, unreadable, or without its zone
        return False


def _mid_publish(source: str) -> SourceError:
    return SourceError(
        f"{source}: the server is publishing a new version right now (its files do not match "
        "its manifest yet); nothing was changed. Try again later"
    )


def _parsed(raw: bytes) -> Manifest:
    """The manifest parsed; the last one is kept, as check and apply read the same bytes."""
    global _last_parsed
    digest = hashlib.sha256(raw).digest()
    last = _last_parsed  # one read: another thread may replace it meanwhile
    if last is not None and last[0] == digest:
        return last[1]
    problems: list[Problem] = []
    manifest = parse_manifest(raw, problems)
    if manifest is None:
        raise BundleRejected(problems)
    _last_parsed = (digest, manifest)
    return manifest


_last_parsed: tuple[bytes, Manifest] | None = None


def _forget_parsed() -> None:
    global _last_parsed
    _last_parsed = None
