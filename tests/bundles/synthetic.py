"""Synthetic content bundles of any size, for benchmarks and crash-safety tests.

`make_bundle(out, n)` writes a valid bundle (format version 1) of `n`
articles of about 5 KB of English-looking text each, with every metadata
field, 2 or 3 of 15 categories per article and an About and a Disclaimer
page, as a ZIP file (`out` ends in `.zip`) or a directory. The same
arguments always give the same bytes.

A "next version" is described relative to the base set of articles 0..n-1:
`changed=K` rewrites K of them (same id, categories and `added` date, new
text), `withdrawn=W` leaves W others out, `added=A` adds A new ids. An
article that is not changed has exactly the bytes it has in the base
version, so a sync from the base to the next version reads only the changed
and added files. `marker=WORD` puts WORD (once) into every changed article
and nowhere else, so a search for it finds exactly the changed articles.

As a module (benchmarks put the repository root on sys.path first):

    from tests.bundles import synthetic
    v1 = synthetic.make_bundle("v1.zip", 3000, seed=7)
    v2 = synthetic.make_bundle("v2.zip", 3000, version=2, seed=7,
                               changed=300, withdrawn=40, added=60, marker="qxmarker")

As a script (benchmarks/synthetic.py runs this module's `main`):

    python benchmarks/synthetic.py 10000 out.zip --version 1 --seed 1
    python benchmarks/synthetic.py 10000 out.zip --version 2 --seed 1 --changed 100
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tests.bundles.prose import article_id, article_text, fixed_facts
from tests.bundles.words import CATEGORIES

__all__ = ["CATEGORIES", "PAGES", "BundleInfo", "fingerprint", "main", "make_bundle", "plan"]


def fingerprint() -> str:
    """A hash of the generator's source: cached bundles are stale when it changes."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("synthetic.py", "prose.py", "words.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


@dataclass
class BundleInfo:
    """What a generated bundle holds, for tests and benchmarks to check against."""

    path: Path
    version: int
    seed: int
    article_ids: list[str]
    changed: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    marker: str | None = None
    category_counts: dict[str, int] = field(default_factory=dict)
    total_bytes: int = 0

    @property
    def articles(self) -> int:
        return len(self.article_ids)


PAGES = {
    "about": (
        "About this library",
        "## What this is\n\nA synthetic library made for benchmarks and tests. "
        "Its summaries are generated text, not real research.\n",
    ),
    "disclaimer": (
        "Disclaimer",
        "## Not medical advice\n\nThese generated summaries are not medical advice.\n",
    ),
}


def plan(
    n: int, seed: int, version: int, changed: int, withdrawn: int, added: int
) -> tuple[list[tuple[int, int]], list[int], list[int], list[int]]:
    """(index, revision) of each article in the version; changed, withdrawn, added indexes."""
    if changed + withdrawn > n:
        raise ValueError("changed + withdrawn must not exceed the base article count")
    rng = random.Random(f"{seed}:plan:{version}")
    picked = rng.sample(range(n), changed + withdrawn)
    changed_idx = sorted(picked[:changed])
    withdrawn_idx = sorted(picked[changed:])
    added_idx = list(range(n, n + added))
    changed_set, withdrawn_set = set(changed_idx), set(withdrawn_idx)
    items = [(i, version if i in changed_set else 0) for i in range(n) if i not in withdrawn_set]
    items += [(i, 0) for i in added_idx]
    return items, changed_idx, withdrawn_idx, added_idx


