"""A web host's headers taken at their word only when they are what they say.

A hostile or broken host (or a proxy) chooses every header: a length may be
"²" (Python's `isdigit` says yes, `int` says no) or 5,000 digits (`int`
refuses past 4,300), and a validator (ETag, Last-Modified) any Latin-1
text. Validators are kept in the cache (web_cache.py's `state.json`, a
download's `.part.json`) and sent back in the next request, where httpx
refuses non-ASCII text with an encoding error and a line break with a
protocol error: one that cannot be sent is left out, as if the host had
given none, and the file comes again whole.
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
