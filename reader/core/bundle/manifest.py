"""The bundle manifest: parsing and every rule of format version 1.

Validation never stops at the first problem: a publisher fixing a bundle
wants the whole list at once.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from reader.core.bundle.article import is_valid_date
from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.synonyms import parse_synonyms_entry
from reader.core.errors import Problem
from reader.core.identity import DISPLAY_NAME
from reader.core.model import Category
from reader.core.timestamps import is_iso_timestamp

FORMAT_NAME = "sci-reader-bundle"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"


# Matched with fullmatch: `$` would also match before a trailing newline.
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# A \uD800-\uDFFF escape: JSON can carry a lone UTF-16 surrogate, which is no
# character at all; SQLite and every encoder refuse it later.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f]")


class Entry(NamedTuple):  # a tuple: a sync makes 10,000 of them, and pickles them
    """An article or page listed in the manifest."""

    id: str
    path: str
    sha256: str
    size: int
    added: str | None = None
    title: str | None = None


@dataclass
class Manifest:
    raw: bytes
    version: int
    created: str
    title: str | None
    categories: list[Category] = field(default_factory=list)
    articles: list[Entry] = field(default_factory=list)
    pages: list[Entry] = field(default_factory=list)
    expires: str | None = None
    synonyms: Entry | None = None  # the optional lay-synonym list (bundle/synonyms.py)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _quoted(value: object) -> str:
    """A refused value as a problem repeats it: enough to find it, never megabytes of it."""
    return _cut(repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= 80 else text[:76] + " ..."


def path_problem(path: object, folder: str) -> str | None:
    """Why `path` is not an acceptable listed path under `folder`, or None."""
    if not isinstance(path, str) or not path:
        return "path must be a non-empty string"
    shown = f"'{_cut(path)}'"
    if "\\" in path:
        return f"path {shown} contains a backslash"
    if path.startswith("/"):
        return f"path {shown} is absolute (starts with /)"
    if _DRIVE.match(path):
        return f"path {shown} starts with a drive letter"
    if _CONTROL.search(path):
        return f"path {shown} contains a control character"
    segments = path.split("/")
    if ".." in segments:
        return f"path {shown} contains a '..' segment"
    if "." in segments:  # a folder would find the file, a ZIP would not: both refuse it
        return f"path {shown} contains a '.' segment"
    if segments[0] != folder or len(segments) < 2 or not segments[-1]:
        return f"path {shown} must be under {folder}/"
    if "" in segments:
        return f"path {shown} has an empty segment"
    if not path.endswith(".md"):
        return f"path {shown} must end in .md"
    return None


class _NotJson(ValueError):
    """A value Python's json reads but JSON has not: NaN, Infinity, -Infinity."""


def _not_json(name: str) -> object:
    # Unknown keys are ignored, but the manifest must still be JSON to every reader.
    raise _NotJson(f"{name} is not a JSON value")


def parse_manifest(
    raw: bytes, problems: list[Problem], limits: Limits = DEFAULT_LIMITS, partial: bool = False
) -> Manifest | None:
    """Parse and validate manifest bytes; None if the manifest is unusable.

    `partial` (`bundle check`, which lists every problem): a manifest whose
    problems are in some of its values still gives the entries that are valid,
    so that their files are checked too; never one that is not a JSON object
    or lists more than the limits allow.
    """
    start = len(problems)
    where = MANIFEST_NAME

    def bad(message: str) -> None:
        problems.append(Problem(where, message))

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        bad("is not UTF-8 text")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = json.loads(text, parse_constant=_not_json)
    except (json.JSONDecodeError, _NotJson, RecursionError) as exc:
        bad(f"is not valid JSON ({exc})")
        return None
    except ValueError as exc:  # an integer of more than 4,300 digits
        bad(f"is not usable JSON ({exc})")
        return None
    if not isinstance(doc, dict):
        bad("must be a JSON object")
        return None
    if _SURROGATE_ESCAPE.search(text) and holds_lone_surrogate(doc):
        bad("holds a \\ud800-\\udfff escape that is not part of a pair (no character)")
        return None

    if doc.get("format") != FORMAT_NAME:
        bad(f'format must be "{FORMAT_NAME}"')
    fv = doc.get("format_version")
    if _is_int(fv) and fv > FORMAT_VERSION:
        bad(
            f"format_version {_quoted(fv)} is newer than this app understands "
            f"(version {FORMAT_VERSION}): please update {DISPLAY_NAME}"
        )
    elif fv != FORMAT_VERSION or not _is_int(fv):
        bad(f"format_version must be the integer {FORMAT_VERSION}")
    version = doc.get("version")
    if not _is_int(version) or version < 1:
        bad("version must be an integer of at least 1")
    created = doc.get("created")
    if not is_iso_timestamp(created):
        bad("created must be an ISO 8601 timestamp such as 2026-11-20T10:00:00Z")
    title = doc.get("title")
    if title is not None and not isinstance(title, str):
        bad("title must be a string")
    elif title is not None and len(title) > limits.library_title_chars:
        bad(f"title is {len(title)} characters long, more than the limit of "
            f"{limits.library_title_chars}")  # fmt: skip
    expires = doc.get("expires")
    if expires is not None and not is_iso_timestamp(expires):
        bad("expires must be an ISO 8601 timestamp")

    categories = _parse_categories(doc.get("categories"), bad, limits)
    articles = _parse_entries(doc.get("articles"), "articles", True, bad, limits)
    pages_value = doc.get("pages", [])
    pages = (
        _parse_entries(pages_value, "pages", False, bad, limits) if pages_value is not None else []
    )

    synonyms = parse_synonyms_entry(doc.get("synonyms"), bad)

    listed = len(articles) + len(pages)
    if listed > limits.entries:
        bad(f"lists {listed} files, more than the limit of {limits.entries}")
    total = sum(e.size for e in (*articles, *pages))
    if total > limits.total_bytes:
        limit = limits.total_bytes
        bad(f"listed files total {_quoted(total)} bytes, more than the limit of {limit}")
    for entry in (*articles, *pages):
        if entry.size > limits.file_bytes:
            problems.append(
                Problem(
                    entry.path,
                    f"is {_quoted(entry.size)} bytes, more than the limit of "
                    f"{limits.file_bytes} per file",
                )
            )

    if len(problems) > start:
        # Never the files of another format, nor more of them than the limits allow.
        same_format = doc.get("format") == FORMAT_NAME and fv == FORMAT_VERSION and _is_int(fv)
        within_limits = listed <= limits.entries and total <= limits.total_bytes
        if not (partial and same_format and within_limits):
            return None
        articles = [e for e in articles if e.size <= limits.file_bytes]
        pages = [e for e in pages if e.size <= limits.file_bytes]
        version = version if _is_int(version) else 0  # not used: the bundle is rejected
    return Manifest(
        raw=raw,
        version=version,
        created=created,
        title=title,
        categories=categories,
        articles=articles,
        pages=pages,
        expires=expires,
        synonyms=Entry("synonyms", *synonyms) if synonyms else None,
    )


