"""Unfrozen start time: the reader's window against a bare Qt window, run the same way.

    .venv/bin/python benchmarks/start_bench.py            # 1 warm-up + 7 starts of each
    .venv/bin/python benchmarks/start_bench.py --runs 9
    .venv/bin/python benchmarks/start_bench.py --before /tmp/old-checkout  # + that code's app
    .venv/bin/python benchmarks/start_bench.py --library /tmp/v1.zip  # a synthetic library

Issue 16 asks the unfrozen window to appear within 1.5x of the reference
(benchmarks/reference_window.py: QMainWindow + QTextBrowser importing the same
Qt modules). Each start is `python -m reader` or `python reference_window.py`
under a private Xvfb (the helpers of installer_bench.py), timed from starting
the process until xwininfo reports its window "IsViewable", with the embedded
library already imported and the disclaimer acknowledged. App and reference
run alternately; bytecode is compiled once (PYTHONPYCACHEPREFIX) as for an
installed app. Prints median, min-max and the ratio of medians. --before DIR
adds a third contender, the app from another checkout of the repository
(e.g. `git archive BASE | tar -x -C DIR`), run the same way in the same turns.
--library BUNDLE imports that bundle instead of the embedded library (issue 16
measures with the 10,000-article synthetic one: benchmarks/synthetic.py).
Each start also samples the process's resident memory (VmRSS) one second
after its window is mapped: issue 16 asks <= 2x the reference's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "packaging"), str(REPO)]

from installer_bench import TITLES, start_and_memory, start_xvfb  # noqa: E402

TARGET, MEMORY_TARGET = 1.5, 2.0
MIB = 1024 * 1024


def prepared_data_dir(root: Path, env: dict[str, str], bundle: Path | None) -> Path:
    data = root / "data"
    source = [str(bundle)] if bundle else []  # none: the embedded library
    subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data), "sync", *source],
        check=True,
        capture_output=True,
        env=env,
    )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reader.ui.settings import Preferences

    Preferences(data).disclaimer_acknowledged = True
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed starts of each (default 7)")
    parser.add_argument("--before", type=Path, help="also time the app of this checkout")
    parser.add_argument("--library", type=Path, help="import this bundle, not the embedded one")
    args = parser.parse_args()
    commands = {
        "app": [sys.executable, "-m", "reader"],
        "reference": [sys.executable, str(REPO / "benchmarks" / "reference_window.py")],
    }
    if args.before:  # `-c` puts the checkout first on sys.path, before this one's install
        run_there = f"import sys; sys.path.insert(0, {str(args.before.resolve())!r}); "
        commands["before"] = [sys.executable, "-c", run_there + "import runpy; "
                              "runpy.run_module('reader', run_name='__main__')"]  # fmt: skip
    times: dict[str, list[float]] = {t: [] for t in commands}
    memory: dict[str, list[int]] = {t: [] for t in commands}
    cpu: dict[str, list[float]] = {t: [] for t in commands}
    xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory(prefix="start-bench-") as tmp:
            env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
            env.update(LANG="C.UTF-8", PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO))
            data = prepared_data_dir(Path(tmp), env, args.library)
            env["SCI_READER_DATA_DIR"] = str(data)
            for target, command in commands.items():  # warm-up: bytecode and page cache
                start_and_memory(command, TITLES.get(target, TITLES["app"]), env, settle=None)
            for _ in range(args.runs):
                for target, command in commands.items():
                    start = start_and_memory(command, TITLES.get(target, TITLES["app"]), env)
                    times[target].append(start.seconds)
                    cpu[target].append(start.cpu)
                    memory[target].append(start.rss)
    finally:
        xvfb.terminate()
        xvfb.wait()
    med = {t: statistics.median(v) for t, v in times.items()}
    rss = {t: statistics.median(v) for t, v in memory.items()}
    cpu_med = {t: statistics.median(v) for t, v in cpu.items()}
    library = args.library.name if args.library else "the embedded library"
    print(f"start to window mapped (Xvfb, unfrozen, {library}), median of {args.runs}:")
    for target, values in times.items():
        print(
            f"  {target:9} {med[target] * 1000:5.0f} ms  "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}); "
            f"resident {rss[target] / MIB:.1f} MiB "
            f"({min(memory[target]) / MIB:.1f}-{max(memory[target]) / MIB:.1f})"
        )
        print(f"  {'':9} all: {', '.join(f'{v * 1000:.0f}' for v in values)}")
        print(
            f"  {'':9} CPU time when mapped {cpu_med[target] * 1000:.0f} ms "
            f"(min {min(cpu[target]) * 1000:.0f}, max {max(cpu[target]) * 1000:.0f})"
        )
    for target in [t for t in times if t != "reference"]:
        ratio = med[target] / med["reference"]
        print(f"  {target} / reference {ratio:.2f}x (target <= {TARGET}x); resident "
              f"{rss[target] / rss['reference']:.2f}x (target <= {MEMORY_TARGET}x); "
              f"CPU time {cpu_med[target] / cpu_med['reference']:.2f}x")  # fmt: skip
    print(f"  load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
