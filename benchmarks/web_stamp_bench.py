"""The 2nd and 3rd `sci-reader sync URL --json` of an unchanged library whose sound stamp
no longer matches, this checkout beside another, alternated in the same run.

    .venv/bin/python benchmarks/web_stamp_bench.py BASE_CHECKOUT [--rounds 7]

A synthetic library of 10,000 articles (seed 1) is served as a signed bundle
folder by the tests' HTTP server on 127.0.0.1 and synced once from it. Each
round copies that data folder (a copy is another inode: its stamp does not
match, as after a restore or a hand edit), then runs `sync URL --json` three
times with each checkout's code, in turn: every run is the manifest's 304.
The 2nd and 3rd runs are reported (the 1st scans in both: there is no stamp
to trust yet). Wall time of the whole process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from reader.core.bundle.signature import public_key_text  # noqa: E402
from tests.bundles import synthetic  # noqa: E402
from tests.web_publish import TestKey  # noqa: E402
from tests.web_server import WebServer  # noqa: E402


def _sync(tree: Path, data: Path, config: Path, url: str) -> float:
    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    env["PYTHONPATH"] = str(tree)
    command = [sys.executable, "-m", "reader", "--data-dir", str(data), "--config", str(config),
               "sync", url, "--json"]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or json.loads(done.stdout)["result"] != "up-to-date":
        raise SystemExit(f"{tree}: exit {done.returncode}: {done.stdout}{done.stderr}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the other checkout (e.g. main)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--work", type=Path, default=None, help="kept between runs if given")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="web-stamp-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    key = TestKey.make()
    site = work / "site"
    if not (site / "manifest.json").is_file():
        synthetic.make_bundle(site, args.articles, version=1, seed=1, as_directory=True)
    raw = (site / "manifest.json").read_bytes()
    (site / "manifest.json.gz").write_bytes(gzip.compress(raw, 9, mtime=0))
    (site / "manifest.sig").write_bytes(key.sign(raw))
    config = work / "clinic.toml"
    config.write_text(f'trusted_keys = ["{public_key_text(key.public)}"]\n', encoding="utf-8")
    trees = {"base": args.base.resolve(), "this": REPO}
    times: dict[str, dict[int, list[float]]] = {name: {1: [], 2: [], 3: []} for name in trees}
    with WebServer(site) as server:
        synced = work / "synced"
        shutil.rmtree(synced, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "reader", "--data-dir", str(synced), "--config",
                        str(config), "sync", server.url, "--json"],
                       env={**os.environ, "PYTHONPATH": str(REPO)}, check=True,
                       capture_output=True)  # fmt: skip
        for round_ in range(args.rounds):
            order = list(trees) if round_ % 2 == 0 else list(reversed(trees))
            for name in order:
                data = work / f"data-{name}"
                shutil.rmtree(data, ignore_errors=True)
                shutil.copytree(synced, data)
                for run in (1, 2, 3):
                    times[name][run].append(_sync(trees[name], data, config, server.url))
    for name, tree in trees.items():
        for run in (1, 2, 3):
            ts = times[name][run]
            print(f"{name} ({tree}) run {run}: median {statistics.median(ts) * 1000:.0f} ms, "
                  f"{min(ts) * 1000:.0f}-{max(ts) * 1000:.0f} ms over {len(ts)}")  # fmt: skip
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
