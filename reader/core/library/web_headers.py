"""A web host's headers taken at their word only when they are what they say.

A hostile or broken host (or a proxy) chooses every header: a length may be
"²" (Python's `isdigit` says yes, `int` says no) or 5,000 digits (`int`
refuses past 4,300), and a validator (ETag, Last-Modified) any Latin-1
text. Validators are kept in the cache (web_cache.py's `state.json`, a
download's `.part.json`) and sent back in the next request, where httpx
refuses non-ASCII text with an encoding error and a line break with a
protocol error: one that cannot be sent is left out, as if the host had
given none, and the file comes again whole. A Retry-After is seconds or a
date, and may be negative, a date gone by, or years away.
"""

from __future__ import annotations


def header_number(value: str) -> int | None:
    """A length in a header (Content-Length, Content-Range's total), or None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 19 else None


def sendable(value: object) -> bool:
    """Whether a validator, from a host's answer or a cache file, can be sent back."""
    return isinstance(value, str) and value.isascii() and value.isprintable()


def sendable_headers(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if sendable(value)}


def retry_after(value: str | None, date: str | None) -> float | None:
    """Retry-After's wait in seconds (0 for a date gone by), or None when it says none.

    A date is measured against the server's own Date where it gave one, so a
    wrong clock on either side does not stretch it.
    """
    value = (value or "").strip()
    if value.isascii() and value.isdigit():
        return float(min(int(value[:12]), 10**9))
    from email.utils import parsedate_to_datetime

    try:
        then = parsedate_to_datetime(value)
        now = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        return None
    if then.tzinfo is None or (now is not None and now.tzinfo is None):
        return None
    from datetime import UTC, datetime

    return max((then - (now or datetime.now(UTC))).total_seconds(), 0.0)
