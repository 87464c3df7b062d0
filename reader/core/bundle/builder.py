"""`bundle build`: a publisher's folder of Markdown files into a bundle ZIP.

The source folder holds `categories.json`, `articles/*.md` and `pages/*.md`,
and optionally `bundle.json` (`{"title": ..., "created": ...}`). An article's
`added` date comes from an `Added:` line in its metadata (else its
`Published:` date, else the bundle's creation day); a page's title from a
`Title:` line. The ZIP is reproducible: same sources, same bytes. Entries
are sorted, timestamps fixed, and `created` defaults to the newest `added`
date rather than the clock.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reader.core.bundle.article import is_valid_date
from reader.core.bundle.limits import DEFAULT_LIMITS
from reader.core.bundle.manifest import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    holds_lone_surrogate,
)
from reader.core.bundle.markdown_structure import decode_markdown, split_metadata
from reader.core.bundle.signature import (
    SIGNATURE_NAME,
    Trust,
    decode_public_key,
    public_key_of,
    sign_manifest,
)
from reader.core.bundle.synonyms import MAX_SYNONYMS_BYTES, SYNONYMS_NAME
from reader.core.bundle.walk import check_bundle
from reader.core.errors import BundleRejected, Problem, SourceError, cannot_write
from reader.core.identity import DISPLAY_NAME
from reader.core.inputs import TooLarge, read_regular_file
from reader.core.leftovers import discard
from reader.core.paths import folders_undone_on_failure
from reader.core.timestamps import is_iso_timestamp

CATEGORIES_FILE = "categories.json"
BUNDLE_FILE = "bundle.json"
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BuildResult:
    path: Path
    version: int
    articles: int
    pages: int


def _read_source(path: Path, limit: int, where: str, problems: list[Problem]) -> bytes | None:
    """A source file's bytes, bounded; a problem if it is too big, a pipe or a device."""
    try:
        return read_regular_file(path, limit)
    except FileNotFoundError:
        problems.append(Problem(where, "is missing"))
    except TooLarge:
        problems.append(Problem(where, f"is larger than the limit of {limit} bytes"))
    except OSError as exc:
        problems.append(Problem(where, f"cannot be read ({exc.strerror or exc})"))
    return None


def _load_json(path: Path, problems: list[Problem]) -> object:
    data = _read_source(path, DEFAULT_LIMITS.manifest_bytes, path.name, problems)
    if data is None:
        return None
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError: also an integer of more than 4,300 digits.
        problems.append(Problem(path.name, f"cannot be read as JSON ({exc})"))
        return None
    if holds_lone_surrogate(value):
        problems.append(
            Problem(path.name, "holds a \\ud800-\\udfff escape that is not part of a pair")
        )
        return None
    return value


def _markdown_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file())


