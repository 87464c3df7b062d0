"""The record of the last check of the clinic's update source: `<data folder>/last-check.json`.

`status --json` shows it as `last_check`; update_check.py writes it after
each sync from the configured source. It is a small file of its own, not a
row of the library: a sync is all or nothing, so a rejected bundle leaves
the library's file untouched, yet the rejection must be kept; and the
record outlives a library rebuilt from scratch. Nor is it in
userdata.sqlite3, which holds a person's data only. This module imports
nothing of sync, so that `status` stays quick to start. A web address's
password is never kept nor shown (web_address.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reader.core.inputs import TooLarge, read_regular_file
from reader.core.logfile import logger
from reader.core.timestamps import utc_now
from reader.core.web_address import shown

LAST_CHECK_FILE = "last-check.json"
RESULTS = ("updated", "up-to-date", "rejected", "offline", "refused")

log = logger(__name__)


@dataclass(frozen=True)
class LastCheck:
    """One check of the configured source: when, where, and what came of it."""

    at: str  # ISO 8601 UTC, as utc_now() writes it
    source: str
    result: str  # one of RESULTS

    def to_json(self) -> dict:
        return {"at": self.at, "source": self.source, "result": self.result}


def last_check_path(data_dir: Path) -> Path:
    return Path(data_dir) / LAST_CHECK_FILE


def read_last_check(data_dir: Path) -> LastCheck | None:
    """The last recorded check, or None (never checked, or a record that cannot be read)."""
    try:
        doc = json.loads(read_regular_file(last_check_path(data_dir), 64 * 1024))
        values = (doc["at"], doc["source"], doc["result"])
    # RecursionError: a damaged file of nested brackets is no record either.
    except (OSError, TooLarge, ValueError, TypeError, KeyError, RecursionError):
        return None
    if not all(isinstance(value, str) for value in values) or values[2] not in RESULTS:
        return None  # only this module writes the file: anything else is damage
    at, source, result = values
    return LastCheck(at, shown(source), result)  # a record an older version kept whole


def record_last_check(data_dir: Path, source: str, result: str) -> LastCheck:
    """Write the outcome of a check of `source` (atomically: a temporary file renamed).

    A data folder that cannot be written is logged, never raised: the
    record must not hide what the sync itself did.
    """
    if result not in RESULTS:
        raise ValueError(f"unknown check result {result!r}")
    check = LastCheck(utc_now(), shown(str(source)), result)
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".last-check.", suffix=".tmp", dir=data_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                # ASCII: a path's undecodable byte (a lone surrogate) is then an escape
                # that reads back the same, not an encoding error after the sync.
                json.dump(check.to_json(), stream)
            os.replace(temp, last_check_path(data_dir))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError as exc:
        log.warning("could not record the update check in %s: %s", data_dir, exc)
    return check
