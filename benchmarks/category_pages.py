"""How fast one page of a category list is read, at any offset.

The window's category page asks `Library.list_articles(slug, 100, offset)`
for each page of cards as it scrolls; this times exactly that call on a
synced synthetic library, for the biggest and a small category, at the
start, the middle and the end of the list. Each figure is the median of
`--runs` calls after one warm-up (the file in the OS cache, as while
scrolling), with the min-max spread. `--baseline FILE` compares with an
earlier run's JSON (e.g. from another commit) and prints the ratios.

    .venv/bin/python benchmarks/category_pages.py --json out/pages-before.json
    .venv/bin/python benchmarks/category_pages.py --baseline out/pages-before.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import synthetic  # noqa: E402

from reader.core.library.store import open_library  # noqa: E402
from reader.core.library.sync import sync  # noqa: E402

PAGE = 100  # reader/ui/models.py PAGE_SIZE


def bundle(out: Path, n: int, seed: int) -> Path:
    key = hashlib.sha256(Path(synthetic.__file__).read_bytes() + f"{n}:{seed}".encode())
    path = out / "bundles" / key.hexdigest()[:12] / f"v1-{n}.zip"
    if not path.exists():
        synthetic.make_bundle(path, n, version=1, seed=seed)
    return path


def time_call(call, runs: int) -> list[float]:
    call()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(data_dir: Path, runs: int) -> dict:
    results: dict = {}
    with open_library(data_dir, create=False) as library:
        counts = sorted(library.categories(), key=lambda c: c.articles)
        for label, cat in (("biggest", counts[-1]), ("small", counts[0])):
            n = cat.articles
            slug = cat.category.slug
            full = [a.id for a in library.list_articles(slug)]
            for where, offset in (("start", 0), ("middle", n // 2), ("end", max(n - PAGE, 0))):
                page = [a.id for a in library.list_articles(slug, PAGE, offset)]
                assert page == full[offset : offset + PAGE], (slug, offset)  # exact order
                times = time_call(lambda s=slug, o=offset: library.list_articles(s, PAGE, o), runs)
                results[f"{label} ({slug}, {n}) {where} @{offset}"] = {
                    "median_ms": statistics.median(times),
                    "min_ms": min(times),
                    "max_ms": max(times),
                }
    return results


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
    )
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50, help="timed calls per figure")
    parser.add_argument("--out", default=str(HERE / "out"))
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--baseline", help="an earlier --json file to compare with")
    args = parser.parse_args(argv)
    out = Path(args.out)
    source = bundle(out, args.articles, args.seed)
    data_dir = out / "category-pages-data"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    sync(data_dir, source)
    size = (data_dir / "library.sqlite3").stat().st_size
    figures = {
        "commit": git_commit(),
        "articles": args.articles,
        "library_mb": round(size / 1e6, 1),
        "pages": measure(data_dir, args.runs),
    }
    base = json.loads(Path(args.baseline).read_text()) if args.baseline else None
    print(f"commit {figures['commit']}, {args.articles} articles, {figures['library_mb']} MB")
    print("| page of 100 | median ms (min-max) | " + ("before | ratio |" if base else ""))
    print("|---|---|" + ("---|---|" if base else ""))
    for name, f in figures["pages"].items():
        line = f"| {name} | {f['median_ms']:.2f} ({f['min_ms']:.2f}-{f['max_ms']:.2f}) |"
        if base and name in base["pages"]:
            b = base["pages"][name]
            line += (
                f" {b['median_ms']:.2f} ({b['min_ms']:.2f}-{b['max_ms']:.2f}) |"
                f" {f['median_ms'] / b['median_ms']:.2f} |"
            )
        print(line)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
