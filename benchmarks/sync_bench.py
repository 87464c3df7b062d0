"""Full sync against its floor: `sci-reader sync` and a minimal importer, in turns.

    .venv/bin/python benchmarks/sync_bench.py                 # 1 warm-up + 7 rounds
    .venv/bin/python benchmarks/sync_bench.py --rounds 11 --articles 10000
    .venv/bin/python benchmarks/sync_bench.py --before /tmp/old-checkout   # + that code's sync

Issue 16 holds a full sync of the 10,000-article synthetic library to 1.5x
a minimal Python importer of the same bundle (`sync_floor.py`: read, hash,
insert, FTS5 rebuild). Each round runs every contender once, as a child
process, into an empty folder: `python -m reader --data-dir D sync BUNDLE
--json` and `python sync_floor.py BUNDLE D/floor.sqlite3`; the order turns
each round, so a drift in the machine's load falls on both. Wall time and
CPU time (user + system, the children included, from `os.wait4`) per run;
the ratio is taken within each round, and the report gives its median and
its range, and the ratio of the medians. `--before DIR` adds the sync of
another checkout (`git archive BASE | tar -x -C DIR`), run with DIR first on
PYTHONPATH (its parsing children too), in the same rounds (give it again
for more checkouts: the later ones are named by their folder).

Bundles are shared with run.py (benchmarks/out/bundles, cached per generator
version); bytecode is compiled once (PYTHONPYCACHEPREFIX) as for an
installed app.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from run import bundles, child_env, run_child  # noqa: E402

TARGET = 1.5


def contenders(bundle: Path, others: list[Path]) -> dict[str, tuple[list[str], str]]:
    """name -> (command with {data} for the empty folder, PYTHONPATH)."""
    sync = [sys.executable, "-m", "reader", "--data-dir", "{data}", "sync", str(bundle), "--json"]
    floor = [sys.executable, str(HERE / "sync_floor.py"), str(bundle), "{data}/floor.sqlite3"]
    found = {"floor": (floor, str(REPO)), "app": (sync, str(REPO))}
    for number, other in enumerate(others):
        found["before" if number == 0 else other.name] = (sync, str(other.resolve()))
    return found


def run_once(command: list[str], pythonpath: str, out: Path, env: dict[str, str]):
    data = out / "data" / "sync-bench"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    args = [part.replace("{data}", str(data)) for part in command]
    # Run from the empty folder: `python -m` puts the working directory
    # first on sys.path, ahead of PYTHONPATH, and this one holds `reader`.
    run = run_child(args, {**env, "PYTHONPATH": pythonpath}, out / "scratch", cwd=data)
    if run.returncode != 0 or json.loads(run.stdout)["added"] <= 0:
        raise SystemExit(f"{' '.join(args)} failed ({run.returncode}):\n{run.stderr}")
    return run


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    med = statistics.median(values) * scale
    return f"{med:.{digits}f} ({min(values) * scale:.{digits}f}-{max(values) * scale:.{digits}f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--before",
        type=Path,
        action="append",
        default=[],
        help="also time the sync of this checkout (repeat for more; the second on by folder name)",
    )
    parser.add_argument("--out", default=str(HERE / "out"))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    env = child_env(out)
    bundle, _v2, _made = bundles(out, args.articles, args.seed, 100)
    runs = contenders(bundle, args.before)
    names = list(runs)
    load_start = os.getloadavg()
    for name in names:  # warm-up: bytecode, the page cache
        run_once(*runs[name], out, env)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for number in range(args.rounds):
        order = names if number % 2 == 0 else names[::-1]
        for name in order:
            run = run_once(*runs[name], out, env)
            wall[name].append(run.wall)
            cpu[name].append(run.cpu)
        print(f"round {number + 1}: " + ", ".join(f"{n} {wall[n][-1]:.2f} s" for n in names),
              file=sys.stderr, flush=True)  # fmt: skip
    load_end = os.getloadavg()
    size = bundle.stat().st_size / 1e6
    print(f"Full sync of {args.articles:,} articles ({size:.1f} MB ZIP), {args.rounds} rounds, "
          f"{started}; load average {load_start[0]:.2f} -> {load_end[0]:.2f}")  # fmt: skip
    print()
    print("| | wall, median (min-max) s | CPU, median (min-max) s "
          "| wall / floor, per round: median (min-max) | ratio of medians |")  # fmt: skip
    print("|---|---|---|---|---|")
    for name in names:
        ratios = [a / f for a, f in zip(wall[name], wall["floor"], strict=True)]
        ratio = "-" if name == "floor" else spread(ratios)
        of_medians = statistics.median(wall[name]) / statistics.median(wall["floor"])
        print(f"| {name} | {spread(wall[name])} | {spread(cpu[name])} | {ratio} | "
              f"{'-' if name == 'floor' else f'{of_medians:.2f}'} |")  # fmt: skip
    print()
    print(f"Target: app <= {TARGET}x the floor (wall). Every run, in order:")
    for name in names:
        print(f"- {name}: " + ", ".join(f"{w:.2f}" for w in wall[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
