"""Speed and memory of sync, search and status on a synthetic 10,000-article library.

    .venv/bin/python benchmarks/run.py            # the figures in benchmarks/README.md
    .venv/bin/python benchmarks/run.py --articles 2000 --repeat 1   # a quick look

Scenarios (targets from the performance issue):

- full sync of a ZIP into an empty data dir, as `python -m reader sync`:
  wall time and the peak RSS of that process (GNU time's %M, else
  os.wait4's ru_maxrss);
- re-sync of the same bundle: the CLI's wall time and `reader.core.sync.sync`
  in-process;
- a next version with 100 changed articles (CLI wall time, and in-process);
- search: median and p95 over 50 typical queries, in-process
  (`reader.core.search.search` on an open `Library`), each query's time being
  the median of several runs after one warm-up pass;
- `sci-reader status --json`: median wall time of 10 runs.

Everything is written under benchmarks/out/ (gitignored): the bundles, the
data dirs, results.json and results.md. Bundles are cached there per
generator version and parameters. Child processes get PYTHONPYCACHEPREFIX
(under out/) instead of PYTHONDONTWRITEBYTECODE, so they start from compiled
bytecode as an installed app does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from tests.bundles import synthetic  # noqa: E402

# 50 queries a reader might type, including what the window searches while
# the person is still typing (the last word is matched as a prefix).
QUERIES = [
    "walking", "stimulation", "bladder training", "pain", "neuropathic pain",
    "stem cells", "pressure sore", "wheelchair", "exoskeleton", "blood pressure",
    "autonomic dysreflexia", "depression", "quality of life", "fertility", "breathing",
    "cough", "spasticity", "epidural stimulation", "treadmill training", "catheter",
    "urinary tract infection", "gabapentin", "early surgery", "methylprednisolone",
    "scaffold", "brain-computer interface", "robotic arm", "peer support", "sleep apnoea",
    "skin checks", "tetraplegia", "hand function", "balance", "incidence",
    "randomized trial", "walking speed", "bowel care",
    # as-you-type prefixes
    "stim", "walk", "bladder trai", "wa", "bl", "exo", "neurop", "depr", "spinal c",
    "pressure ul", "wheelch",
    # what people also type
    '"walking" AND pain', "stem cells (review)",
]  # fmt: skip
assert len(QUERIES) == 50

# Not "typical", reported apart: the heaviest things a search box can be given.
WORST_QUERIES = ["s", "w", "the", "spinal cord injury", "people with"]

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
RSS_METHOD = "GNU time" if GNU_TIME else "wait4, an upper bound"

TARGETS = {
    "full_sync_s": 5.0,
    "resync_s": 0.3,
    "changed_100_s": 1.0,
    "search_median_ms": 5.0,
    "search_p95_ms": 20.0,
    "status_s": 0.3,
}


@dataclass
class Run:
    wall: float
    cpu: float  # user + system time of the child (and its own children)
    maxrss_kb: int
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Results:
    machine: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)


def child_env(out: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(out / "pycache")
    env.pop("SCI_READER_DATA_DIR", None)
    return env


def run_child(args: list[str], env: dict[str, str], scratch: Path, cwd: Path | None = None) -> Run:
    """Run a process; its wall time and its own peak RSS.

    The peak comes from GNU time (`/usr/bin/time -f %M`) when installed: a
    child forked or vforked straight from this (large) process would report
    this process's peak RSS as its own, since Linux carries the pre-exec
    high-water mark over an exec. Without GNU time, os.wait4's ru_maxrss is
    used, which is then an upper bound.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    out_path, err_path = scratch / "child.stdout", scratch / "child.stderr"
    rss_path = scratch / "child.maxrss"
    rss_path.unlink(missing_ok=True)
    if GNU_TIME:
        args = [GNU_TIME, "-f", "%M", "-o", str(rss_path), *args]
    with open(out_path, "wb") as out_file, open(err_path, "wb") as err_file:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out_file, stderr=err_file, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = usage.ru_maxrss
    if GNU_TIME and rss_path.exists():
        maxrss = int(rss_path.read_text().split()[-1])
    return Run(
        wall,
        usage.ru_utime + usage.ru_stime,
        maxrss,
        proc.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
    )


