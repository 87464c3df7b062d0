"""What a web update costs: bytes on the wire, and time to apply against a local-folder sync.

    .venv/bin/python benchmarks/web_bench.py                 # the figures in benchmarks/README.md
    .venv/bin/python benchmarks/web_bench.py --articles 2000 --repeat 1   # a quick look

A synthetic library of N articles (10,000) is served as a signed bundle
folder (with `manifest.json.gz`) by the tests' HTTP server on 127.0.0.1,
which counts every byte that crosses its sockets both ways (request lines
and headers in, status lines, headers and bodies out). A data folder first
takes version 1 from the web (the first download, also reported); copies of
it then measure:

(a) a check with nothing new: `check_for_update` (target <= 2 KB);
(b) an update where 1 article changed, and (c) where 100 changed:
    `update_from_web` (check, download, apply). Target: <= 1.05 x (the
    changed files + the compressed manifest);
and the time to apply (b) from the web against `sync()` of the same
version 2 from a local folder, into copies of the same version 1 library,
alternated in the same run: ratio of medians and the spread (target <= 1.5x).
The full ZIP of version 2 is reported beside the byte counts.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from reader.core.bundle.signature import Trust  # noqa: E402
from reader.core.library.sync import sync  # noqa: E402
from reader.core.library.web_update import check_for_update, update_from_web  # noqa: E402
from tests.bundles import synthetic  # noqa: E402
from tests.web_publish import TestKey  # noqa: E402
from tests.web_server import WebServer  # noqa: E402


def _sign_folder(folder: Path, key: TestKey) -> None:
    raw = (folder / "manifest.json").read_bytes()
    (folder / "manifest.json.gz").write_bytes(gzip.compress(raw, 9, mtime=0))
    (folder / "manifest.sig").write_bytes(key.sign(raw))


def _changed_bytes(info: synthetic.BundleInfo) -> int:
    return sum((info.path / "articles" / f"{aid}.md").stat().st_size for aid in info.changed)


def _measure(server: WebServer, action) -> tuple[int, float]:
    server.reset_counts()
    start = time.perf_counter()
    action()
    return server.transferred, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: temporary)")
    args = parser.parse_args(argv)
    work = Path(args.out or tempfile.mkdtemp(prefix="web-bench-"))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    key = TestKey.make()
    trust = Trust((key.public,), required=True)
    n, seed = args.articles, args.seed
    v1 = synthetic.make_bundle(work / "v1", n, version=1, seed=seed)
    one = synthetic.make_bundle(work / "v2-one", n, version=2, seed=seed, changed=1)
    hundred = synthetic.make_bundle(work / "v2-hundred", n, version=2, seed=seed, changed=100)
    full_zip = synthetic.make_bundle(work / "v2-one.zip", n, version=2, seed=seed, changed=1)
    for info in (v1, one, hundred):
        _sign_folder(info.path, key)

    lines = [f"Web update, {n} articles, seed {seed}, {args.repeat} runs of each timing"]
    with WebServer(v1.path) as server:
        base = work / "data-v1"
        wire, seconds = _measure(server, lambda: update_from_web(base, server.url, trust))
        lines.append(f"first download of version 1: {wire:,} bytes, {seconds:.1f} s")
        local_base = work / "local-v1"
        sync(local_base, v1.path, trust=trust)

        data = _copy(base, work / "a")
        wire_a, _ = _measure(server, lambda: check_for_update(data, server.url, trust))
        lines.append(f"(a) check, nothing new: {wire_a:,} bytes (target <= 2,048)")

        server.root = one.path
        results = {}
        for label, info in (("(b) 1 changed", one), ("(c) 100 changed", hundred)):
            server.root = info.path
            data = _copy(base, work / "bc")
            wire, _ = _measure(server, lambda data=data: update_from_web(data, server.url, trust))
            gz = (info.path / "manifest.json.gz").stat().st_size
            changed = _changed_bytes(info)
            ratio = wire / (changed + gz)
            results[label] = wire
            lines.append(
                f"{label}: {wire:,} bytes; changed files {changed:,} + compressed manifest "
                f"{gz:,} = {changed + gz:,}; ratio {ratio:.3f} (target <= 1.05)"
            )
        zip_size = full_zip.path.stat().st_size
        lines.append(f"full ZIP of version 2: {zip_size:,} bytes")

        server.root = one.path
        web_times, local_times = [], []
        for _ in range(args.repeat):
            data = _copy(base, work / "tw")
            start = time.perf_counter()
            update_from_web(data, server.url, trust)
            web_times.append(time.perf_counter() - start)
            data = _copy(local_base, work / "tl")
            start = time.perf_counter()
            sync(data, one.path, trust=trust)
            local_times.append(time.perf_counter() - start)
    web, local = statistics.median(web_times), statistics.median(local_times)
    lines.append(
        f"apply (b): web {web * 1000:.0f} ms (runs {_spread(web_times)}), local folder "
        f"{local * 1000:.0f} ms (runs {_spread(local_times)}); ratio {web / local:.2f} "
        f"(target <= 1.5)"
    )
    print("\n".join(lines))
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _copy(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    return target


def _spread(times: list[float]) -> str:
    return f"{min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
