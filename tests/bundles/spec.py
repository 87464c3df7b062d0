"""Helpers that write real bundles to disk, valid or broken on purpose.

A test describes a bundle as a `BundleSpec`: the manifest as a dict and the
files as bytes. `bundle_spec()` makes a valid one (sha256 and size computed),
the test corrupts whatever it wants, and `write()` puts it on disk as a
directory or a ZIP. Nothing here imports the code under test, so a helper
can never agree with a bug. `library_snapshot()` is the one helper that
reads through the code under test: it records everything a reader can see
of a library, to prove that a refused sync changed nothing.
"""

from __future__ import annotations

import copy
import hashlib
import json
import stat
import warnings
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

CATEGORIES = [
    {"slug": "general", "name": "General", "description": "Research in general."},
    {"slug": "pain", "name": "Pain", "description": "Research on pain."},
    {"slug": "walking", "name": "Walking"},
]

PAGES = {
    "about": ("About this library", "## What this is\n\nA small test library.\n"),
    "disclaimer": ("Disclaimer", "## Not medical advice\n\nAsk your care team.\n"),
}

# A How to read page with the parts the Evidence card links to: one `###`
# heading per study type under `## Study types` (docs/bundle-format.md), each
# after enough text that opening the page at one needs scrolling.
_FILLER = "\n\n".join(["Some words about reading a summary, to fill the page."] * 12)
HOW_TO_READ = (
    "How to read a summary",
    f"## The parts of a summary\n\n{_FILLER}\n\n## Study types\n\n"
    f"### Randomized trial\n\nPeople are put into groups by chance.\n\n{_FILLER}\n\n"
    f"### Cohort study\n\nPeople are followed over time.\n\n{_FILLER}\n\n"
    f"### Case report\n\nOne person described in detail.\n\n{_FILLER}\n",
)


def article_text(
    title: str,
    categories: str | list[str] = "general",
    simple: str = "A short, plain explanation.",
    *,
    meta: dict[str, str] | None = None,
    body: str | None = None,
) -> str:
    """The Markdown of one article: metadata block, blank line, sections.

    `body` replaces the default body (just a Simple Explanation) entirely.
    """
    if isinstance(categories, list):
        categories = ", ".join(categories)
    lines = [f"Title: {title}", f"Categories: {categories}"]
    lines += [f"{key}: {value}" for key, value in (meta or {}).items()]
    if body is None:
        body = f"## Simple Explanation\n\n{simple}\n"
    return "\n".join(lines) + "\n\n" + body


def full_article_text(
    title: str,
    word: str,
    categories: str = "general",
    *,
    plain_title: str | None = None,
    study_type: str | None = None,
    published: str = "2020-03-04",
) -> str:
    """An article with every known section; `word` appears in its body only.

    `plain_title` and `study_type` add the `Plain-Title` and `Study-Type`
    keys (the second edition of the format's metadata).
    """
    meta = {
        "Journal": "Test Journal",
        "Year": published[:4],
        "DOI": "10.1000/test-1",
        "Published": published,
        "Evidence-Level": "Review",
        "Participants": "12 adults",
        "Study-Duration": "6 months",
    }
    if plain_title is not None:
        meta["Plain-Title"] = plain_title
    if study_type is not None:
        meta["Study-Type"] = study_type
    return article_text(
        title,
        categories,
        meta=meta,
        body=(
            f"## Simple Explanation\n\nThis study is about {word} and recovery.\n\n"
            "## Key Findings\n\n1. The first finding.\n2. The second finding.\n\n"
            "## Research Summary\n\nA longer summary of the research.\n\n"
            "## Practical Implications\n\n### Talk to your team\n\nAsk questions.\n\n"
            "## Study Limitations\n\n1. A small study.\n"
        ),
    )


# What a data dir holds before a test's bundle arrives: "alpha-study" comes
# back changed in DEFAULT_ARTICLES, "delta-study" is withdrawn by them.
INSTALLED_ARTICLES = {
    "alpha-study": article_text("Old alpha title", "general", "An old note about pelican."),
    "delta-study": article_text("Delta study", "pain", "A study about wombat habits."),
}

