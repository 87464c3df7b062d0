"""Updates from the clinic's configured source, and the record of the last check.

IT sets `update_source` (a USB stick's file, a shared folder, or a web
address: web_update.py downloads only what changed) in the clinic
configuration; `sci-reader sync` with no SOURCE, a scheduled task and the
kiosk window all update from it through this module, and each such check is
recorded (last_check.py: `{at, source, result}`, shown by `status --json`)
and written to the log for IT (reader.core.logfile).

The window checks in two steps, so that a visitor's reading is never
changed under their eyes: `check_configured_source(..., apply=False)` reads
only the source's manifest and says whether a newer library is waiting
(`CheckOutcome.pending`); at the next kiosk reset, `apply=True` syncs it
(re-checking everything, all or nothing) and records the outcome.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.core.bundle.manifest import parse_manifest
from reader.core.bundle.signature import Trust, trust_for, verify_manifest
from reader.core.bundle.source import is_web_source
from reader.core.bundle.walk import open_bundle, read_manifest_bytes, read_signature_bytes
from reader.core.config import ClinicConfig
from reader.core.errors import (
    BundleRejected,
    Problem,
    ReaderError,
    SourceError,
    SyncRefused,
)
from reader.core.library.last_check import LastCheck, record_last_check
from reader.core.library.outcome import SyncResult
from reader.core.library.sync import sync
from reader.core.library.up_to_date import installed_state
from reader.core.library.web_update import check_for_update, update_from_web
from reader.core.logfile import logger
from reader.core.timestamps import parse_timestamp
from reader.core.web_address import shown

DAILY = timedelta(days=1)

log = logger(__name__)


@dataclass(frozen=True)
class CheckOutcome:
    """What a check found; `last_check` is None when nothing was recorded yet (pending)."""

    source: str
    # one of RESULTS; or "available": newer, not applied (apply=False); or "failed":
    # an error not about the source (library locked, cancelled), not recorded
    result: str
    last_check: LastCheck | None
    sync_result: SyncResult | None = None  # when it was synced (updated or up-to-date)
    # The newer version waiting, when pending; None also when it is known only once
    # downloaded (a `.zip` web address): then never said as a number.
    available_version: int | None = None
    problems: tuple[str, ...] = ()  # why it was rejected, refused or offline

    @property
    def pending(self) -> bool:
        """A newer library was found and waits to be applied (at the next reset)."""
        return self.result == "available"


def result_of(error: ReaderError) -> str | None:
    """The recorded result for a sync's error; None for errors not about the source."""
    if isinstance(error, BundleRejected):
        return "rejected"
    if isinstance(error, SyncRefused):
        return "refused"
    if isinstance(error, SourceError):
        return "offline"  # the stick is not plugged in, the share is down
    return None  # the library itself (LibraryUnusable), a cancel: no word on the source


def waiting(version: int | None, repair: bool = False) -> str:
    """'version 4 waits to be applied'; a `.zip` address's version is known only once
    it is downloaded: 'a new version waits to be applied', never 'version 0'. A
    damaged library's download is its repair, and IT is told so."""
    what = f"version {version}" if version is not None else "a new version"
    why = " (the library file is damaged: every summary is downloaded again to repair it)"
    return f"{what} waits to be applied{why if repair else ''}"


def _record(
    data_dir: Path,
    source: str,
    result: str,
    problems: tuple[str, ...] = (),
    version: int | None = None,
) -> LastCheck:
    """Record the check and log it for IT, with the problems that explain a failure."""
    check = record_last_check(data_dir, source, result)
    level = logging.INFO if result in ("updated", "up-to-date") else logging.WARNING
    what = f" (version {version})" if version is not None else ""
    log.log(level, "update check of %s: %s%s", shown(source), result, what)
    for line in problems:
        log.log(level, "  %s", line)
    return check


def sync_and_record(data_dir: Path, source: str, **sync_options) -> SyncResult:
    """`sync` from the configured `source` (options as `sync`'s), recording the outcome.

    Raises as `sync` does, after recording a rejected, refused or offline source.
    """
    return _recorded(data_dir, source, lambda: sync(data_dir, source, **sync_options))


def web_sync_and_record(data_dir: Path, source: str, trust: Trust, **options) -> SyncResult:
    """An update from a web source (options as `update_from_web`'s), recording the outcome."""
    return _recorded(data_dir, source, lambda: update_from_web(data_dir, source, trust, **options))


def web_trust(config: ClinicConfig) -> Trust:
    """The keys a web update must be signed with: the app's and the clinic's; always required."""
    return trust_for(config).requiring()


def _recorded(data_dir: Path, source: str, run: Callable[[], SyncResult]) -> SyncResult:
    try:
        result = run()
    except ReaderError as exc:
        recorded = result_of(exc)
        if recorded is not None:
            _record(data_dir, source, recorded, tuple(exc.lines()))
        raise
    _record(data_dir, source, result.result, version=result.version)
    return result