def build_bundle(
    src_dir: Path, out_zip: Path, version: int, sign_key: bytes | None = None
) -> BuildResult:
    """Build and then check the bundle; BundleRejected lists every problem.

    With `sign_key` (a PEM private key, signing.read_private_key), the ZIP
    also holds `manifest.sig`, checked against that key's public half.
    Ed25519 signatures are deterministic: a signed build is reproducible too.
    """
    src_dir = Path(src_dir)
    try:
        is_folder = src_dir.is_dir()
    except (OSError, ValueError) as exc:  # a name too long for the system
        raise SourceError(f"{src_dir}: cannot be read ({getattr(exc, 'strerror', exc)})") from exc
    if not is_folder:
        raise SourceError(f"{src_dir}: no such folder")
    if version < 1:
        raise SourceError("--version must be at least 1")
    check_output(Path(out_zip))
    problems: list[Problem] = []
    categories = _load_json(src_dir / CATEGORIES_FILE, problems)
    if isinstance(categories, dict):
        categories = categories.get("categories")
    if categories is not None and not isinstance(categories, list):
        problems.append(Problem(CATEGORIES_FILE, "must hold a list of categories"))
    settings: dict = {}
    if (src_dir / BUNDLE_FILE).exists():
        loaded = _load_json(src_dir / BUNDLE_FILE, problems)
        settings = loaded if isinstance(loaded, dict) else {}

    files: dict[str, bytes] = {}
    articles = []
    for path in _markdown_files(src_dir / "articles"):
        rel = f"articles/{path.name}"
        data = _read_source(path, DEFAULT_LIMITS.file_bytes, rel, problems)
        if data is None:
            continue
        files[rel] = data
        meta = _metadata(data, rel, problems)
        added = (meta.get("added") or meta.get("published") or [None])[0]
        if added is not None and not is_valid_date(added):
            problems.append(Problem(rel, f"Added must be a date YYYY-MM-DD, not '{added}'"))
        articles.append({"id": path.stem, "path": rel, "sha256": _sha(data), "size": len(data),
                         "added": added})  # fmt: skip
    if not articles:
        problems.append(Problem("articles/", "holds no .md files"))
    pages = []
    for path in _markdown_files(src_dir / "pages"):
        rel = f"pages/{path.name}"
        data = _read_source(path, DEFAULT_LIMITS.file_bytes, rel, problems)
        if data is None:
            continue
        files[rel] = data
        title = (_metadata(data, rel, problems).get("title") or [path.stem.replace("-", " ")])[0]
        pages.append({"id": path.stem, "title": title, "path": rel, "sha256": _sha(data),
                      "size": len(data)})  # fmt: skip
    synonyms = _synonyms_entry(src_dir, files, problems)
    if problems:
        raise BundleRejected(problems)

    dates = sorted(a["added"] for a in articles if a["added"])
    created = settings.get("created") or (
        f"{dates[-1]}T00:00:00Z" if dates else "2020-01-01T00:00:00Z"
    )
    if not is_iso_timestamp(created):
        raise BundleRejected([Problem(BUNDLE_FILE, "created must be an ISO 8601 timestamp")])
    for article in articles:
        article["added"] = article["added"] or created[:10]
    manifest = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "version": version,
        "created": created,
        "title": settings.get("title") or f"{DISPLAY_NAME} library",
        "categories": categories,
        "articles": articles,
        "pages": pages,
    }
    if settings.get("expires"):
        manifest["expires"] = settings["expires"]
    if synonyms is not None:
        manifest["synonyms"] = synonyms
    files[MANIFEST_NAME] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
    trust = None
    if sign_key is not None:
        files[SIGNATURE_NAME] = sign_manifest(files[MANIFEST_NAME], sign_key)
        trust = Trust((decode_public_key(public_key_of(sign_key)) or b"",), required=True)
    # Checked beside the target, so that a rejected build leaves an older OUT.zip as it was.
    out = Path(out_zip)
    candidate = out.with_name(out.name + ".new")
    # _write_zip makes OUT.zip's missing folders; a refused build takes them away.
    with folders_undone_on_failure(out.parent):
        _write_zip(candidate, files, out)
        try:
            check_bundle(candidate, trust=trust)
            os.replace(candidate, out)
        except BundleRejected:
            discard(candidate)
            raise
        except OSError as exc:
            discard(candidate)
            raise cannot_write(out, exc) from exc
        except BaseException:  # Ctrl-C while it is checked: no OUT.zip.new left behind
            discard(candidate)
            raise
    return BuildResult(out, version, len(articles), len(pages))


def _synonyms_entry(src_dir: Path, files: dict[str, bytes], problems: list[Problem]):
    """The source's optional lay-synonym list, put into the bundle and listed."""
    path = src_dir / SYNONYMS_NAME
    if not path.exists():
        return None
    data = _read_source(path, MAX_SYNONYMS_BYTES, SYNONYMS_NAME, problems)
    if data is None:
        return None
    files[SYNONYMS_NAME] = data
    return {"path": SYNONYMS_NAME, "sha256": _sha(data), "size": len(data)}


def check_output(out: Path) -> None:
    """OUT.zip may be new or a file; never a folder, link, device or pipe to replace."""
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise cannot_write(out, exc) from exc
    if not stat.S_ISREG(mode):
        raise SourceError(f"{out}: exists and is not a regular file; choose another name")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _metadata(data: bytes, where: str, problems: list[Problem]) -> dict[str, list[str]]:
    text = decode_markdown(data, where, problems)
    return split_metadata(text)[0] if text is not None else {}


def _write_zip(out: Path, files: dict[str, bytes], named: Path) -> None:
    """Deterministic ZIP: sorted names, fixed times and permissions, written atomically.

    A failure is reported under NAMED, the file the user asked for, not the
    candidate beside it that they never heard of.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The manifest first (a re-sync reads only that entry), then its signature.
        for name in sorted(files, key=lambda n: (n != MANIFEST_NAME, n != SIGNATURE_NAME, n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=9)
    tmp = out.with_name(out.name + ".tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(buffer.getvalue())
        os.replace(tmp, out)
    except OSError as exc:
        discard(tmp)
        raise cannot_write(named, exc) from exc
    except BaseException:  # Ctrl-C while it is written
        discard(tmp)
        raise
