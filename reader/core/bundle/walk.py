"""A bundle opened for reading: its manifest, then its articles and pages.

Both `bundle check` and sync walk a bundle through this module, so the two
can never disagree about what a valid bundle is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from reader.core.bundle.article import parse_article
from reader.core.bundle.container import Container
from reader.core.bundle.manifest import (
    DEFAULT_LIMITS,
    MANIFEST_NAME,
    Entry,
    Limits,
    Manifest,
    parse_manifest,
)
from reader.core.bundle.markdown_structure import decode_markdown, page_body
from reader.core.bundle.signature import (
    SIGNATURE_FILE_LIMIT,
    SIGNATURE_NAME,
    Trust,
    verify_manifest,
)
from reader.core.bundle.source import NotABundle, open_container
from reader.core.bundle.synonyms import decode_synonyms, parse_synonyms
from reader.core.bundle.textrules import markdown_problems
from reader.core.errors import BundleRejected, Problem, SourceError
from reader.core.inputs import TooLarge
from reader.core.model import Article


@dataclass(frozen=True)
class PageContent:
    entry: Entry
    body: str


def open_bundle(source: str | os.PathLike[str]) -> Container:
    """Open a bundle's container; BundleRejected if it is no bundle at all."""
    try:
        return open_container(source)
    except NotABundle as exc:
        raise BundleRejected([Problem(str(source), str(exc))]) from exc


def read_manifest_bytes(container: Container, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The manifest's bytes, bounded by the limit; BundleRejected on any problem."""
    reason = container.check_entry(MANIFEST_NAME)
    if reason:
        if "missing" in reason:
            reason = "is missing: every bundle needs a manifest.json at its top level"
        raise BundleRejected([Problem(MANIFEST_NAME, reason)])
    declared = container.declared_size(MANIFEST_NAME)
    too_big = Problem(MANIFEST_NAME, f"is larger than the limit of {limits.manifest_bytes} bytes")
    if declared is not None and declared > limits.manifest_bytes:
        raise BundleRejected([too_big])
    try:
        return container.read(MANIFEST_NAME, limits.manifest_bytes)
    except TooLarge:
        raise BundleRejected([too_big]) from None
    except PermissionError as exc:  # the source cannot be read (exit 2), as a folder cannot
        where = os.path.join(container.location, MANIFEST_NAME)
        raise SourceError(f"{where}: cannot be read ({exc.strerror})") from exc
    except OSError as exc:
        raise BundleRejected([Problem(MANIFEST_NAME, f"cannot be read ({exc})")]) from exc


def read_signature_bytes(container: Container) -> bytes | None:
    """`manifest.sig`'s bytes, or None when the bundle carries no signature.

    A signature that is there but cannot be read (too large, a link, a
    device) rejects the bundle: it must never pass as "unsigned".
    """
    reason = container.check_entry(SIGNATURE_NAME)
    if reason and "missing" in reason:
        return None
    if reason:
        raise BundleRejected([Problem(SIGNATURE_NAME, reason)])
    try:
        return container.read(SIGNATURE_NAME, SIGNATURE_FILE_LIMIT)
    except TooLarge:
        raise BundleRejected([Problem(SIGNATURE_NAME, "is too large to be a signature")]) from None
    except OSError as exc:
        raise BundleRejected([Problem(SIGNATURE_NAME, f"cannot be read ({exc})")]) from exc


def iter_articles(
    container: Container,
    entries: list[Entry],
    known_categories: set[str],
    problems: list[Problem],
    cancelled: Callable[[], bool] = lambda: False,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[tuple[Entry, Article | None]]:
    """Read, verify and parse each entry; yields (entry, article or None).

    Every broken rule goes to `problems`; reading goes on so that all of
    them are reported.
    """
    for entry in entries:
        if cancelled():
            return
        data = container.read_verified(entry.path, entry.size, entry.sha256, entry.path, problems)
        article = None
        if data is not None:
            text = decode_markdown(data, entry.path, problems)
            if text is not None:
                article = parse_article(
                    entry.id, text, entry.path, problems, known_categories, limits
                )
                if article is not None:
                    article.added = entry.added
        yield entry, article


def read_pages(
    container: Container,
    entries: list[Entry],
    problems: list[Problem],
    limits: Limits = DEFAULT_LIMITS,
    kept: Mapping[str, tuple[str, str]] | None = None,
) -> list[PageContent]:
    """The pages, read and checked; `kept` (path -> (sha256, text)) are the library's own.

    A page the container vouches for (a web update that did not download
    it) is taken from `kept` when the sha256 there is the listed one.
    """
    pages = []
    for entry in entries:
        known = (kept or {}).get(entry.path)
        if known is not None and known[0] == entry.sha256 and container.vouches(entry.path):
            pages.append(PageContent(entry, known[1]))
            continue
        data = container.read_verified(entry.path, entry.size, entry.sha256, entry.path, problems)
        if data is None:
            continue
        text = decode_markdown(data, entry.path, problems)
        if text is None:
            continue
        body = page_body(text)
        broken = markdown_problems(body, limits)
        problems.extend(Problem(entry.path, message) for message in broken)
        if not broken:
            pages.append(PageContent(entry, body))
    return pages


def read_synonyms(container: Container, manifest: Manifest, problems: list[Problem]) -> str | None:
    """The lay-synonym list's text, checked; None when the bundle has none or it is broken."""
    entry = manifest.synonyms
    if entry is None:
        return None
    data = container.read_verified(entry.path, entry.size, entry.sha256, entry.path, problems)
    text = decode_synonyms(data, entry.path, problems) if data is not None else None
    if text is not None:
        found: list[Problem] = []
        parse_synonyms(text, entry.path, found)
        problems.extend(found)
        if found:
            return None
    return text


@dataclass(frozen=True)
class CheckReport:
    version: int
    articles: int
    pages: int
    articles_parsed: list[Article]
    signed: bool | None = None  # None: the signature was not looked at (no `trust`)


def check_bundle(
    source: str | os.PathLike[str],
    limits: Limits = DEFAULT_LIMITS,
    keep_articles: bool = False,
    trust: Trust | None = None,
) -> CheckReport:
    """Validate a whole bundle without importing it; BundleRejected lists every problem.

    With `trust`, `manifest.sig` is verified first, as a sync would.
    """
    with open_bundle(source) as container:
        raw = read_manifest_bytes(container, limits)
        signed = None
        if trust is not None:
            signed = verify_manifest(raw, read_signature_bytes(container), trust)
        problems: list[Problem] = []
        manifest = parse_manifest(raw, problems, limits, partial=True)
        if manifest is None:
            raise BundleRejected(problems)
        slugs = {c.slug for c in manifest.categories}
        kept = []
        for _entry, article in iter_articles(
            container, manifest.articles, slugs, problems, limits=limits
        ):
            if keep_articles and article is not None:
                kept.append(article)
        read_pages(container, manifest.pages, problems, limits)
        read_synonyms(container, manifest, problems)
        if problems:
            raise BundleRejected(problems)
        return CheckReport(
            manifest.version, len(manifest.articles), len(manifest.pages), kept, signed
        )
