"""HTTP for web updates: time-outs, retries, a budget, proxies, and resumable downloads.

httpx does the HTTP; this module holds the policy a bad connection needs:

- connect and read time-outs, a few retries with a growing pause, and a
  budget: time spent without receiving a byte, over all attempts together,
  after which the fetch gives up (a server that never answers costs at most
  `budget` seconds, `DEFAULT_NETWORK` keeps it under a minute). Bytes that
  arrive reset it, so a slow but working download is never cut off;
- the system's proxy (environment variables; the Windows and macOS settings
  through `urllib.request.getproxies`) or the clinic's `proxy` setting;
- downloads into `.part` files that resume with Range + If-Range, checked
  against the size and sha256 the signed manifest gives: the end of a
  response is never taken for the end of the file.

Every failure becomes a SourceError (exit 2) in plain words, or
`FileMismatch` for a file whose bytes are not the ones expected (the
caller decides whether the bundle is broken or caught mid-publish).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from reader import __version__
from reader.core.errors import SourceError, SyncCancelled

CHUNK = 64 * 1024
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


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
            with self._stream(url, headers or {}) as response:
                self._raise_for_status(url, response, allowed=(200, 304))
                body = bytearray()
                for chunk in response.iter_bytes():
                    self._arrived(len(chunk))
                    body += chunk
                    if len(body) > limit:
                        raise SourceError(f"{url}: is larger than the limit of {limit} bytes")
                return Answer(
                    response.status_code,
                    bytes(body),
                    response.headers.get("etag"),
                    response.headers.get("last-modified"),
                )

        return self._retrying(url, attempt)

    def head(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        """HEAD: the status (200 or 304), the validators and the length (no body).

        NotFound for 404/410; SourceError for anything else that fails after retries.
        """

        def attempt() -> Answer:
            response = self._client(url).head(url, headers=headers or {}, timeout=self._timeout())
            self._raise_for_status(url, response, allowed=(200, 304))
            self._arrived(0)
            return Answer(
                response.status_code,
                b"",
                response.headers.get("etag"),
                response.headers.get("last-modified"),
                int(length) if (length := response.headers.get("content-length", "")).isdigit()
                else None,
            )  # fmt: skip

        return self._retrying(url, attempt)

    # -- resumable downloads ------------------------------------------------------------

    def download(
        self,
        url: str,
        target: Path,
        size: int | None,
        sha256: str | None,
        on_bytes: Callable[[int], None] = lambda n: None,
    ) -> str | None:
        """Download `url` to `target` through `target.part`, resuming what an earlier try left.

        With `size` and `sha256` (a manifest's file), the bytes must match
        both, else FileMismatch (and the part is deleted: the next try
        starts afresh). Without them (a ZIP), the response's own length is
        the one checked. `on_bytes(n)` counts new bytes as they arrive.
        Returns the file's validator (ETag or Last-Modified), if the server gave one.
        """
        part = target.with_name(target.name + ".part")
        meta = target.with_name(target.name + ".part.json")
        target.parent.mkdir(parents=True, exist_ok=True)

        def attempt() -> None:
            have, validator = _resume_point(part, meta, url, size)
            headers = {"Accept-Encoding": "identity"}
            if have and validator:
                headers["Range"] = f"bytes={have}-"
                headers["If-Range"] = validator
            with self._stream(url, headers) as response:
                if response.status_code == 416:  # the part is longer than the file now
                    _discard(part, meta)
                self._raise_for_status(url, response, allowed=(200, 206))
                encoding = response.headers.get("content-encoding", "identity").lower()
                if encoding not in ("", "identity"):
                    raise SourceError(
                        f"{url}: the server compressed the file ({encoding}) although asked "
                        "not to; it must serve bundle files as they are"
                    )
                start = _start_of(response, have)
                expected = size if size is not None else _full_length(response, start)
                if start == 0:
                    _write_meta(meta, url, _validator(response))
                with open(part, "r+b" if start else "wb") as stream:
                    stream.seek(start)
                    stream.truncate()
                    done = start
                    for chunk in response.iter_raw(CHUNK):
                        if expected is not None and done + len(chunk) > expected:
                            _discard(part, meta)
                            raise FileMismatch(f"is longer than the {expected} bytes expected")
                        stream.write(chunk)
                        done += len(chunk)
                        self._arrived(len(chunk))
                        on_bytes(len(chunk))
                        if self.cancelled():
                            raise SyncCancelled(
                                "The download was cancelled; nothing was changed (what was "
                                "downloaded is kept, and the next try goes on from there)"
                            )
            if expected is not None and done < expected:
                # A dropped connection can look like a clean end: never trust it.
                raise _ShortRead(f"{done} of {expected} bytes")

        self._retrying(url, attempt)
        if sha256 is not None and _sha256_of(part) != sha256:
            _discard(part, meta)
            raise FileMismatch("sha256 does not match the manifest")
        validator = _resume_point(part, meta, url, None)[1]
        part.replace(target)
        with contextlib.suppress(OSError):
            meta.unlink()
        return validator

    # -- the policy ----------------------------------------------------------------------

    def _client(self, url: str) -> httpx.Client:
        proxy = self._proxy or system_proxy(url)
        client = self._clients.get(proxy)
        if client is None:
            client = httpx.Client(
                proxy=proxy,
                # The environment's proxy variables are read by system_proxy,
                # which also knows the Windows and macOS settings.
                trust_env=False,
                follow_redirects=True,
                headers={"User-Agent": f"sci-reader/{__version__}"},
            )
            self._clients[proxy] = client
        return client

    def _timeout(self) -> httpx.Timeout:
        left = max(self._left(), 0.05)  # no single wait outlasts the budget
        return httpx.Timeout(
            connect=min(self.network.connect_timeout, left),
            read=min(self.network.read_timeout, left),
            write=min(self.network.read_timeout, left),
            pool=min(self.network.connect_timeout, left),
        )

    def _stream(self, url: str, headers: dict[str, str]):
        return self._client(url).stream("GET", url, headers=headers, timeout=self._timeout())

    def _left(self) -> float:
        return self.network.budget - (time.monotonic() - self._last_progress)

    def _arrived(self, count: int) -> None:
        self.received += count
        self._last_progress = time.monotonic()

    def _retrying(self, url: str, attempt: Callable):
        pause = self.network.backoff
        for number in range(1, self.network.attempts + 1):
            if self.cancelled():
                raise SyncCancelled("The update was cancelled; nothing was changed")
            try:
                return attempt()
            except (httpx.TransportError, _ShortRead, _Retryable) as exc:
                last = exc
            if number == self.network.attempts or self._left() <= pause:
                break
            time.sleep(pause)
            pause *= 2
        raise _plain_failure(url, last, self.network) from last

    def _raise_for_status(self, url: str, response: httpx.Response, allowed) -> None:
        status = response.status_code
        if status in allowed:
            return
        if status in (404, 410):
            raise NotFound(f"{url}: not found on the server ({status}); nothing was changed")
        if status == 416:
            raise _Retryable(f"the server refused the range ({status})")
        if status in RETRY_STATUS:
            raise _Retryable(f"the server answered {status} {response.reason_phrase}")
        raise SourceError(
            f"{url}: the server answered {status} {response.reason_phrase}; nothing was changed"
        )


class _ShortRead(Exception):
    """The connection ended before the whole file arrived."""


class _Retryable(Exception):
    """A server answer worth trying again (busy, a gateway time-out)."""


def _plain_failure(url: str, exc: Exception, network: NetworkSettings) -> SourceError:
    host = urlsplit(url).hostname or url
    if isinstance(exc, httpx.ProxyError):
        return SourceError(f"Could not reach {host} through the proxy ({exc}); nothing was changed")
    if isinstance(exc, httpx.ConnectError):
        if isinstance(exc.__context__, socket.gaierror) or "name" in str(exc).lower():
            why = "you seem to be offline"
        else:
            why = "you seem to be offline, or the server is down"
        return SourceError(f"Could not reach {host}: {why}; nothing was changed")
    if isinstance(exc, httpx.TimeoutException):
        return SourceError(
            f"{host} did not answer in time (gave up after {network.attempts} tries); nothing "
            "was changed. Try again later"
        )
    if isinstance(exc, _Retryable):
        return SourceError(f"{url}: {exc}; nothing was changed. Try again later")
    return SourceError(
        f"The connection to {host} kept breaking off ({exc or type(exc).__name__}); nothing "
        "was changed. Try again later: the download goes on from where it stopped"
    )


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


def _resume_point(part: Path, meta: Path, url: str, size: int | None) -> tuple[int, str | None]:
    """(bytes already in the part, the validator they came with); (0, None) to start afresh."""
    try:
        have = part.stat().st_size
        saved = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, None
    if not isinstance(saved, dict) or saved.get("url") != url or not saved.get("validator"):
        return 0, None
    if size is not None and have > size:
        return 0, None
    return have, str(saved["validator"])


def _validator(response: httpx.Response) -> str | None:
    """What If-Range may name: a strong ETag, else Last-Modified (RFC 9110, 13.1.5)."""
    etag = response.headers.get("etag")
    if etag and not etag.startswith("W/"):
        return etag
    return response.headers.get("last-modified")


def _start_of(response: httpx.Response, have: int) -> int:
    """Where the response's bytes go in the file: `have` for a matching 206, else 0."""
    if response.status_code != 206:
        return 0
    content_range = response.headers.get("content-range", "")
    try:
        unit, _, rest = content_range.partition(" ")
        first = int(rest.split("-", 1)[0])
    except ValueError:
        first = -1
    if unit != "bytes" or first != have:
        raise _Retryable(f"the server sent the wrong part of the file ({content_range!r})")
    return have


def _full_length(response: httpx.Response, start: int) -> int | None:
    if response.status_code == 206:
        total = response.headers.get("content-range", "").rpartition("/")[2]
        return int(total) if total.isdigit() else None
    length = response.headers.get("content-length", "")
    return start + int(length) if length.isdigit() else None


def _write_meta(meta: Path, url: str, validator: str | None) -> None:
    meta.write_text(json.dumps({"url": url, "validator": validator}), encoding="utf-8")


def _discard(part: Path, meta: Path) -> None:
    for path in (part, meta):
        with contextlib.suppress(OSError):
            path.unlink()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