def check_configured_source(
    data_dir: Path,
    config: ClinicConfig,
    *,
    apply: bool = True,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> CheckOutcome | None:
    """Check (and with `apply`, sync) the configured update source; never raises a ReaderError.

    None when the configuration names no source. With `apply=False` only
    the source's manifest is read: an up-to-date library, an unreachable
    source, a broken manifest or an older version are recorded at once; a
    newer version is returned as pending, to be recorded when applied. For a
    worker thread: it opens its own connections. An error that says nothing
    about the source (the library locked too long, a cancel) is logged,
    not recorded, and comes back as the result "failed".
    """
    source = config.update_source
    if not source:
        return None
    trust = trust_for(config)
    try:
        if is_web_source(source):
            return _check_web(data_dir, config, apply, progress, cancelled)
        if apply:
            options: dict = {"cancelled": cancelled, "trust": trust}
            if progress is not None:
                options["progress"] = progress
            result = sync(data_dir, source, **options)
            check = _record(data_dir, source, result.result, version=result.version)
            return CheckOutcome(source, result.result, check, result)
        version = newer_version_at(data_dir, source, trust)
        if version is not None:
            log.info("update check of %s: %s", shown(source), waiting(version))
            return CheckOutcome(source, "available", None, available_version=version)
        return CheckOutcome(source, "up-to-date", _record(data_dir, source, "up-to-date"))
    except ReaderError as exc:
        problems = tuple(exc.lines())
        recorded = result_of(exc)
        if recorded is None:
            log.warning("update check of %s failed: %s", shown(source), exc)
            return CheckOutcome(source, "failed", None, problems=problems)
        check = _record(data_dir, source, recorded, problems)
        return CheckOutcome(source, recorded, check, problems=problems)


def _check_web(
    data_dir: Path,
    config: ClinicConfig,
    apply: bool,
    progress: Callable[[float, str], None] | None,
    cancelled: Callable[[], bool],
) -> CheckOutcome:
    """check_configured_source for a web source: the manifest only, or the whole update."""
    source = config.update_source or ""
    trust = web_trust(config)
    if not apply:
        plan = check_for_update(data_dir, source, trust, cancelled=cancelled, proxy=config.proxy)
        if plan.up_to_date:
            return CheckOutcome(source, "up-to-date", _record(data_dir, source, "up-to-date"))
        log.info("update check of %s: %s", shown(source), waiting(plan.version, plan.repair))
        return CheckOutcome(source, "available", None, available_version=plan.version)

    def downloaded(done: int, total: int) -> None:
        if progress is not None:
            progress(0.9 * done / total if total else 0.0, f"Downloading: {done // 1024} KB")

    result = update_from_web(
        data_dir, source, trust, cancelled=cancelled, proxy=config.proxy, progress=downloaded
    )
    check = _record(data_dir, source, result.result, version=result.version)
    return CheckOutcome(source, result.result, check, result)


def newer_version_at(data_dir: Path, source: str, trust: Trust | None = None) -> int | None:
    """The version a sync from `source` would install, if newer than the library's; else None.

    Reads the source's manifest and signature only (`trust` as `sync`'s).
    None when the library already holds that very manifest and is known sound
    (a damaged one waits for the sync that rebuilds it); SourceError,
    BundleRejected (a broken manifest, a signature that does not verify) or
    SyncRefused (an older version, or the same version with other content)
    as a sync would raise them. A full sync still checks every file.
    """
    with open_bundle(source) as container:
        raw = read_manifest_bytes(container)
        signature = read_signature_bytes(container)
    verify_manifest(raw, signature, trust_for(None) if trust is None else trust)
    problems: list[Problem] = []
    manifest = parse_manifest(raw, problems)
    if manifest is None:
        raise BundleRejected(problems)
    installed, installed_sha256 = installed_state(data_dir)
    if installed_sha256 == hashlib.sha256(raw).hexdigest():
        return None
    if installed is not None and manifest.version <= installed:
        raise SyncRefused(
            f"the update is version {manifest.version}, not newer than the library's "
            f"version {installed}; nothing was changed"
        )
    return manifest.version


def check_due(config: ClinicConfig, last: LastCheck | None, *, starting: bool,
              now: datetime | None = None) -> bool:  # fmt: skip
    """Whether the configured schedule asks for a check now.

    "start": at each start of the window; "daily": at start, and then once
    the last check is a day old; "never" (or no source): never.
    """
    if not config.update_source or config.update_check == "never":
        return False
    if starting:
        return True
    if config.update_check != "daily":
        return False
    at = parse_timestamp(last.at) if last is not None else None
    return at is None or (now or datetime.now(UTC)) - at >= DAILY
