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


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 date, or date and time, as an aware datetime (no zone: UTC); else None.

    For comparing moments: as text, `2027-01-01T00:30:00+01:00` sorts after
    `2026-12-31T23:45:00Z` though it is the earlier moment.
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
