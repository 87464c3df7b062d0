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

Every failure becomes a SourceError (exit 2) in plain words, or
`FileMismatch` for a file whose bytes are not the ones expected (the
caller decides whether the bundle is broken or caught mid-publish).
"""

from __future__ import annotations

import contextlib
import functools
import socket
import ssl
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from reader import __version__
from reader.core.errors import SourceError, SyncCancelled
from reader.core.library.web_headers import header_number, sendable_headers

if TYPE_CHECKING:
    import httpx

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_REDIRECTS = 20  # httpx's default: a CDN or a moved folder needs one or two


@dataclass(frozen=True)
class NetworkSettings:
    """Time-outs and retries; tests pass small ones, the app uses DEFAULT_NETWORK."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    attempts: int = 3
    backoff: float = 1.0  # seconds before the second attempt, doubled for each next one
    budget: float = 55.0  # seconds without a byte received, all attempts together


DEFAULT_NETWORK = NetworkSettings()


class FileMismatch(Exception):
    """A downloaded file's bytes differ from what the manifest says (size or sha256)."""


class NotFound(SourceError):
    """The server answered 404 or 410."""


class TooLarge(SourceError):
    """A small file (manifest, signature) longer than its limit; the caller names the rule."""

    def __init__(self, url: str, limit: int):
        super().__init__(f"{url}: is larger than the limit of {limit} bytes")
        self.limit = limit


class Forbidden(SourceError):
    """The server answered 403: object stores (S3 behind a CDN) say so for a missing file."""


@dataclass(frozen=True)
class Answer:
    """A small response read whole: its status, validators and body."""

    status: int
    body: bytes
    etag: str | None
    last_modified: str | None
    length: int | None = None  # Content-Length, for HEAD

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
    ) -> None:
        self.network = network
        self.cancelled = cancelled
        self.received = 0  # body bytes, for the benchmark and the log
        self._last_progress = time.monotonic()
        self._proxy = proxy
        self._clients: dict[str | None, httpx.Client] = {}

    def close(self) -> None:
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
                for chunk in response.iter_bytes():
                    self.arrived(len(chunk))
                    body += chunk
                    if len(body) > limit:
                        raise TooLarge(url, limit)
                return Answer(
                    response.status_code,
                    bytes(body),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                )

        return self.retrying(url, attempt)

    def head(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        """HEAD: the status (200 or 304), the validators and the length (no body).

        NotFound for 404/410; SourceError for anything else that fails after retries.
        """

        def attempt() -> Answer:
            response = self._client(url).head(
                url, headers=sendable_headers(headers or {}), timeout=self._timeout()
            )
            self.raise_for_status(url, response, allowed=(200, 304))
            self.arrived(0)
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
        proxy = self._proxy or system_proxy(url)
        client = self._clients.get(proxy)
        if client is None:
            import httpx  # here, not at the top: a tenth of a second the app rarely needs

            client = httpx.Client(
                proxy=proxy,
                verify=_ssl_context(),
                # The environment's proxy variables are read by system_proxy,
                # which also knows the Windows and macOS settings.
                trust_env=False,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": f"sci-reader/{__version__}"},
            )
            # Bytes on a metered line: HTTP/1.1 keeps connections alive without
            # saying so, and `Accept: */*` says what no header says.
            for name in ("Accept", "Connection"):
                client.headers.pop(name, None)
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
        self.received += count
        self._last_progress = time.monotonic()

    def retrying(self, url: str, attempt: Callable):
        import httpx

        pause = self.network.backoff
        for number in range(1, self.network.attempts + 1):
            if self.cancelled():
                raise SyncCancelled("The update was cancelled; nothing was changed")
            try:
                return attempt()
            except (httpx.TransportError, httpx.TooManyRedirects, ShortRead, Retryable) as exc:
                last = exc
                if _name_not_found(exc) or isinstance(
                    exc, (httpx.TooManyRedirects, httpx.UnsupportedProtocol)
                ):
                    # No network, a misspelt address, or redirects that lead nowhere
                    # this app can go: a pause will not change it.
                    break
            if number == self.network.attempts or self._left() <= pause:
                break
            time.sleep(pause)
            pause *= 2
        raise _plain_failure(url, last, self.network) from last

    def raise_for_status(self, url: str, response: httpx.Response, allowed) -> None:
        status = response.status_code
        if status in allowed:
            return
        if status in (404, 410):
            raise NotFound(f"{url}: not found on the server ({status}); nothing was changed")
        if status == 403:
            raise Forbidden(
                f"{url}: the server answered {status} {response.reason_phrase}; nothing was changed"
            )
        if status == 416:
            raise Retryable(f"the server refused the range ({status})")
        if status in RETRY_STATUS:
            raise Retryable(f"the server answered {status} {response.reason_phrase}")
        raise SourceError(
            f"{url}: the server answered {status} {response.reason_phrase}; nothing was changed"
        )


class ShortRead(Exception):
    """The connection ended before the whole file arrived."""


class Retryable(Exception):
    """A server answer worth trying again (busy, a gateway time-out)."""


def _plain_failure(url: str, exc: Exception, network: NetworkSettings) -> SourceError:
    import httpx

    host = urlsplit(url).hostname or url
    if isinstance(exc, httpx.TooManyRedirects):
        return SourceError(
            f"{url}: the server redirects it in a loop (more than {MAX_REDIRECTS} redirects); "
            "nothing was changed. Is the update address right?"
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        # The address itself was checked to be http(s): only a redirect gets here.
        return SourceError(
            f"{url}: the server redirects it to an address that is not http:// or "
            f"https:// ({exc.request.url if _has_request(exc) else exc}); nothing was changed"
        )
    if isinstance(exc, httpx.ProxyError):
        return SourceError(f"Could not reach {host} through the proxy ({exc}); nothing was changed")
    if _name_not_found(exc):
        why = "you seem to be offline (or the address is misspelt)"
        return SourceError(f"Could not reach {host}: {why}; nothing was changed")
    if isinstance(exc, httpx.ConnectError):
        why = "you seem to be offline, or the server is down"
        return SourceError(f"Could not reach {host}: {why}; nothing was changed")
    if isinstance(exc, httpx.TimeoutException):
        return SourceError(
            f"{host} did not answer in time (gave up after {network.attempts} tries); nothing "
            "was changed. Try again later"
        )
    if isinstance(exc, Retryable):
        return SourceError(f"{url}: {exc}; nothing was changed. Try again later")
    return SourceError(
        f"The connection to {host} kept breaking off ({exc or type(exc).__name__}); nothing "
        "was changed. Try again later: the download goes on from where it stopped"
    )


def _has_request(exc: Exception) -> bool:
    try:
        return exc.request is not None  # httpx raises RuntimeError when it has none
    except RuntimeError:
        return False


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """httpx's default (certifi's CA list), made once: loading it takes 50 ms."""
    import httpx

    return httpx.create_ssl_context()


def _name_not_found(exc: BaseException) -> bool:
    """Whether the host name could not be looked up (the machine has no network, often)."""
    seen: BaseException | None = exc
    for _ in range(5):  # httpx wraps httpcore's error, which wraps the socket's
        if seen is None:
            return False
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


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
