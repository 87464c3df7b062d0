"""HTTP for web updates: time-outs, retries, a budget, proxies.

httpx does the HTTP; this module holds the policy a bad connection needs:

- connect and read time-outs, a few retries with a growing pause, and a
  budget: time spent without receiving a byte, over all attempts together,
  after which the fetch gives up (a server that never answers costs at most
  `budget` seconds, `DEFAULT_NETWORK` keeps it under a minute). Bytes that
  arrive reset it, so a slow but working download is never cut off;
- the system's proxy (environment variables; the Windows and macOS settings
  through `urllib.request.getproxies`) or the clinic's `proxy` setting;
- the answers the resumable downloads of web_download.py build on.

Every failure becomes a SourceError (exit 2) in plain words
(web_failures.py; web_guard.py for redirects and Wi-Fi login pages), or
`FileMismatch` for a file whose bytes are not the ones expected (the
caller decides whether the bundle is broken or caught mid-publish).
"""

from __future__ import annotations

import contextlib
import functools
import ssl
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader import __version__
from reader.core.errors import SourceError, SyncCancelled
from reader.core.library.web_cancel import CancelWatch, pause_unless_cancelled
from reader.core.library.web_failures import (
    MAX_REDIRECTS,
    FileMismatch,
    Forbidden,
    NotFound,
    Retryable,
    ShortRead,
    Stalled,
    TooLarge,
    how_long,
    name_not_found,
    plain_failure,
    status_failure,
    untrusted_certificate,
)
from reader.core.library.web_guard import (
    body_chunks,
    check_redirect,
    login_page,
    looks_like_a_web_page,
)
from reader.core.library.web_headers import header_number, retry_after, sendable_headers

if TYPE_CHECKING:
    import httpx

__all__ = ["FileMismatch", "Forbidden", "NotFound", "Retryable", "ShortRead", "TooLarge"]

