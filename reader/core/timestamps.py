"""Timestamps as the library, the bundle format and personal data write them.

One place, because a sync's `last_synced`, a bookmark's `created` and a
manifest's `created` must all be the same kind of string (ISO 8601, UTC, `Z`).
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """The current time as `YYYY-MM-DDTHH:MM:SSZ`."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_iso_timestamp(value: object) -> bool:
    """Whether `value` is a string that ISO 8601 reads as a date and time."""
    if not isinstance(value, str) or len(value) < 10 or not value[:4].isdigit():
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True
