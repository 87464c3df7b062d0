"""Frozen start of this checkout's app, another checkout's app and the reference, in turn.

    .venv/bin/python benchmarks/installer_bench.py --shipped-only        # builds build/bench
    (cd /tmp/base && ../path/to/.venv/bin/python benchmarks/installer_bench.py --shipped-only)
    .venv/bin/python benchmarks/frozen_side_by_side.py /tmp/base --runs 9

installer_bench.py times one frozen app against the frozen reference; a
change of ~10 ms needs the old app in the same turns, on a machine whose
load moves the reference's own median by 50 ms between runs. This starts
the three stripped builds (this checkout's and BASE's `build/bench`, made
by `installer_bench.py --shipped-only` in each) alternately under one
Xvfb, with installer_bench's own helpers, and prints for each the median
(min-max) of the time to a mapped window and of the CPU time then, with
the ratio to the reference, and the resident memory one second after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "packaging"), str(REPO)]

import installer_bench as bench  # noqa: E402

MIB = 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path, help="a checkout with its own build/bench")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    app = Path("build/bench/app/dist/app/sci-reader")
    reference = Path("build/bench/reference/dist/reference/reference-window")
    folders = {"app": REPO / app, "before": args.base.resolve() / app}
    folders["reference"] = REPO / reference
    titles = {"app": bench.TITLES["app"], "before": bench.TITLES["app"]}
    titles["reference"] = bench.TITLES["reference"]
    exes = {name: folder / folder.name for name, folder in folders.items()}
    for exe in exes.values():
        if not exe.is_file():
            sys.exit(f"{exe} is missing: build it with installer_bench.py --shipped-only")
    xvfb, display = bench.start_xvfb()
    starts: dict[str, list] = {name: [] for name in exes}
    try:
        with tempfile.TemporaryDirectory(prefix="frozen-side-by-side-") as tmp:
            data = bench.prepared_data_dir(exes["app"], Path(tmp))
            env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
            env.update(LANG="C.UTF-8", DISPLAY=display, QT_QPA_PLATFORM="xcb")
            env["SCI_READER_DATA_DIR"] = str(data)
            for name in exes:  # warm-up: the page cache holds every folder afterwards
                bench.start_time([str(exes[name])], titles[name], env)
            for _ in range(args.runs):
                for name, exe in exes.items():
                    starts[name].append(bench.start_and_memory([str(exe)], titles[name], env))
    finally:
        xvfb.terminate()
        xvfb.wait()
    reference_wall = statistics.median(s.seconds for s in starts["reference"])
    reference_cpu = statistics.median(s.cpu for s in starts["reference"])
    for name, runs in starts.items():
        wall = [s.seconds * 1000 for s in runs]
        cpu = [s.cpu * 1000 for s in runs]
        rss = statistics.median(s.rss for s in runs) / MIB
        print(
            f"{name:10} mapped {statistics.median(wall):.0f} ({min(wall):.0f}-{max(wall):.0f}) ms "
            f"{statistics.median(wall) / 1000 / reference_wall:.2f}x; "
            f"CPU {statistics.median(cpu):.0f} ({min(cpu):.0f}-{max(cpu):.0f}) ms "
            f"{statistics.median(cpu) / 1000 / reference_cpu:.2f}x; resident {rss:.1f} MiB"
        )
    print("load average", os.getloadavg()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
