"""How long one text-size step takes to settle, on the 10,000-article library.

    .venv/bin/python benchmarks/size_step_bench.py              # the figures
    .venv/bin/python benchmarks/size_step_bench.py --profile    # where the time goes

Offscreen, window 1366x768. On Home, a category (the largest) and an article,
the text size goes 100% -> 125% -> ... -> 300% -> ... -> 100% (12 steps per
round, 3 rounds). One step is `MainWindow.step_scale(+/-1)` (what Ctrl+= runs)
and then the event loop until nothing is pending, and a synchronous repaint of
the window: the time until the reader sees the new size, laid out (the key
press's clearing of the previous step's message included). Median,
p10/p90, min/max over the steps. Uses the data folder that ui_bench.py makes
(benchmarks/out/ui-data), made on first run.

Side by side, step for step: a reference window (a bare QMainWindow holding
one QTextBrowser with the same article's text) takes the same step, with the
app's own style sheet and font, between each of the app's steps, so both
see the same load. Its wall time is what Qt itself needs to restyle and
draw a window of text here and now; the ratio says what the app adds.
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


def reference_window(article):
    """A bare window of text: QMainWindow + QTextBrowser with the article's sections."""
    from PySide6.QtWidgets import QMainWindow, QTextBrowser

    from reader.core.text.article_html import article_sections_html

    html = "".join(
        f"<h2>{s.heading}</h2>" + "".join(body for _sub, body in s.blocks)
        for s in article_sections_html(article)
    )
    window = QMainWindow()
    browser = QTextBrowser()
    browser.setHtml(f"<h1>{article.title}</h1>{html}")
    window.setCentralWidget(browser)
    window.resize(*WINDOW_SIZE)
    window.show()
    return window


def reference_step(app, window, look) -> float:
    """The reference window takes the size step the app just took: its wall seconds."""
    from PySide6.QtGui import QFont

    from reader.ui.theme import BASE_POINT_SIZE, style_sheet

    t = time.perf_counter()
    font = QFont(window.font())
    font.setPointSizeF(BASE_POINT_SIZE * look.scale)
    window.setFont(font)
    window.setStyleSheet(style_sheet(look))
    settle(app)
    window.repaint()
    return time.perf_counter() - t


def steps(app, window, rounds: int, reference=None) -> tuple[list[float], list[float], list[float]]:
    """Wall and CPU seconds of each step (CPU: this process only; the machine is shared),
    and the reference window's wall seconds for the same steps."""
    from reader.ui.theme import SCALES

    wall: list[float] = []
    cpu: list[float] = []
    ref: list[float] = []
    up = [+1] * (len(SCALES) - 1)
    for _ in range(rounds):
        for step in up + [-1] * len(up):
            t, c = time.perf_counter(), time.process_time()
            # The Ctrl+= key press clears the last step's message first (status_line),
            # as a reader's does; without it the app-wide filter that waits for that
            # press would see every event of every step.
            window.statusBar().clearMessage()
            window.step_scale(step)
            settle(app)
            window.repaint()
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            if reference is not None:
                ref.append(reference_step(app, reference, window.ctx.look()))
    return wall, cpu, ref


def first_steps(app, window, location, times: int, reference):
    """Wall, CPU and reference seconds of the first step after arriving at `location`."""
    from reader.ui.context import HOME

    wall: list[float] = []
    cpu: list[float] = []
    ref: list[float] = []
    for i in range(times):
        window.navigate(HOME)
        settle(app)
        window.navigate(location)
        settle(app)
        t, c = time.perf_counter(), time.process_time()
        window.statusBar().clearMessage()
        window.step_scale(+1 if i % 2 == 0 else -1)
        settle(app)
        window.repaint()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        ref.append(reference_step(app, reference, window.ctx.look()))
    return wall, cpu, ref


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
        reference = reference_window(library.get_article(article))
    window = MainWindow(data, first_start_import=False)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app)
    scenes = {"Home": HOME, "Category": Location("category", biggest)}
    scenes["Article"] = Location("article", article)
    rows = [
        "| Page | wall median | wall p10 - p90 | wall min - max"
        " | CPU median | CPU p10 - p90 | reference wall median (p10 - p90) | ratio | steps |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    scenes["Article, 1st step"] = scenes["Article"]
    for name, location in scenes.items():
        window.navigate(location)
        settle(app)
        first = name.endswith("1st step")
        if not first:
            steps(app, window, 1, reference)  # warm-up
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
        if first:
            wall, cpu, ref = first_steps(app, window, location, 4 * args.rounds, reference)
        else:
            wall, cpu, ref = steps(app, window, args.rounds, reference)
        s, c, r = spread(wall), spread(cpu), spread(ref)
        if args.profile:
            profile.disable()
            print(f"## {name}")
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        rows.append(
            f"| {name} | {s['median']:.0f} ms | {s['p10']:.0f} - {s['p90']:.0f} ms"
            f" | {s['min']:.0f} - {s['max']:.0f} ms | {c['median']:.0f} ms"
            f" | {c['p10']:.0f} - {c['p90']:.0f} ms"
            f" | {r['median']:.0f} ms ({r['p10']:.0f} - {r['p90']:.0f})"
            f" | {s['median'] / r['median']:.2f} | {s['n']} |"
        )
    window.close()
    print("\n".join(rows))
    print(f"\nWindow {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, offscreen, load {os.getloadavg()[0]:.2f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
