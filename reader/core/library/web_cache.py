"""A web source's corner of the data folder's cache: the manifest, its ETag, the staged files.

`<data folder>/cache/web/<hash of the URL>/` holds:

- `state.json`: which manifest file the server gave (`manifest.json.gz` or
  `manifest.json`) and its ETag / Last-Modified, so that the next check is a
  conditional request that costs a 304 when nothing changed;
- `bundle/`: a bundle folder in the making: `manifest.json`, `manifest.sig`
  and the article and page files downloaded for the next sync (each through
  a `.part` file, see web_fetch.py). After a sync its articles are deleted
  (the library holds them now) and its pages kept: every sync reads the
  pages, and they are small, so an update never downloads them again;
- `bundle.zip` (and its `.part`) for a source that is a ZIP file.

The manifest fetch lives here too, with the conditional request and the
fall-back from `manifest.json.gz` to `manifest.json`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.bundle.manifest import DEFAULT_LIMITS, MANIFEST_NAME, Limits
from reader.core.bundle.signature import SIGNATURE_FILE_LIMIT, SIGNATURE_NAME
from reader.core.errors import BundleRejected, Problem, SourceError
from reader.core.library.lock import sync_lock
from reader.core.library.web_download import sha256_of
from reader.core.library.web_fetch import Answer, Fetcher, Forbidden, NotFound, TooLarge
from reader.core.web_address import file_url

GZ_NAME = MANIFEST_NAME + ".gz"
CACHE_FOLDER = "cache"


@dataclass(frozen=True)
class Fetched:
    """The manifest's and signature's bytes, and whether the server said "not modified"."""

    manifest: bytes
    signature: bytes | None
    not_modified: bool


class WebCache:
    """The cache folder of one web source (see the module's docstring)."""

    def __init__(self, data_dir: Path, source: str):
        key = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
        self.source = source
        self.folder = Path(data_dir) / CACHE_FOLDER / "web" / key
        self.bundle = self.folder / "bundle"
        self.zip_path = self.folder / "bundle.zip"

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold this source's cache alone: the window and a scheduled `sync` may both update.

        Taken before the data folder's own lock (inside sync), never after it.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        with sync_lock(self.folder):
            yield

    # -- state ---------------------------------------------------------------------------

    def state(self) -> dict:
        try:
            state = json.loads((self.folder / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # damaged: ask as if for the first time
            return {}
        return state if isinstance(state, dict) and state.get("source") == self.source else {}

    def save_state(self, **values: str | None) -> None:
        state = {"source": self.source, **values}
        _write_atomically(self.folder / "state.json", json.dumps(state).encode("utf-8"))

    def forget(self) -> None:
        """Forget the validators: the next check downloads the manifest again."""
        with contextlib.suppress(OSError):
            (self.folder / "state.json").unlink()

    # -- the staged bundle ---------------------------------------------------------------

    def cached_manifest(self) -> tuple[bytes, bytes | None] | None:
        try:
            raw = (self.bundle / MANIFEST_NAME).read_bytes()
        except OSError:
            return None
        try:
            signature = (self.bundle / SIGNATURE_NAME).read_bytes()
        except OSError:
            signature = None
        return raw, signature

    def store_manifest(self, raw: bytes, signature: bytes | None) -> None:
        self.bundle.mkdir(parents=True, exist_ok=True)
        sig_path = self.bundle / SIGNATURE_NAME
        if signature is None:
            with contextlib.suppress(OSError):
                sig_path.unlink()
        else:
            _write_atomically(sig_path, signature)
        _write_atomically(self.bundle / MANIFEST_NAME, raw)

    def staged(self, path: str) -> Path:
        return self.bundle.joinpath(*path.split("/"))

    def stage_bytes(self, path: str, data: bytes) -> None:
        """Put a listed file's bytes, known to match the manifest, into the staged folder."""
        _write_atomically(self.staged(path), data)

    def staged_bytes(self, path: str, size: int, sha256: str) -> int:
        """How many of the file's bytes are already here: `size` if complete and verified."""
        target = self.staged(path)
        with contextlib.suppress(OSError):
            if target.stat().st_size == size and sha256_of(target) == sha256:
                return size
        with contextlib.suppress(OSError):
            partial = target.with_name(target.name + ".part").stat().st_size
            return partial if partial < size else 0
        return 0

    def after_sync(self) -> None:
        """The library holds the articles now: drop them; keep the manifest and the pages."""
        shutil.rmtree(self.bundle / "articles", ignore_errors=True)


def fetch_manifest(
    fetcher: Fetcher, base: str, cache: WebCache, limits: Limits = DEFAULT_LIMITS
) -> Fetched:
    """The source's manifest and signature: the cached ones if the server says 304.

    Tries the name that answered last time with its validators (If-None-Match,
    If-Modified-Since), else `manifest.json.gz` then `manifest.json` (a 403 for
    the .gz counts as "not there": object stores answer so for a missing file).
    NotFound (exit 2) when the server has neither.
    """
    state = cache.state()
    cached = cache.cached_manifest()
    known = state.get("name") if cached is not None else None
    names = [GZ_NAME, MANIFEST_NAME]
    if known in names:
        names.remove(known)
        names.insert(0, known)
    missing: NotFound | None = None
    for name in names:
        headers = {}
        if name == known:
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            elif state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        if name == GZ_NAME:
            headers["Accept-Encoding"] = "identity"  # a .gz file is served as it is
        try:
            answer = fetcher.get(file_url(base, name), limits.manifest_bytes, headers)
        except TooLarge as exc:
            # As a bundle folder on disk: the file breaks the format's limit (exit 3).
            raise BundleRejected(
                [Problem(name, f"is larger than the limit of {exc.limit} bytes")]
            ) from None
        except (NotFound, Forbidden) as exc:
            # A 403 means "not there" only for the optional .gz, which an
            # object store that lacks it calls forbidden.
            if isinstance(exc, Forbidden) and name != GZ_NAME:
                raise
            missing = exc  # manifest.json's answer, the one that decides
            continue
        if answer.status == 304:
            if cached is not None and headers.keys() & {"If-None-Match", "If-Modified-Since"}:
                return Fetched(cached[0], cached[1], True)
            # "Not modified" since nothing: no copy to fall back on, or none
            # asked about; taking it would install nothing or keep an old one.
            raise SourceError(
                f"{file_url(base, name)}: the server answered 304 Not Modified to a request that "
                "asked for the whole file; nothing was changed. Try again later"
            )
        raw = _gunzip_answer(answer, limits, base) if name == GZ_NAME else answer.body
        signature = fetch_signature(fetcher, base)
        cache.store_manifest(raw, signature)
        cache.save_state(name=name, etag=answer.etag, last_modified=answer.last_modified)
        return Fetched(raw, signature, False)
    assert missing is not None
    status = missing.status if isinstance(missing, NotFound) else 404
    raise NotFound(
        f"{file_url(base, MANIFEST_NAME)}: not found on the server ({status}); nothing was "
        "changed. Is the update address right?",
        status,
    ) from missing


def fetch_signature(fetcher: Fetcher, base: str) -> bytes | None:
    """`manifest.sig`'s bytes, or None when the server has none (the bundle is unsigned)."""
    try:
        return fetcher.get(file_url(base, SIGNATURE_NAME), SIGNATURE_FILE_LIMIT).body
    except NotFound:
        return None
    except TooLarge:
        raise BundleRejected([Problem(SIGNATURE_NAME, "is too large to be a signature")]) from None


def manifest_changed(fetcher: Fetcher, base: str, cache: WebCache, raw: bytes) -> bool:
    """Whether the server's manifest is no longer `raw` (a new version being published)."""
    state = cache.state()
    name = state.get("name") or MANIFEST_NAME
    headers = {"If-None-Match": state["etag"]} if state.get("etag") else {}
    try:
        answer = fetcher.get(file_url(base, name), DEFAULT_LIMITS.manifest_bytes, headers)
    except NotFound:
        return True
    if answer.status == 304:
        return False
    body = _gunzip_answer(answer, DEFAULT_LIMITS, base) if name == GZ_NAME else answer.body
    return body != raw


def _gunzip_answer(answer: Answer, limits: Limits, base: str) -> bytes:
    """`_gunzip` of a fetched `.gz` manifest. With no length said, the server's close
    ended the body, and a dropped connection closes too: a cut is then the network's
    doing, most likely (exit 2, try again), not a file cut on the server (exit 3)."""
    cut = None if answer.length is not None else file_url(base, GZ_NAME)
    return _gunzip(answer.body, limits, answer.decoded, cut)


def _gunzip(data: bytes, limits: Limits, decoded: bool = False, cut: str | None = None) -> bytes:
    """A `.gz` manifest's bytes, bounded: a small file must not unpack into gigabytes.

    A server that labels the file `Content-Encoding: gzip` (object stores
    often do) has it unpacked by httpx already (`decoded`): then it is
    taken as it is. Anything else that is not gzip is said to be so, not
    passed on for its signature to be called wrong.
    """
    if not data.startswith(b"\x1f\x8b"):
        if decoded:
            return data
        raise BundleRejected([Problem(GZ_NAME, "is not a gzip file")])
    inflater = zlib.decompressobj(wbits=31)
    try:
        raw = inflater.decompress(data, limits.manifest_bytes + 1)
    except zlib.error as exc:
        raise BundleRejected([Problem(GZ_NAME, f"is not a gzip file ({exc})")]) from exc
    if len(raw) > limits.manifest_bytes:
        raise BundleRejected(
            [Problem(GZ_NAME, f"unpacks to more than the limit of {limits.manifest_bytes} bytes")]
        )
    if not inflater.eof and cut is not None:
        raise SourceError(
            f"{cut}: came cut short (the connection broke off); nothing was changed. Try again "
            "later"
        )
    if not inflater.eof:  # as long as the server said: the file itself is cut
        raise BundleRejected([Problem(GZ_NAME, "is cut short")])
    return raw


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