def reader_cmd(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *args]


def checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed ({run.returncode}):\n{run.stderr}")
    return run


def machine_info() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "reader/core", "reader/cli"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "commit": (commit or "unknown") + (" (reader/core or cli modified)" if dirty else ""),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def bundles(out: Path, n: int, seed: int, changed: int) -> tuple[Path, Path, float]:
    """v1 and v2 (with `changed` articles rewritten), cached per generator source."""
    source = synthetic.fingerprint().encode()
    key = hashlib.sha256(source + f"{n}:{seed}:{changed}".encode()).hexdigest()[:12]
    folder = out / "bundles" / key
    v1, v2 = folder / f"v1-{n}.zip", folder / f"v2-{n}-changed{changed}.zip"
    if v1.exists() and v2.exists():
        return v1, v2, 0.0
    start = time.perf_counter()
    synthetic.make_bundle(v1, n, version=1, seed=seed)
    synthetic.make_bundle(v2, n, version=2, seed=seed, changed=changed)
    return v1, v2, time.perf_counter() - start


def fresh_dir(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def copy_library(src: Path, dst: Path) -> Path:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


def summary(walls: list[float], cpus: list[float] | None = None) -> dict:
    result = {
        "median": statistics.median(walls),
        "min": min(walls),
        "max": max(walls),
        "runs": len(walls),
    }
    if cpus:
        result["cpu_median"] = statistics.median(cpus)
    return result


def runs_summary(runs: list[Run]) -> dict:
    return summary([r.wall for r in runs], [r.cpu for r in runs])


class Clock:
    """Wall and CPU time of a block, in-process."""

    def __enter__(self) -> Clock:
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall0
        self.cpu = time.process_time() - self.cpu0


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def bench(args: argparse.Namespace) -> Results:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = child_env(out)
    scratch = out / "scratch"
    res = Results(machine=machine_info())
    res.params = {"articles": args.articles, "seed": args.seed, "repeat": args.repeat}
    fig = res.figures

    say(f"Bundles of {args.articles} articles...")
    v1, v2, gen_time = bundles(out, args.articles, args.seed, 100)
    fig["bundle_zip_mb"] = round(v1.stat().st_size / 1e6, 1)
    fig["generate_s"] = round(gen_time, 2)

    # Compile the reader's bytecode once, so no run below pays for it.
    checked(run_child([sys.executable, "-m", "reader", "--version"], env, scratch), "warm-up")

    from reader.core.library.search import search
    from reader.core.library.store import open_library
    from reader.core.library.sync import sync

    # 1. Full sync into an empty data dir.
    runs = []
    library_dir = out / "data" / "full"
    for i in range(args.repeat):
        say(f"Full sync {i + 1}/{args.repeat}...")
        fresh_dir(library_dir)
        run = checked(run_child(reader_cmd(library_dir, "sync", str(v1), "--json"), env, scratch),
                      "full sync")  # fmt: skip
        assert json.loads(run.stdout)["added"] == args.articles, run.stdout
        runs.append(run)
    fig["full_sync_s"] = runs_summary(runs)
    fig["full_sync_maxrss_mb"] = round(max(r.maxrss_kb for r in runs) / 1024, 1)
    fig["library_file_mb"] = round((library_dir / "library.sqlite3").stat().st_size / 1e6, 1)

    # 2. Re-sync of the same bundle.
    say("Re-sync...")
    runs = []
    for _ in range(max(args.repeat, 5)):
        run = checked(run_child(reader_cmd(library_dir, "sync", str(v1), "--json"), env, scratch),
                      "re-sync")  # fmt: skip
        assert json.loads(run.stdout)["result"] == "up-to-date", run.stdout
        runs.append(run)
    fig["resync_s"] = runs_summary(runs)
    fig["resync_maxrss_mb"] = round(max(r.maxrss_kb for r in runs) / 1024, 1)
    sync(library_dir, v1)  # warm-up
    walls, cpus = [], []
    for _ in range(max(args.repeat, 5)):
        with Clock() as clock:
            result = sync(library_dir, v1)
        assert result.result == "up-to-date"
        walls.append(clock.wall)
        cpus.append(clock.cpu)
    fig["resync_inprocess_s"] = summary(walls, cpus)

    # 3. A next version with 100 changed articles, each run on a copy of the v1 library.
    runs, walls, cpus = [], [], []
    for i in range(args.repeat):
        say(f"100 changed {i + 1}/{args.repeat}...")
        target = copy_library(library_dir, out / "data" / "changed")
        run = checked(run_child(reader_cmd(target, "sync", str(v2), "--json"), env, scratch),
                      "changed sync")  # fmt: skip
        assert json.loads(run.stdout)["updated"] == 100, run.stdout
        runs.append(run)
        target = copy_library(library_dir, out / "data" / "changed")
        with Clock() as clock:
            result = sync(target, v2)
        assert result.updated == 100
        walls.append(clock.wall)
        cpus.append(clock.cpu)
    fig["changed_100_s"] = runs_summary(runs)
    fig["changed_100_maxrss_mb"] = round(max(r.maxrss_kb for r in runs) / 1024, 1)
    fig["changed_100_inprocess_s"] = summary(walls, cpus)
    shutil.rmtree(out / "data" / "changed", ignore_errors=True)

    # 4. Search, in-process.
    say("Search...")
    library = open_library(library_dir, create=False)
    try:
        for q in QUERIES:  # warm-up: the page cache and SQLite's own cache
            search(library, q)
        per_query, per_query_cpu, hits = {}, {}, {}
        for q in QUERIES:
            walls, cpus = [], []
            for _ in range(args.search_runs):
                with Clock() as clock:
                    found = search(library, q)
                walls.append(clock.wall * 1000)
                cpus.append(clock.cpu * 1000)
            per_query[q] = statistics.median(walls)
            per_query_cpu[q] = statistics.median(cpus)
            hits[q] = len(found)
        worst = {}
        for q in WORST_QUERIES:
            search(library, q)
            walls = []
            for _ in range(3):
                with Clock() as clock:
                    search(library, q)
                walls.append(clock.wall * 1000)
            worst[q] = round(statistics.median(walls), 2)
    finally:
        library.close()
    values, cpu_values = list(per_query.values()), list(per_query_cpu.values())
    fig["search_median_ms"] = statistics.median(values)
    fig["search_p95_ms"] = percentile(values, 0.95)
    fig["search_cpu_median_ms"] = statistics.median(cpu_values)
    fig["search_cpu_p95_ms"] = percentile(cpu_values, 0.95)
    fig["search_max_ms"] = max(values)
    fig["search_per_query_ms"] = {q: round(t, 2) for q, t in per_query.items()}
    fig["search_hits"] = hits
    fig["search_slowest"] = sorted(
        ((q, round(t, 2)) for q, t in per_query.items()), key=lambda x: -x[1]
    )[:5]
    fig["search_queries_without_hits"] = [q for q, n in hits.items() if n == 0]
    fig["search_worst_case_ms"] = worst

    # 5. status.
    say("Status...")
    runs = [
        checked(run_child(reader_cmd(library_dir, "status", "--json"), env, scratch), "status")
        for _ in range(10)
    ]
    fig["status_s"] = runs_summary(runs)
    runs = [run_child([sys.executable, "-c", "pass"], env, scratch) for _ in range(10)]
    fig["python_startup_s"] = runs_summary(runs)
    res.machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return res


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "**MISSED**"


def table(res: Results) -> str:
    f = res.figures
    n = res.params["articles"]
    reps = res.params["repeat"]

    def wall(key: str, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        s = f[key]
        text = f"{s['median'] * scale:.{digits}f} {unit}"
        if s["runs"] > 1:
            text += (
                f" ({s['min'] * scale:.{digits}f}-{s['max'] * scale:.{digits}f}, {s['runs']} runs)"
            )
        return text

    def cpu(key: str, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        return f"{f[key]['cpu_median'] * scale:.{digits}f} {unit}"

    def ok(key: str) -> str:
        value = f[key]["median"] if isinstance(f[key], dict) else f[key]
        return verdict(value, TARGETS[key])

    rows = [
        ("Full sync from ZIP into an empty data dir (CLI)", "<= 5 s",
         wall("full_sync_s"), cpu("full_sync_s"), ok("full_sync_s")),
        (f"Peak memory of that sync process (max RSS, {RSS_METHOD})", "-",
         f"{f['full_sync_maxrss_mb']} MiB", "", ""),
        ("Re-sync of the same bundle (CLI)", "<= 0.3 s",
         wall("resync_s", digits=3), cpu("resync_s", digits=3), ok("resync_s")),
        ("Re-sync of the same bundle (in-process `sync()`)", "-",
         wall("resync_inprocess_s", digits=3), cpu("resync_inprocess_s", digits=3), ""),
        ("Next version, 100 articles changed (CLI)", "<= 1 s",
         wall("changed_100_s", digits=3), cpu("changed_100_s", digits=3), ok("changed_100_s")),
        ("Next version, 100 articles changed (in-process `sync()`)", "-",
         wall("changed_100_inprocess_s", digits=3), cpu("changed_100_inprocess_s", digits=3),
         ""),
        ("Search, median of 50 queries (in-process)", "<= 5 ms",
         f"{f['search_median_ms']:.2f} ms", f"{f['search_cpu_median_ms']:.2f} ms",
         ok("search_median_ms")),
        ("Search, p95 of 50 queries (in-process)", "<= 20 ms",
         f"{f['search_p95_ms']:.2f} ms", f"{f['search_cpu_p95_ms']:.2f} ms",
         ok("search_p95_ms")),
        ("`sci-reader status --json` (CLI, 10 runs)", "<= 0.3 s",
         wall("status_s", digits=3), cpu("status_s", digits=3), ok("status_s")),
    ]  # fmt: skip
    lines = [
        f"Library: {n:,} synthetic articles ({f['bundle_zip_mb']} MB ZIP, "
        f"{f['library_file_mb']} MB library file); {reps} run(s) of each sync scenario.",
        "",
        "| Scenario | Target | Wall, median (min-max) | CPU, median | Result |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
    lines += [
        "",
        f"- Peak RSS: re-sync {f['resync_maxrss_mb']} MiB, "
        f"100 changed {f['changed_100_maxrss_mb']} MiB.",
        f"- Python start-up alone (`python -c pass`): "
        f"{f['python_startup_s']['median'] * 1000:.0f} ms wall median.",
        "- Search, slowest of the 50: "
        + ", ".join(f"`{q}` {t} ms" for q, t in f["search_slowest"])
        + ".",
        "- Search, heaviest inputs (not among the 50): "
        + ", ".join(f"`{q}` {t} ms" for q, t in f["search_worst_case_ms"].items())
        + ".",
    ]
    if f["search_queries_without_hits"]:
        lines.append(f"- Queries with no hits: {f['search_queries_without_hits']}")
    m = res.machine
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; Python {m['python']}, "
        f"SQLite {m['sqlite']}; load average {m['load_average_at_start'][0]} at start, "
        f"{m['load_average_at_end'][0]} at end. Code: commit {m['commit']}. "
        f"Measured {m['date']}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each sync scenario")
    parser.add_argument("--search-runs", type=int, default=5, help="runs of each query")
    parser.add_argument("--out", default=str(HERE / "out"))
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    res = bench(args)
    res.machine["date"] = started.strftime("%Y-%m-%d %H:%M UTC")
    text = table(res)
    out = Path(args.out)
    document = {"machine": res.machine, "params": res.params, "figures": res.figures}
    (out / "results.json").write_text(json.dumps(document, indent=1) + "\n")
    (out / "results.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