def make_bundle(
    out: str | Path,
    n: int,
    *,
    version: int = 1,
    seed: int = 0,
    changed: int = 0,
    withdrawn: int = 0,
    added: int = 0,
    marker: str | None = None,
    as_directory: bool | None = None,
) -> BundleInfo:
    """Write a bundle to `out` (a ZIP if it ends in .zip, else a directory)."""
    out = Path(out)
    if as_directory is None:
        as_directory = out.suffix.lower() != ".zip"
    if marker is not None and (not marker.isalnum() or not marker.startswith("qx")):
        raise ValueError("a marker must be letters and digits starting with 'qx'")
    items, changed_idx, withdrawn_idx, added_idx = plan(n, seed, version, changed, withdrawn, added)
    changed_set = set(changed_idx)
    files: dict[str, bytes] = {}
    entries = []
    counts = {slug: 0 for slug, _, _ in CATEGORIES}
    ids = []
    for index, revision in items:
        aid = article_id(seed, index)
        text = article_text(
            seed, index, revision, marker if index in changed_set else None, base_count=n
        )
        data = text.encode("utf-8")
        facts = fixed_facts(seed, index, n)
        for slug in facts["categories"]:
            counts[slug] += 1
        path = f"articles/{aid}.md"
        files[path] = data
        ids.append(aid)
        entries.append(
            {
                "id": aid,
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "added": facts["added"],
            }
        )
    entries.sort(key=lambda e: e["path"])
    pages = []
    for page_id, (title, body) in PAGES.items():
        data = f"Title: {title}\n\n{body}".encode()
        path = f"pages/{page_id}.md"
        files[path] = data
        pages.append(
            {
                "id": page_id,
                "title": title,
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
        )
    created = date(2026, 1, 1) + timedelta(days=version)
    manifest = {
        "format": "sci-reader-bundle",
        "format_version": 1,
        "version": version,
        "created": f"{created.isoformat()}T00:00:00Z",
        "title": f"Synthetic library ({n} base articles, seed {seed})",
        "categories": [
            {"slug": slug, "name": name, "description": description}
            for slug, name, description in CATEGORIES
        ],
        "articles": entries,
        "pages": pages,
    }
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()
    _write(out, manifest_bytes, files, as_directory)
    return BundleInfo(
        path=out,
        version=version,
        seed=seed,
        article_ids=sorted(ids),
        changed=[article_id(seed, i) for i in changed_idx],
        withdrawn=[article_id(seed, i) for i in withdrawn_idx],
        added=[article_id(seed, i) for i in added_idx],
        marker=marker,
        category_counts=counts,
        total_bytes=sum(len(d) for d in files.values()),
    )


def _write(out: Path, manifest: bytes, files: dict[str, bytes], as_directory: bool) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if as_directory:
        if out.exists() and any(out.iterdir()):
            raise FileExistsError(f"{out}: the directory is not empty")
        for folder in ("articles", "pages"):
            (out / folder).mkdir(parents=True, exist_ok=True)
        (out / "manifest.json").write_bytes(manifest)
        for name, data in files.items():
            (out / name).write_bytes(data)
        return
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for name, data in [("manifest.json", manifest), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=6)
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic content bundle.")
    parser.add_argument("n", type=int, help="number of base articles")
    parser.add_argument("out", help="output: a .zip file, or a directory (any other name)")
    parser.add_argument("--version", type=int, default=1, help="the bundle's version (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--changed", type=int, default=0, help="base articles to rewrite")
    parser.add_argument("--withdrawn", type=int, default=0, help="base articles to leave out")
    parser.add_argument("--added", type=int, default=0, help="new articles to add")
    parser.add_argument("--marker", help="a word (starting 'qx') put only in changed articles")
    parser.add_argument("--dir", action="store_true", help="write a directory even for .zip")
    args = parser.parse_args(argv)
    info = make_bundle(
        args.out,
        args.n,
        version=args.version,
        seed=args.seed,
        changed=args.changed,
        withdrawn=args.withdrawn,
        added=args.added,
        marker=args.marker,
        as_directory=True if args.dir else None,
    )
    print(
        f"Wrote {info.path}: version {info.version}, {info.articles} articles "
        f"({len(info.changed)} changed, {len(info.withdrawn)} withdrawn, "
        f"{len(info.added)} added), {info.total_bytes} bytes of files."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
