"""Why a web fetch failed, in the words a reader or clinic IT can act on.

Apart from web_fetch.py's policy because the words are most of the work:
a proxy that cannot be reached or wants a login is named as the proxy (not
as the update's server, which was never reached), a host that answers
with bytes that are not HTTP is not "breaking off", a 410 is not called a
404, a certificate this computer does not trust is not "offline". Each
failure is a SourceError (exit 2: the source could not be
read, nothing was changed), or one of the exceptions below that the
callers turn into one.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

from reader.core.errors import SourceError
from reader.core.web_address import shown

MAX_REDIRECTS = 20  # httpx's default: a CDN or a moved folder needs one or two

# A Wi-Fi network that wants a login first answers every address with its
# own page; in hotels, clinics and cafés this is the usual "no update".
LOGIN_HINT = (
    "A Wi-Fi network that needs a login first (as in hotels and clinics) does this: "
    "open a web browser, log in or accept its terms, and try again"
)


class FileMismatch(Exception):
    """A downloaded file's bytes differ from what the manifest says (size or sha256).

    `modified` and `date` are the file's Last-Modified and the server's Date as
    it answered (or None): a file changed after the manifest, moments ago, is a
    new version being uploaded (web_update.py), not a broken bundle.
    """

    modified: str | None = None
    date: str | None = None


class NotFound(SourceError):
    """The server answered 404 or 410."""

    def __init__(self, message: str, status: int = 404):
        super().__init__(message)
        self.status = status


class TooLarge(SourceError):
    """A small file (manifest, signature) longer than its limit; the caller names the rule."""

    def __init__(self, url: str, limit: int):
        super().__init__(f"{url}: is larger than the limit of {limit} bytes")
        self.limit = limit


class Forbidden(SourceError):
    """The server answered 403: object stores (S3 behind a CDN) say so for a missing file."""


class ShortRead(Exception):
    """The connection ended before the whole file arrived."""


class Retryable(Exception):
    """A server answer worth trying again (busy, a gateway time-out); `wait`: the seconds
    its Retry-After asks for, if any."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


def how_long(seconds: float) -> str:
    """A wait in words: "40 seconds", "2 minutes", "3 hours", "more than a day"."""
    for unit, size, below in (("second", 1, 90), ("minute", 60, 5400), ("hour", 3600, 129600)):
        if seconds < below:
            count = round(seconds / size)
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "more than a day"


class Stalled(Exception):
    """Bytes came, but too few for too long: a trickle that would never finish."""


def status_failure(url: str, status: int, reason: str, proxy: str | None) -> SourceError:
    """A final answer that is not the file: 401, 403, 404, 407, 410 and the rest."""
    if status in (404, 410):
        return NotFound(f"{url}: not found on the server ({status}); nothing was changed", status)
    if status == 407:
        who = f"The proxy {shown(proxy)}" if proxy else "A proxy on the way"
        return SourceError(
            f"{who} asks for a login (407 {reason}), which this app cannot give; nothing was "
            "changed. Ask IT to let the update address through without one"
        )
    if status == 403:
        return Forbidden(f"{url}: the server answered {status} {reason}; nothing was changed")
    if status == 401:
        return SourceError(
            f"{url}: the server asks for a password (401 {reason}); nothing was changed. "
            "An update address must be open to all"
        )
    return SourceError(f"{url}: the server answered {status} {reason}; nothing was changed")