# Words that each occur in one article only, and words that occur in many.
SNAPSHOT_WORDS = ("zebrafish", "quokka", "armadillo", "pelican", "wombat", "study", "walking")

# A small library whose articles each carry a word found nowhere else.
DEFAULT_ARTICLES = {
    "alpha-study": full_article_text("Walking after spinal stimulation", "zebrafish", "walking"),
    "beta-study": article_text("Nerve pain in daily life", "pain", "Pain and quokka habits."),
    "gamma-study": article_text("Living well at home", "general", "Tips about armadillo care."),
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


@dataclass
class BundleSpec:
    """A bundle to write: its manifest (a dict) and its files (path -> bytes).

    `manifest_bytes`, when set, is written instead of the manifest dict, for
    manifests that are not JSON at all. `symlinks` maps a path in the
    container to a link target (a ZIP symlink entry or a real symlink).
    `extra_zip_entries` are written to a ZIP as is, names unchecked.
    `signature`, when set, is written as `manifest.sig` (tests/bundles/signing.py).
    """

    manifest: dict
    files: dict[str, bytes] = field(default_factory=dict)
    manifest_bytes: bytes | None = None
    symlinks: dict[str, str] = field(default_factory=dict)
    extra_zip_entries: dict[str, bytes] = field(default_factory=dict)
    compression: int = zipfile.ZIP_DEFLATED
    signature: bytes | None = None

    def raw_manifest(self) -> bytes:
        if self.manifest_bytes is not None:
            return self.manifest_bytes
        return json.dumps(self.manifest, ensure_ascii=False, indent=1).encode("utf-8")

    def entry(self, article_id: str) -> dict:
        """The manifest's entry for an article (or page) id."""
        for item in (*self.manifest.get("articles", []), *self.manifest.get("pages", [])):
            if isinstance(item, dict) and item.get("id") == article_id:
                return item
        raise KeyError(article_id)

    def set_file(self, article_id: str, content: str | bytes, *, rehash: bool = True) -> None:
        """Replace an entry's file; with `rehash`, its sha256 and size follow."""
        item = self.entry(article_id)
        data = _bytes(content)
        self.files[item["path"]] = data
        if rehash:
            item["sha256"] = sha256(data)
            item["size"] = len(data)

    def add_article(self, article_id: str, content: str | bytes, added: str) -> None:
        data = _bytes(content)
        path = f"articles/{article_id}.md"
        self.files[path] = data
        self.manifest["articles"].append(
            {"id": article_id, "path": path, "sha256": sha256(data), "size": len(data),
             "added": added}
        )  # fmt: skip

    def set_synonyms(self, text: str | bytes | None) -> None:
        """Carry a lay-synonym list (`synonyms.txt`, listed in the manifest), or none."""
        self.files.pop("synonyms.txt", None)
        self.manifest.pop("synonyms", None)
        if text is not None:
            data = _bytes(text)
            self.files["synonyms.txt"] = data
            self.manifest["synonyms"] = {
                "path": "synonyms.txt", "sha256": sha256(data), "size": len(data)
            }  # fmt: skip

    def remove_article(self, article_id: str) -> None:
        item = self.entry(article_id)
        self.manifest["articles"].remove(item)
        self.files.pop(item["path"], None)

    def copy(self) -> BundleSpec:
        return copy.deepcopy(self)

    def write(self, path: Path, kind: str = "dir") -> Path:
        if kind == "dir":
            return write_dir(path, self)
        if kind == "zip":
            return write_zip(path, self)
        raise ValueError(kind)


def bundle_spec(
    articles: dict[str, str | bytes] | None = None,
    *,
    version: int = 1,
    categories: list[dict] | None = None,
    pages: dict[str, tuple[str, str]] | None = None,
    added: dict[str, str] | None = None,
    title: str = "Test library",
    created: str = "2026-11-20T10:00:00Z",
) -> BundleSpec:
    """A valid bundle: every listed file present with its true sha256 and size.

    Articles get `added` dates one day apart in the order given (the first is
    the oldest) unless `added` says otherwise.
    """
    articles = DEFAULT_ARTICLES if articles is None else articles
    pages = PAGES if pages is None else pages
    spec = BundleSpec(
        manifest={
            "format": "sci-reader-bundle",
            "format_version": 1,
            "version": version,
            "created": created,
            "title": title,
            "categories": copy.deepcopy(CATEGORIES if categories is None else categories),
            "articles": [],
            "pages": [],
        }
    )
    for i, (article_id, content) in enumerate(articles.items()):
        day = (added or {}).get(article_id, str(date(2025, 1, 1) + timedelta(days=i)))
        spec.add_article(article_id, content, day)
    for page_id, (page_title, text) in pages.items():
        data = _bytes(text)
        path = f"pages/{page_id}.md"
        spec.files[path] = data
        spec.manifest["pages"].append(
            {"id": page_id, "title": page_title, "path": path, "sha256": sha256(data),
             "size": len(data)}
        )  # fmt: skip
    return spec


def write_dir(root: Path, spec: BundleSpec) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.json").write_bytes(spec.raw_manifest())
    if spec.signature is not None:
        (root / "manifest.sig").write_bytes(spec.signature)
    for name, data in spec.files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for name, link_target in spec.symlinks.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        target.symlink_to(link_target)
    return root


def write_zip(path: Path, spec: BundleSpec) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=spec.compression) as archive:
        archive.writestr("manifest.json", spec.raw_manifest())
        if spec.signature is not None:
            archive.writestr("manifest.sig", spec.signature)
        for name, data in spec.files.items():
            if name not in spec.symlinks:
                archive.writestr(name, data)
        for name, link_target in spec.symlinks.items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, link_target)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name" is wanted here
            for name, data in spec.extra_zip_entries.items():
                archive.writestr(zipfile.ZipInfo(name), data)
    return path


