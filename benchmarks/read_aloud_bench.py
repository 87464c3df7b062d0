"""How long the window stops answering when Read aloud is first pressed.

    .venv/bin/python benchmarks/read_aloud_bench.py --reference /tmp/base-tree

The first press starts the platform's speech engine (speech-dispatcher on
Linux: 1.5-4 s). Each run is a fresh process (the first press happens once
per process): offscreen window 1366x768 on an article, a 5-ms timer notes
every gap in the event loop, Read aloud is clicked, and the run ends 1 s
after reading has begun (or after 30 s). Figures per run: the longest gap
(the window's longest freeze), and the time from the click to reading.
With `--reference TREE` (a checkout of another commit, e.g. the base) the
same runs alternate with that tree's code, side by side in one session.

speech-dispatcher shuts itself down 5 s after its last client; on some
machines (this one) it then hangs while closing its espeak-ng module and
never answers again. So every daemon a run started is ended after the run,
by its process id, and each run starts the daemon afresh (a reader's first
press after logging in).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DAEMON = "speech-dispatch"  # the process name, as the kernel shortens it


def one_run() -> dict:
    """In a child process: press Read aloud once and watch the event loop."""
    # That tree's ui_bench puts that tree first on the path: its `reader` is measured.
    sys.path.insert(0, str(Path(os.environ["BENCH_TREE"]) / "benchmarks"))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import ui_bench
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    ui_bench.keep_none_alive()
    data = ui_bench.prepare(HERE / "out", 200, 1)
    from reader.core.library.store import Library
    from reader.ui.context import Location
    from reader.ui.main_window import MainWindow

    with Library(data) as library:
        article = library.list_articles(limit=1)[0].id
    window = MainWindow(data, first_start_import=False)
    window.resize(1366, 768)
    window.show()
    window.navigate(Location("article", article))
    for _ in range(5):
        app.processEvents()
    controls = window.article_page.read_aloud
    gaps: list[float] = []
    last = [time.perf_counter()]

    idle: list[float] = []  # gaps in the second before the press: the machine's own noise

    def tick() -> None:
        now = time.perf_counter()
        (gaps if "pressed" in result else idle).append(now - last[0])
        last[0] = now

    timer = QTimer(interval=5, timeout=tick)
    result: dict = {}

    def press() -> None:
        result["pressed"] = time.perf_counter()
        controls.play.click()

    def watch() -> None:
        now = time.perf_counter()
        if "reading" not in result and controls.reading.state == "reading":
            result["reading"] = now
        if now - result.get("reading", now + 1) > 1.0 or now - result["pressed"] > 30:
            app.quit()

    timer.start()
    QTimer.singleShot(1200, press)
    watcher = QTimer(interval=20, timeout=watch)
    QTimer.singleShot(1210, watcher.start)
    app.exec()
    to_reading = result.get("reading", float("nan")) - result["pressed"]
    controls.reading.stop()
    window.close()
    return {
        "longest_gap_ms": round(max(gaps) * 1000, 1),
        "idle_gap_ms": round(max(idle[len(idle) // 5 :]) * 1000, 1),
        "to_reading_ms": round(to_reading * 1000, 1),
        "message": controls.reading.message,
        "code": str(Path(sys.modules["reader"].__file__).parents[1]),
    }


def daemons() -> set[int]:
    found = subprocess.run(["pgrep", "-x", DAEMON], capture_output=True, text=True).stdout
    return {int(pid) for pid in found.split()}


def measure(tree: Path) -> dict:
    before = daemons()
    env = dict(os.environ, BENCH_TREE=str(tree))
    child = subprocess.run(
        [sys.executable, __file__, "--child"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
        timeout=120,
    )
    for pid in daemons() - before:  # started by this run: end it (see the docstring)
        os.kill(pid, 9)
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"the run in {tree} printed no result:\n{child.stderr[-2000:]}")
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reference", type=Path, help="another checkout, run alternately")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run()), flush=True)
        return 0
    if daemons():
        print("note: a speech-dispatcher is already running; runs may use it")
    trees = {"this tree": REPO}
    if args.reference:
        trees = {"reference": args.reference.resolve(), **trees}
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            runs[name].append(measure(tree))
            time.sleep(1)
    print(
        "| Code | longest freeze after the click, median (min - max)"
        " | longest gap in the second before | click to reading, median | runs |"
    )
    print("| --- | --- | --- | --- | --- |")
    for name, results in runs.items():
        gaps = [r["longest_gap_ms"] for r in results]
        to = [r["to_reading_ms"] for r in results]
        print(
            f"| {name} | {statistics.median(gaps):.0f} ms ({min(gaps):.0f} - {max(gaps):.0f})"
            f" | {max(r['idle_gap_ms'] for r in results):.0f} ms"
            f" | {statistics.median(to):.0f} ms | {len(results)} |"
        )
    print(f"\nload {os.getloadavg()[0]:.2f}")
    for name, results in runs.items():
        print(name, [(r["code"], r["message"], r["longest_gap_ms"]) for r in results])
    return 0


if __name__ == "__main__":
    sys.exit(main())
