"""What a hostile or broken network may not make a web update do.

Hotel and clinic Wi-Fi, proxies and misconfigured hosts answer in ways a
static file host never does. Each rule here turns one into a SourceError
(exit 2: the network's fault, nothing was changed) with words that say
what to do, instead of a bundle "rejected" for bytes its publisher never
sent, or an update fetched from where it should never come:

- a redirect is followed only where the address itself may point: to
  https://, or over plain http to this machine or within the plain-http
  host the address names (`/sci-reader` to `/sci-reader/`). Never from
  https down to http (anyone on the way could then read and change what
  comes, the signature aside), and never on to another host over plain
  http: a Wi-Fi login page does exactly that;
- a web page where a manifest, a signature or a bundle file belongs is a
  captive portal's login page, not the publisher's file;
- a small answer labelled gzip (Content-Encoding) is unpacked here, never
  past its limit: httpx unpacks each network read whole, and 64 KB of a
  gzip bomb is 64 MB.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.core.errors import SourceError
from reader.core.library.web_failures import LOGIN_HINT

if TYPE_CHECKING:
    import httpx

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class UnsafeRedirect(SourceError):
    """A redirect the app does not follow (see the module's docstring)."""


class LoginPage(SourceError):
    """A web page (HTML) came where a bundle's file should: the network wants a login."""


def redirect_problem(source: str, target: str) -> str | None:
    """Why a redirect from `source` to `target` must not be followed, or None."""
    from urllib.parse import urlsplit

    was, goes = urlsplit(source), urlsplit(target)
    if goes.scheme.lower() != "http":
        return None  # https is fine; anything else httpx refuses in words already
    if was.scheme.lower() == "https":
        return "from https:// down to plain http://"
    host = (goes.hostname or "").lower()
    if host in _LOOPBACK:
        return None
    if host == (was.hostname or "").lower():
        # Within the plain-http host the address itself names (a folder's
        # trailing slash, a moved file): nowhere the address did not already go.
        return None
    if (was.hostname or "").lower() in _LOOPBACK:
        return "from this computer out over plain http://"
    return "to another host over plain http://"


def check_redirect(response: httpx.Response) -> None:
    """httpx's response hook: refuse a redirect before it is followed."""
    if not response.has_redirect_location:
        return
    source = str(response.request.url)
    try:
        target = str(response.request.url.join(response.headers["location"]))
    except Exception:  # an address httpx cannot read: let httpx say so
        return
    why = redirect_problem(source, target)
    if why:
        raise UnsafeRedirect(
            f"{source}: the network sent it on to {target} ({why}), which the app does not "
            f"follow; nothing was changed. {LOGIN_HINT}"
        )


def looks_like_a_web_page(first_bytes: bytes, content_type: str | None) -> bool:
    """Whether a response is an HTML page: no bundle file (JSON, base64, ZIP, Markdown
    with its metadata block first) starts with `<`, and none is served as text/html."""
    start = first_bytes.lstrip()[:64].lower()
    kind = (content_type or "").split(";")[0].strip().lower()
    html = kind in ("text/html", "application/xhtml+xml")
    return start.startswith(b"<") and (html or start.startswith((b"<!doctype html", b"<html")))


def login_page(url: str) -> LoginPage:
    return LoginPage(
        f"{url}: a web page came instead of the update's file; nothing was changed. " + LOGIN_HINT
    )


def body_chunks(response: httpx.Response, most: int) -> Iterator[tuple[int, bytes]]:
    """(bytes that crossed the network, bytes of the file) as they arrive; never more
    than `most` bytes of the file in all (one more says "too large" to the caller)."""
    import httpx

    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        for chunk in response.iter_raw():
            yield len(chunk), chunk
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):  # never asked for: see web_fetch.py
        raise httpx.DecodingError(f"{encoding} was not asked for", request=response.request)
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib, told by the header
    given = 0
    for chunk in response.iter_raw():
        try:
            piece = inflater.decompress(chunk, most - given + 1)
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc), request=response.request) from exc
        given += len(piece)
        yield len(chunk), piece
        if given > most:
            return
