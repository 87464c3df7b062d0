"""How long one text-size step takes to settle, on the 10,000-article library.

    .venv/bin/python benchmarks/size_step_bench.py              # the figures
    .venv/bin/python benchmarks/size_step_bench.py --profile    # where the time goes

Offscreen, window 1366x768. On Home, a category (the largest) and an article,
the text size goes 100% -> 125% -> ... -> 300% -> ... -> 100% (12 steps per
round, 3 rounds). One step is `MainWindow.step_scale(+/-1)` (what Ctrl+= runs)
and then the event loop until nothing is pending, and a synchronous repaint of
the window: the time until the reader sees the new size, laid out. Median,
p10/p90, min/max over the steps. Uses the data folder that ui_bench.py makes
(benchmarks/out/ui-data), made on first run.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import ui_bench  # noqa: E402

WINDOW_SIZE = (1366, 768)
ROUNDS = 3


def settle(app) -> None:
    for _ in range(3):
        app.processEvents()


def steps(app, window, rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each step (CPU: this process only; the machine is shared)."""
    from reader.ui.theme import SCALES

    wall: list[float] = []
    cpu: list[float] = []
    up = [+1] * (len(SCALES) - 1)
    for _ in range(rounds):
        for step in up + [-1] * len(up):
            t, c = time.perf_counter(), time.process_time()
            window.step_scale(step)
            settle(app)
            window.repaint()
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
    return wall, cpu


def spread(values: list[float]) -> dict:
    ms = sorted(v * 1000 for v in values)
    pick = lambda f: ms[round(f * (len(ms) - 1))]  # noqa: E731
    return {
        "median": statistics.median(ms),
        "p10": pick(0.1),
        "p90": pick(0.9),
        "min": ms[0],
        "max": ms[-1],
        "n": len(ms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    ui_bench.keep_none_alive()
    data = ui_bench.prepare(HERE / "out", args.articles, 1)
    from reader.core.library.store import Library
    from reader.ui.context import HOME, Location
    from reader.ui.main_window import MainWindow

    with Library(data) as library:
        biggest = max(library.categories(), key=lambda e: e.articles).category.slug
        article = library.list_articles(limit=1)[0].id
    window = MainWindow(data, first_start_import=False)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app)
    scenes = {"Home": HOME, "Category": Location("category", biggest)}
    scenes["Article"] = Location("article", article)
    rows = [
        "| Page | wall median | wall p10 - p90 | wall min - max"
        " | CPU median | CPU p10 - p90 | steps |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, location in scenes.items():
        window.navigate(location)
        settle(app)
        steps(app, window, 1)  # warm-up
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
        wall, cpu = steps(app, window, args.rounds)
        s, c = spread(wall), spread(cpu)
        if args.profile:
            profile.disable()
            print(f"## {name}")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        rows.append(
            f"| {name} | {s['median']:.0f} ms | {s['p10']:.0f} - {s['p90']:.0f} ms"
            f" | {s['min']:.0f} - {s['max']:.0f} ms | {c['median']:.0f} ms"
            f" | {c['p10']:.0f} - {c['p90']:.0f} ms | {s['n']} |"
        )
    window.close()
    print("\n".join(rows))
    print(f"\nWindow {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, offscreen, load {os.getloadavg()[0]:.2f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