CANCELLED = "The update was cancelled; nothing was changed"
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class NetworkSettings:
    """Time-outs and retries; tests pass small ones, the app uses DEFAULT_NETWORK."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    attempts: int = 3
    backoff: float = 1.0  # seconds before the second attempt, doubled for each next one
    # Seconds without progress, all attempts together: with the start and a
    # sync, under the minute the docs promise even on a busy machine.
    budget: float = 45.0
    progress_bytes: int = 4096  # fewer in `budget` seconds is a stall (a trickle), not progress


DEFAULT_NETWORK = NetworkSettings()


@dataclass(frozen=True)
class Answer:
    """A small response read whole: its status, validators and body."""

    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    length: int | None = None  # Content-Length (GET: None when the close ended the body)
    decoded: bool = False  # the body came labelled Content-Encoding, and was unpacked

    @property
    def validator(self) -> str | None:
        """What identifies this version of the file: a strong ETag, else Last-Modified."""
        if self.etag and not self.etag.startswith("W/"):
            return self.etag
        return self.last_modified


class Fetcher:
    """One web source's connection pool, with the budget shared by all its requests."""

    def __init__(
        self,
        *,
        proxy: str | None = None,
        network: NetworkSettings = DEFAULT_NETWORK,
        cancelled: Callable[[], bool] = lambda: False,
        login: tuple[str, str] | None = None,
    ) -> None:
        self.network = network
        self._login = login  # web_address.split_login's: sent, never part of a URL
        self.cancelled = cancelled
        self.received = 0  # body bytes, for the benchmark and the log
        self._last_progress = time.monotonic()
        self._unproven = 0  # bytes since the last progress, fewer than progress_bytes
        self._proxy = proxy
        self._clients: dict[str | None, httpx.Client] = {}
        self._watch = CancelWatch(cancelled)

    def close(self) -> None:
        self._watch.close()
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- small files: manifest, signature --------------------------------------------

    def get(self, url: str, limit: int, headers: dict[str, str] | None = None) -> Answer:
        """GET a small file whole (at most `limit` bytes); 304 comes back as an Answer.

        NotFound for 404/410; SourceError for anything else that fails after retries.
        """

        def attempt() -> Answer:
            with self.stream(url, headers or {}) as response:
                self.raise_for_status(url, response, allowed=(200, 304))
                said = header_number(response.headers.get("content-length", ""))
                if said is not None and said > limit and "content-encoding" not in response.headers:
                    raise TooLarge(url, limit)
                body = bytearray()
                for count, chunk in body_chunks(response, limit):
                    self.arrived(count)
                    kind = response.headers.get("content-type")
                    if not body and looks_like_a_web_page(chunk, kind):
                        raise login_page(url)
                    body += chunk
                    if len(body) > limit:
                        raise TooLarge(url, limit)
                    if self.cancelled():
                        raise SyncCancelled(CANCELLED)
                self.progressed()
                return Answer(
                    response.status_code,
                    bytes(body),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                    len(body) if "transfer-encoding" in response.headers else said,  # chunks end
                    decoded=response.headers.get("content-encoding", "identity").lower()
                    not in ("", "identity"),
                )

        return self.retrying(url, attempt)

    def head(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        """HEAD: the status (200 or 304), the validators and the length (no body); a GET
        unread for a host that answers HEAD 405 or 501.

        NotFound for 404/410; SourceError for anything else that fails after retries.
        """

        def attempt() -> Answer:
            response = self._client(url).head(
                url, headers=sendable_headers(headers or {}), timeout=self._timeout()
            )
            if response.status_code in (405, 501):
                # A host that serves files but not HEAD (a link signed for GET only,
                # some CDNs): the same question as a GET whose body is never read.
                asked = {**(headers or {}), "Accept-Encoding": "identity"}
                with self.stream(url, asked) as response:
                    return headers_only(response)
            return headers_only(response)

        def headers_only(response: httpx.Response) -> Answer:
            self.raise_for_status(url, response, allowed=(200, 304))
            self.progressed()
            return Answer(
                response.status_code,
                b"",
                response.headers.get("etag"),
                response.headers.get("last-modified"),
                header_number(response.headers.get("content-length", "")),
            )

        return self.retrying(url, attempt)

    # -- the policy ----------------------------------------------------------------------

    def _client(self, url: str) -> httpx.Client:
        proxy = self._proxy_for(url)
        client = self._clients.get(proxy)
        if client is None:
            import httpx  # here, not at the top: a tenth of a second the app rarely needs

            client = httpx.Client(
                proxy=proxy,
                auth=self._login,
                verify=_ssl_context(),
                # The environment's proxy variables are read by system_proxy,
                # which also knows the Windows and macOS settings.
                trust_env=False,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                event_hooks={"response": [check_redirect]},
                headers={"User-Agent": f"sci-reader/{__version__}"},
            )
            # Bytes on a metered line: HTTP/1.1 keeps connections alive without
            # saying so, and `Accept: */*` says what no header says.
            for name in ("Accept", "Connection"):
                client.headers.pop(name, None)
            # Only what web_guard.body_chunks unpacks within a limit (not br or zstd).
            client.headers["Accept-Encoding"] = "gzip, deflate"
            self._watch.watch(client)
            self._clients[proxy] = client
        return client

    def _timeout(self) -> httpx.Timeout:
        import httpx

        left = max(self._left(), 0.05)  # no single wait outlasts the budget
        return httpx.Timeout(
            connect=min(self.network.connect_timeout, left),
            read=min(self.network.read_timeout, left),
            write=min(self.network.read_timeout, left),
            pool=min(self.network.connect_timeout, left),
        )

    def stream(self, url: str, headers: dict[str, str]):
        return self._client(url).stream(
            "GET", url, headers=sendable_headers(headers), timeout=self._timeout()
        )

    def _left(self) -> float:
        return self.network.budget - (time.monotonic() - self._last_progress)

    def arrived(self, count: int) -> None:
        """`count` more bytes came; Stalled when too few came in the whole budget."""
        self.received += count
        self._unproven += count
        if self._unproven >= self.network.progress_bytes:
            self.progressed()
        elif self._left() <= 0:
            raise Stalled(
                f"under {self.network.progress_bytes // 1024} KB in {self.network.budget:g} seconds"
            )

    def progressed(self) -> None:
        """A whole answer, or `progress_bytes` of one, came: the budget starts again."""
        self._unproven = 0
        self._last_progress = time.monotonic()

    def retrying(self, url: str, attempt: Callable):
        import httpx

        final = (httpx.TooManyRedirects, httpx.UnsupportedProtocol, httpx.DecodingError, Stalled)
        pause = self.network.backoff
        for number in range(1, self.network.attempts + 1):
            if self.cancelled():
                raise SyncCancelled(CANCELLED)
            try:
                return attempt()
            except (httpx.InvalidURL, UnicodeError) as exc:
                # Said by httpx, or by the IDNA codec as the host is looked up
                # (`xn--a.com`, `a..b`, a label over 63 letters): no try will do.
                raise SourceError(
                    f"{url}: is not a valid web address ({exc}); nothing was changed"
                ) from None
            except (
                httpx.TransportError, httpx.TooManyRedirects, httpx.DecodingError, ShortRead,
                Retryable, Stalled,
            ) as exc:  # fmt: skip
                if self.cancelled():  # the watcher cut the wait short (web_cancel.py)
                    raise SyncCancelled(CANCELLED) from None
                last = exc
                if name_not_found(exc) or untrusted_certificate(exc) or isinstance(exc, final):
                    # No network, a misspelt address, a certificate not trusted,
                    # redirects that lead nowhere this app can go, a host that
                    # mislabels its compression, a budget spent: a pause will not
                    # change it.
                    break
            # A Retry-After is kept to within 10 s and the budget; a longer one ends it now.
            wait = getattr(last, "wait", None) or 0
            if wait > pause and (wait > 10 or wait >= self._left()):
                break
            if number == self.network.attempts or self._left() <= max(pause, wait):
                break
            if not pause_unless_cancelled(max(pause, wait), self.cancelled):
                raise SyncCancelled(CANCELLED)
            pause *= 2
        raise plain_failure(url, last, self.network.attempts, self._proxy_for(url)) from last

    def _proxy_for(self, url: str) -> str | None:
        return self._proxy or system_proxy(url)

    def raise_for_status(self, url: str, response: httpx.Response, allowed) -> None:
        status = response.status_code
        if status in allowed:
            return
        if status == 416:
            raise Retryable(f"the server refused the range ({status})")
        if status in RETRY_STATUS:
            said = f"the server answered {status} {response.reason_phrase}"
            wait = retry_after(response.headers.get("retry-after"), response.headers.get("date"))
            if wait is not None and wait >= 1:
                said += f" and asks to be asked again in {how_long(wait)}"
            raise Retryable(said, wait)
        raise status_failure(url, status, response.reason_phrase, self._proxy_for(url))


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """httpx's default (certifi's CA list), made once: loading it takes 50 ms."""
    import httpx

    return httpx.create_ssl_context()


def system_proxy(url: str) -> str | None:
    """The proxy the system names for `url`'s scheme, unless the host bypasses it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy:
        return None
    with contextlib.suppress(Exception):  # a malformed bypass list: use the proxy
        if urllib.request.proxy_bypass(host):
            return None
    return proxy