def source_folder(
    root: Path,
    articles: dict[str, str],
    *,
    pages: dict[str, tuple[str, str]] | None = None,
    categories: list[dict] | None = None,
    title: str | None = None,
) -> Path:
    """A publisher's source folder for `bundle build` (articles carry `Added:`).

    With `title`, a `bundle.json` names the library (else the builder's default).
    """
    root.mkdir(parents=True, exist_ok=True)
    if title is not None:
        (root / "bundle.json").write_text(json.dumps({"title": title}), encoding="utf-8")
    (root / "categories.json").write_text(
        json.dumps(CATEGORIES if categories is None else categories), encoding="utf-8"
    )
    (root / "articles").mkdir(exist_ok=True)
    for article_id, text in articles.items():
        (root / "articles" / f"{article_id}.md").write_text(text, encoding="utf-8")
    (root / "pages").mkdir(exist_ok=True)
    for page_id, (page_title, text) in (PAGES if pages is None else pages).items():
        (root / "pages" / f"{page_id}.md").write_text(
            f"Title: {page_title}\n\n{text}", encoding="utf-8"
        )
    return root


def library_snapshot(data_dir: Path) -> dict:
    """Everything a reader can see of the library in `data_dir`, as plain data."""
    from reader.core.library.search import search
    from reader.core.library.store import open_library

    with open_library(Path(data_dir), create=False) as library:
        articles = library.list_articles()
        return {
            "status": library.status().to_json(),
            "meta": asdict(library.meta()),
            "list": [a.to_json() for a in articles],
            "categories": [c.to_json() for c in library.categories()],
            "pages": [(p.id, p.title, p.body) for p in library.pages()],
            "articles": {
                a.id: (library.get_article(a.id).to_json(), library.get_article(a.id).extra_meta)
                for a in articles
            },
            "search": {w: [h.to_json() for h in search(library, w)] for w in SNAPSHOT_WORDS},
        }
