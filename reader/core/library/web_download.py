"""Resumable downloads into `.part` files, checked for length and sha256.

A file comes down into `<target>.part`, with `<target>.part.json` noting
the URL and the validator (strong ETag, else Last-Modified) it came with.
The next try asks only for the rest (`Range: bytes=N-` with `If-Range`):
a 206 from byte N is appended, a 200 (the file changed) starts afresh.
The end of a response is never taken for the end of the file: a dropped
connection can look like a clean end, so the length is always counted,
and a manifest's file must match its size and sha256 before it is renamed
into place.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import LibraryUnusable, SourceError, SyncCancelled, no_room
from reader.core.library.web_fetch import Fetcher, FileMismatch, Retryable, ShortRead
from reader.core.library.web_guard import LoginPage, login_page, looks_like_a_web_page
from reader.core.library.web_headers import header_number, sendable

if TYPE_CHECKING:
    import httpx


def download(
    fetcher: Fetcher,
    url: str,
    target: Path,
    size: int | None,
    sha256: str | None,
    on_bytes: Callable[[int], None] = lambda n: None,
    max_bytes: int | None = None,
) -> str | None:
    """Download `url` to `target` through `target.part`, resuming what an earlier try left.

    With `size` and `sha256` (a manifest's file), the bytes must match
    both, else FileMismatch (and the part is deleted: the next try
    starts afresh). Without them (a ZIP), the response's own length is
    the one checked, and `max_bytes` bounds it: a longer file, said or
    sent, is FileMismatch("is more than N bytes") and its part is deleted.
    `on_bytes(n)` counts new bytes as they arrive.
    Returns the file's validator (ETag or Last-Modified), if the server gave one.
    """
    part = target.with_name(target.name + ".part")
    meta = target.with_name(target.name + ".part.json")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(part, exc) from exc

    answered: dict[str, str | None] = {}  # the last answer's Last-Modified and Date

    def attempt() -> None:
        have, validator = _resume_point(part, meta, url, size)
        headers = {"Accept-Encoding": "identity"}
        if have and validator:
            headers["Range"] = f"bytes={have}-"
            headers["If-Range"] = validator
        with fetcher.stream(url, headers) as response:
            answered.update(modified=response.headers.get("last-modified"),
                            date=response.headers.get("date"))  # fmt: skip
            if response.status_code == 416:  # the part is longer than the file now
                _discard(part, meta)
                total = header_number(response.headers.get("content-range", "").rpartition("/")[2])
                if size is not None and total is not None and total != size:
                    raise FileMismatch(_wrong_size(total, size))
            fetcher.raise_for_status(url, response, allowed=(200, 206))
            encoding = response.headers.get("content-encoding", "identity").lower()
            if encoding not in ("", "identity"):
                raise SourceError(
                    f"{url}: the server compressed the file ({encoding}) although asked "
                    "not to; it must serve bundle files as they are"
                )
            start = _start_of(response, have)
            served = _full_length(response, start)
            if size is not None and served is not None and served != size:
                _discard(part, meta)  # asking again would not change it
                first = next(response.iter_raw(), b"") if start == 0 else b""
                if looks_like_a_web_page(first, response.headers.get("content-type")):
                    raise login_page(url)  # the length is the page's: the network's doing
                raise FileMismatch(_wrong_size(served, size))
            if max_bytes is not None and served is not None and served > max_bytes:
                _discard(part, meta)
                raise FileMismatch(f"is {served} bytes")
            expected = size if size is not None else served
            if start == 0:
                _write_meta(meta, url, _validator(response))
            with open(part, "r+b" if start else "wb") as stream:
                stream.seek(start)
                stream.truncate()
                done = start
                for chunk in response.iter_raw():  # as they arrive: a drop keeps them
                    if done == 0 and looks_like_a_web_page(
                        chunk, response.headers.get("content-type")
                    ):
                        # A Wi-Fi login page, not a file the publisher changed: the
                        # bundle is not to blame (exit 2), and the page is not kept.
                        raise login_page(url)
                    if expected is not None and done + len(chunk) > expected:
                        _discard(part, meta)
                        raise FileMismatch(f"is longer than the {expected} bytes expected")
                    if max_bytes is not None and done + len(chunk) > max_bytes:
                        _discard(part, meta)
                        raise FileMismatch(f"is more than {max_bytes} bytes")
                    stream.write(chunk)
                    done += len(chunk)
                    fetcher.arrived(len(chunk))
                    on_bytes(len(chunk))
                    if fetcher.cancelled():
                        raise SyncCancelled(
                            "The download was cancelled; nothing was changed (what was "
                            "downloaded is kept, and the next try goes on from there)"
                        )
        if expected is not None and done < expected:
            # A dropped connection can look like a clean end: never trust it.
            raise ShortRead(f"{done} of {expected} bytes")
        fetcher.progressed()

    try:
        fetcher.retrying(url, attempt)
    except LoginPage:
        _discard(part, meta)  # closed by now, so Windows lets it go too
        raise
    except OSError as exc:  # the cache's disk, not the network (httpx wraps its own)
        raise _cannot_write(part, exc) from exc
    except FileMismatch as exc:
        exc.modified, exc.date = answered.get("modified"), answered.get("date")
        raise
    if sha256 is not None and sha256_of(part) != sha256:
        _discard(part, meta)
        mismatch = FileMismatch("sha256 does not match the manifest")
        mismatch.modified, mismatch.date = answered.get("modified"), answered.get("date")
        raise mismatch
    validator = _resume_point(part, meta, url, None)[1]
    part.replace(target)
    with contextlib.suppress(OSError):
        meta.unlink()
    return validator


def _resume_point(part: Path, meta: Path, url: str, size: int | None) -> tuple[int, str | None]:
    """(bytes already in the part, the validator they came with); (0, None) to start afresh."""
    try:
        have = part.stat().st_size
        saved = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # a damaged note: start afresh
        return 0, None
    if not isinstance(saved, dict) or saved.get("url") != url:
        return 0, None
    validator = saved.get("validator")
    if not validator or not sendable(validator):  # without If-Range a Range is a guess
        return 0, None
    if size is not None and have > size:
        return 0, None
    return have, validator


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
        raise Retryable(f"the server sent the wrong part of the file ({content_range!r})")
    return have


def _full_length(response: httpx.Response, start: int) -> int | None:
    if response.status_code == 206:
        return header_number(response.headers.get("content-range", "").rpartition("/")[2])
    if "transfer-encoding" in response.headers:
        # Sent in chunks: a Content-Length beside it means nothing (RFC 9112, 6.3), and
        # httpx reads the chunks; the bytes are counted as they come.
        return None
    length = header_number(response.headers.get("content-length", ""))
    return start + length if length is not None else None


def _write_meta(meta: Path, url: str, validator: str | None) -> None:
    meta.write_text(json.dumps({"url": url, "validator": validator}), encoding="utf-8")


def _discard(part: Path, meta: Path) -> None:
    for path in (part, meta):
        with contextlib.suppress(OSError):
            path.unlink()


def sha256_of(path: Path) -> str:
    """The file's sha256, read in 1 MiB blocks (a whole ZIP may be hundreds of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _cannot_write(part: Path, exc: OSError) -> LibraryUnusable | FileMismatch:
    """Exit 5, as any sync that cannot write its data folder; what came so far is kept.

    A name the file system refuses as too long (a part of a listed path over
    255 bytes) is the bundle's, not the data folder's: FileMismatch, and the
    caller names the listed file (exit 3).
    """
    if exc.errno == errno.ENAMETOOLONG:
        return FileMismatch("has a name too long to be stored on this computer")
    if no_room(exc):
        why = "the disk is full (or the file is over this account's size limit); free some space"
        return LibraryUnusable(f"{part.parent}: {why} and try again; nothing was changed")
    return LibraryUnusable(
        f"{part}: the download cannot be written ({exc.strerror or exc}); nothing was changed"
    )


def _wrong_size(served: int, size: int) -> str:
    return f"is {served} bytes on the server but the manifest says {size}"