def plain_failure(url: str, exc: Exception, attempts: int, proxy: str | None) -> SourceError:
    """What the last try's exception means for the person waiting."""
    import httpx

    host = urlsplit(url).hostname or url
    if isinstance(exc, httpx.TooManyRedirects):
        return SourceError(
            f"{url}: the server redirects it more than {MAX_REDIRECTS} times (in a loop, or "
            "from one address to the next); nothing was changed. Is the update address right?"
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        # The address itself was checked to be http(s): only a redirect gets here.
        return SourceError(
            f"{url}: the server redirects it to an address that is not http:// or "
            f"https:// ({exc.request.url if _has_request(exc) else exc}); nothing was changed"
        )
    if isinstance(exc, Stalled):
        return SourceError(
            f"{host} is sending too slowly to finish ({exc}); nothing was changed. Try again "
            "later: what came so far is kept"
        )
    if proxy and isinstance(exc, (httpx.ProxyError, httpx.ConnectError, httpx.ConnectTimeout)):
        # httpx says ConnectError for a proxy that is down: the update's
        # server was never asked, so it must not be blamed.
        return SourceError(
            f"Could not reach {host} through the proxy {shown(proxy)} ({_why(exc)}); nothing was "
            "changed. Is the proxy setting right?"
        )
    certificate = untrusted_certificate(exc)
    if certificate is not None:
        return SourceError(
            f"Could not update from {host} safely: its certificate {certificate}; nothing was "
            "changed. The update address needs a certificate this computer trusts"
        )
    if _cause(exc, ssl.SSLError) is not None:
        return SourceError(
            f"Could not set up a secure (https://) connection to {host} ({_why(exc)}); nothing "
            "was changed. Is the update address right?"
        )
    if name_not_found(exc):
        why = "you seem to be offline (or the address is misspelt)"
        return SourceError(f"Could not reach {host}: {why}; nothing was changed")
    if isinstance(exc, httpx.ConnectError):
        why = "you seem to be offline, or the server is down"
        return SourceError(f"Could not reach {host}: {why}; nothing was changed")
    if isinstance(exc, httpx.TimeoutException):
        return SourceError(
            f"{host} did not answer in time (gave up after {attempts} tries); nothing "
            "was changed. Try again later"
        )
    if isinstance(exc, Retryable):
        return SourceError(f"{url}: {exc}; nothing was changed. Try again later")
    if isinstance(exc, httpx.DecodingError):
        return SourceError(
            f"{url}: the server labels it compressed (Content-Encoding) but it is not "
            f"({_why(exc)}); nothing was changed. The server must serve the file as it is"
        )
    if isinstance(exc, httpx.RemoteProtocolError) and not _cut_short(exc):
        return SourceError(
            f"{host} did not answer as a web server does ({_why(exc)}); nothing was changed. "
            "Is the update address right?"
        )
    return SourceError(
        f"The connection to {host} kept breaking off ({exc or type(exc).__name__}); nothing "
        "was changed. Try again later: the download goes on from where it stopped"
    )


def _cut_short(exc: Exception) -> bool:
    """Whether a protocol error is a response cut off part-way (a drop, not a bad server)."""
    text = str(exc)
    return "without sending complete message body" in text or "disconnected" in text


def _why(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _has_request(exc: Exception) -> bool:
    try:
        return exc.request is not None  # httpx raises RuntimeError when it has none
    except RuntimeError:
        return False


def name_not_found(exc: BaseException) -> bool:
    """Whether the host name could not be looked up (the machine has no network, often)."""
    return _cause(exc, socket.gaierror) is not None


# OpenSSL's verify codes (X509_V_ERR_*) that a person can be told in words.
_CERTIFICATE_WORDS = {
    9: "is not valid yet (or this computer's clock is wrong)",
    10: "has expired (or this computer's clock is wrong)",
    62: "is for another name",
    64: "is for another address",
}


def untrusted_certificate(exc: BaseException) -> str | None:
    """What is wrong with the server's certificate, in words, if that is why it failed."""
    error = _cause(exc, ssl.SSLCertVerificationError)
    if error is None:
        return None
    words = _CERTIFICATE_WORDS.get(error.verify_code)
    if words is None:  # self-signed, an unknown authority (a proxy that reads https), revoked
        words = f"is not trusted ({error.verify_message or 'not signed by a known authority'})"
    return words


def _cause(exc: BaseException, kind: type[BaseException]):
    """The first exception of `kind` in `exc`'s chain (httpx wraps httpcore's, which wraps
    the socket's), or None."""
    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None:
            return None
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