def holds_lone_surrogate(doc: object) -> bool:
    """Whether any string (key or value) in the parsed JSON holds a lone surrogate."""
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _too_long(label: str, what: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{label}: {what} is {len(value)} characters long, more than the limit of {limit}"
    return None


def _parse_categories(value: object, bad, limits: Limits) -> list[Category]:
    if not isinstance(value, list):
        bad("categories must be an array")
        return []
    seen: set[str] = set()
    result = []
    for i, item in enumerate(value):
        label = f"categories[{i}]"
        if not isinstance(item, dict):
            bad(f"{label} must be an object")
            continue
        slug, name, description = item.get("slug"), item.get("name"), item.get("description")
        ok = True
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
            bad(f"{label}: slug {_quoted(slug)} must match ^[a-z0-9][a-z0-9-]{{0,63}}$")
            ok = False
        elif slug in seen:
            bad(f"{label}: slug '{slug}' is used twice")
            ok = False
        if not isinstance(name, str) or not name.strip():
            bad(f"{label}: name must be a non-empty string")
            ok = False
        if description is not None and not isinstance(description, str):
            bad(f"{label}: description must be a string")
            ok = False
        for what, text, limit in (
            ("name", name, limits.category_name_chars),
            ("description", description, limits.category_description_chars),
        ):
            reason = _too_long(label, what, text, limit) if isinstance(text, str) else None
            if reason:
                bad(reason)
                ok = False
        if ok:
            seen.add(slug)
            result.append(Category(slug, name, description))
    return result


def _parse_entries(
    value: object, folder: str, is_article: bool, bad, limits: Limits
) -> list[Entry]:
    if not isinstance(value, list):
        bad(f"{folder} must be an array")
        return []
    seen: set[str] = set()
    result = []
    for i, item in enumerate(value):
        label = f"{folder}[{i}]"
        if not isinstance(item, dict):
            bad(f"{label} must be an object")
            continue
        ok = True
        entry_id = item.get("id")
        if not isinstance(entry_id, str) or not _ID.fullmatch(entry_id):
            bad(f"{label}: id {_quoted(entry_id)} must match ^[a-z0-9][a-z0-9-]{{0,99}}$")
            ok = False
        elif entry_id in seen:
            bad(f"{label}: id '{entry_id}' is used twice")
            ok = False
        else:
            seen.add(entry_id)
        reason = path_problem(item.get("path"), folder)
        if reason:
            bad(f"{label}: {reason}")
            ok = False
        sha = item.get("sha256")
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
            bad(f"{label}: sha256 must be 64 lowercase hex digits")
            ok = False
        size = item.get("size")
        if not _is_int(size) or size < 0:
            bad(f"{label}: size must be a non-negative integer")
            ok = False
        added = item.get("added")
        title = item.get("title")
        if is_article:
            if not isinstance(added, str) or not is_valid_date(added):
                bad(f"{label}: added must be a date YYYY-MM-DD")
                ok = False
        elif not isinstance(title, str) or not title.strip():
            bad(f"{label}: title must be a non-empty string")
            ok = False
        elif reason := _too_long(label, "title", title, limits.page_title_chars):
            bad(reason)
            ok = False
        if ok:
            result.append(
                Entry(
                    id=entry_id,
                    path=item["path"],
                    sha256=sha,
                    size=size,
                    added=added if is_article else None,
                    title=None if is_article else title,
                )
            )
    return result
