"""Speed and memory of the reader window on a synthetic 10,000-article library.

    .venv/bin/python benchmarks/ui_bench.py                  # the figures
    .venv/bin/python benchmarks/ui_bench.py --articles 2000  # a quick look

Everything runs with QT_QPA_PLATFORM=offscreen. Scenarios:

- launch: `python -m reader --data-dir DIR` (the real entry point) in a child
  process; wall time from starting the process until the window is shown and
  its home page populated, taken at the event loop's first tick after show,
  after a synchronous repaint. One warm-up run compiles the bytecode.
- opening an article: `MainWindow.navigate()` to 20 different articles,
  in-process; the call alone, and until laid out and painted.
- search: `MainWindow.run_search()` for 20 typical queries (what runs when
  the pause after the last keystroke ends), and until painted.
- per keystroke: each query typed a letter at a time on the results page,
  `run_search()` (results updated in place) beside the core `search()` for
  the same text in the same run; median, p10/p90 and the ratio of medians.
- scrolling: the category page (one scrolling list: the page scrolls, the
  card list is as tall as its cards) in a 1280x800 window, scrolled to
  the bottom one viewport page per step (each step: scroll, process events,
  repaint); the slowest and median step, the rows fetched, and the resident
  memory (VmRSS) before and after. Once for the largest category, and once for
  all articles through the same model and view (the synthetic library has no
  single category of 10,000).

The bundle is generated once into benchmarks/out/ui-bundles/ and synced once
into benchmarks/out/ui-data/ (both gitignored, both reused by later runs).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from tests.bundles import synthetic  # noqa: E402

QUERIES = [
    "walking", "stimulation", "bladder training", "pain", "neuropathic pain",
    "stem cells", "pressure sore", "wheelchair", "exoskeleton", "blood pressure",
    "depression", "quality of life", "fertility", "breathing", "spasticity",
    "catheter", "stim", "walk", "bladder trai", "neurop",
]  # fmt: skip
ARTICLE_OPENS = 20
WINDOW_SIZE = (1280, 800)

# Run in the launched child: the real entry point, plus a first-tick probe.
CHILD = r"""
import sys
{guard}
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])


def ready():
    from reader.ui.main_window import MainWindow

    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not windows:
        QTimer.singleShot(1, ready)
        return
    window = windows[0]
    window.repaint()
    print(f"READY {{len(window.pages['home'].latest_cards)}}", flush=True)
    app.quit()


QTimer.singleShot(0, ready)
from reader.cli import main

sys.exit(main(["--data-dir", sys.argv[1]]))
"""

# PySide6 6.12.0 on Python < 3.12 returns None from void calls without a new
# reference, so None's count falls by one per call until the process aborts
# (tests/ui/test_qt_binding.py). Raising the count, as Python 3.12 does for
# immortal objects, lets a long benchmark finish; it changes no timing.
GUARD = (
    "import ctypes\n"
    "if sys.version_info < (3, 12):\n"
    "    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40\n"
)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def binding_drops_none() -> bool:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(100):
        label.setText("x")
    return sys.getrefcount(None) - before <= -50


def keep_none_alive() -> None:
    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def prepare(out: Path, n: int, seed: int) -> Path:
    """The bundle and the synced data folder, made once and reused."""
    from reader.core.library.store import Library
    from reader.core.library.sync import sync

    bundle = out / "ui-bundles" / f"v1-{n}-seed{seed}.zip"
    if not bundle.exists():
        say(f"Generating a bundle of {n} articles...")
        synthetic.make_bundle(bundle, n, seed=seed)
    data = out / ("ui-data" if n == 10_000 else f"ui-data-{n}")
    with Library(data) as library:
        count = library.count_articles()
    if count != n:
        say(f"Syncing it into {data}...")
        sync(data, bundle)
    from reader.ui.settings import Preferences

    prefs = Preferences(data)
    prefs.disclaimer_acknowledged = True
    prefs.theme = "light"
    prefs.scale = 1.0
    return data


def stats_ms(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {
        "median": round(statistics.median(ms), 2),
        "max": round(max(ms), 2),
        "min": round(min(ms), 2),
        "runs": len(ms),
    }


def bench_launch(data: Path, out: Path, runs: int) -> dict:
    env = dict(os.environ)
    env["PYTHONPYCACHEPREFIX"] = str(out / "pycache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SCI_READER_DATA_DIR", None)
    code = CHILD.format(guard=GUARD)
    walls = []
    for i in range(runs + 1):  # the first run compiles bytecode: not counted
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code, str(data)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=REPO,
            text=True,
        )
        line = proc.stdout.readline()
        wall = time.perf_counter() - start
        _, err = proc.communicate(timeout=120)
        if not line.startswith("READY") or proc.returncode != 0:
            raise SystemExit(f"launch failed ({proc.returncode}): {line!r}\n{err}")
        if int(line.split()[1]) != 10:
            raise SystemExit(f"home page not populated: {line!r}")
        if i:
            walls.append(wall)
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "runs": len(walls),
    }


def scroll_to_bottom(app, view, model) -> dict:
    """Scroll one viewport page per step until the last row is in view.

    A step is what one scroll costs the person: move, one turn of the event
    loop, repaint. When the bar is at its end while rows are still being
    fetched or measured (a batch per turn), the loop turns without scrolling;
    the longest single turn is the longest the window could not respond.
    """
    bar = view.verticalScrollBar()
    steps: list[float] = []
    turns: list[float] = []
    start = time.perf_counter()
    while True:
        at_end = bar.value() >= bar.maximum()
        if at_end and not model.has_more() and not layout_pending(app, view, model):
            break
        t = time.perf_counter()
        if not at_end:
            bar.setValue(min(bar.value() + bar.pageStep(), bar.maximum()))
        app.processEvents()
        view.viewport().repaint()
        (turns if at_end else steps).append(time.perf_counter() - t)
        if len(steps) + len(turns) > 200_000:
            raise SystemExit("the list never reached its end")
    ordered = sorted(steps)
    return {
        "steps": len(steps),
        "layout_turns": len(turns),
        "rows": model.rowCount(),
        "step_ms": stats_ms(steps),
        "step_p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))] * 1000, 2),
        "longest_turn_ms": round(max(steps + turns) * 1000, 2),
        "total_s": round(time.perf_counter() - start, 2),
    }


def layout_pending(app, view, model) -> bool:
    """True while the view still measures rows (the scroll range may still grow)."""
    bar = view.verticalScrollBar()
    before = (bar.maximum(), model.rowCount())
    app.processEvents()
    return (bar.maximum(), model.rowCount()) != before


def bench_in_process(data: Path) -> dict:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from reader.ui.context import Location
    from reader.ui.main_window import SEARCH_DELAY_MS, MainWindow
    from reader.ui.models import ArticleListModel

    results: dict = {}
    window = MainWindow(data, first_start_import=False)
    window.resize(*WINDOW_SIZE)
    window.show()
    for _ in range(5):
        app.processEvents()
    library = window.library
    total = library.count_articles()
    results["articles"] = total

    # Opening an article.
    ids = [s.id for s in library.list_articles()]
    chosen = ids[:: max(1, len(ids) // ARTICLE_OPENS)][:ARTICLE_OPENS]
    for article_id in ids[-3:]:  # warm-up
        window.navigate(Location("article", article_id))
        app.processEvents()
    calls, painted = [], []
    for article_id in chosen:
        t = time.perf_counter()
        assert window.navigate(Location("article", article_id))
        t1 = time.perf_counter()
        app.processEvents()
        window.repaint()
        calls.append(t1 - t)
        painted.append(time.perf_counter() - t)
    results["open_article_navigate"] = stats_ms(calls)
    results["open_article_painted"] = stats_ms(painted)

    # Search, as the pause after the last keystroke ends.
    window.navigate(Location("home"))
    for query in QUERIES:  # warm-up
        window.search_field.setText(query)
        window.run_search()
    calls, painted, hits = [], [], []
    for query in QUERIES:
        window.search_field.setText(query)
        t = time.perf_counter()
        window.run_search()
        t1 = time.perf_counter()
        app.processEvents()
        window.repaint()
        calls.append(t1 - t)
        painted.append(time.perf_counter() - t)
        hits.append(window.pages["search"].model.rowCount())
    results["search_run"] = stats_ms(calls)
    results["search_painted"] = stats_ms(painted)
    results["search_delay_ms"] = SEARCH_DELAY_MS
    results["search_queries_without_hits"] = [
        q for q, h in zip(QUERIES, hits, strict=True) if not h
    ]

    results.update(bench_keystrokes(app, window))

    # Scrolling: the largest category, then every article through the same view.
    biggest = max(library.categories(), key=lambda c: c.articles)
    window.navigate(Location("category", biggest.category.slug))
    for _ in range(5):
        app.processEvents()
    page = window.pages["category"]
    rss_before = vm_rss_mb()
    scroll = scroll_to_bottom(app, page.scroll, page.model)
    scroll.update(
        category=biggest.category.name,
        category_articles=biggest.articles,
        rss_before_mb=round(rss_before, 1),
        rss_after_mb=round(vm_rss_mb(), 1),
    )
    results["scroll_category"] = scroll

    window.navigate(Location("home"))
    window.navigate(Location("category", biggest.category.slug))
    everything = ArticleListModel(
        lambda limit, offset: library.list_articles(None, limit, offset),
        total,
        window.personal.is_bookmarked,
        page,
    )
    page.model = everything
    page.list.setModel(everything)
    for _ in range(5):
        app.processEvents()
    rss_before = vm_rss_mb()
    scroll = scroll_to_bottom(app, page.scroll, everything)
    scroll.update(rss_before_mb=round(rss_before, 1), rss_after_mb=round(vm_rss_mb(), 1))
    results["scroll_all"] = scroll
    window.close()
    return results


def bench_keystrokes(app, window) -> dict:
    """Each query typed a letter at a time: the window's cost per keystroke beside the
    core search for the same text, one right after the other in the same process.

    The window's cost is `run_search()`, what runs when the pause after a
    keystroke ends (the results are then updated in place); the core's is
    `search()` with the same limit. The first letter of each query arrives from
    the home page (a full page show) and is reported on its own.
    """
    from reader.core.library.search import search
    from reader.ui.context import Location
    from reader.ui.search_page import SEARCH_RESULTS

    window_s, core_s, first_s, painted_s = [], [], [], []
    for round_ in range(2):  # the first round warms caches and is not counted
        for query in QUERIES:
            window.navigate(Location("home"))
            app.processEvents()
            for end in range(1, len(query) + 1):
                text = query[:end]
                window.search_field.setText(text)
                t = time.perf_counter()
                window.run_search()
                t1 = time.perf_counter()
                app.processEvents()
                window.repaint()
                t2 = time.perf_counter()
                # The core second: it then gets the warmer cache, so the ratio errs high.
                c = time.perf_counter()
                search(window.library, text, limit=SEARCH_RESULTS)
                c1 = time.perf_counter()
                if not round_:
                    continue
                if end == 1:
                    first_s.append(t1 - t)
                else:  # the same texts on both sides
                    window_s.append(t1 - t)
                    painted_s.append(t2 - t)
                    core_s.append(c1 - c)
    keystroke = stats_ms(window_s)
    core = stats_ms(core_s)
    for name, values in (("p90", 0.9), ("p10", 0.1)):
        keystroke[name] = round(percentile(window_s, values) * 1000, 2)
        core[name] = round(percentile(core_s, values) * 1000, 2)
    ratios = [w / c for w, c in zip(window_s, core_s, strict=True)]
    return {
        "keystroke_ratio_per_text": {
            "median": round(statistics.median(ratios), 2),
            "p10": round(percentile(ratios, 0.1), 2),
            "p90": round(percentile(ratios, 0.9), 2),
        },
        "keystroke_window": keystroke,
        "keystroke_core_search": core,
        "keystroke_painted": stats_ms(painted_s),
        "keystroke_first_letter": stats_ms(first_s),
        "keystroke_ratio": round(keystroke["median"] / core["median"], 2),
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def keystroke_table(r: dict) -> str:
    w, c = r["keystroke_window"], r["keystroke_core_search"]

    def spread(s: dict) -> str:
        return (
            f"{s['median']:.2f} ms (p10 {s['p10']:.2f}, p90 {s['p90']:.2f}, "
            f"max {s['max']:.2f}; {s['runs']} keystrokes)"
        )

    rows = [
        ("Window: `run_search()` per keystroke on the results page", spread(w)),
        ("Core: `search()` for the same texts, same run", spread(c)),
        ("Ratio of medians, window / core (target <= 1.5)", f"{r['keystroke_ratio']:.2f}"),
        (
            "Ratio per keystroke, window / core for the same text",
            "median {median:.2f} (p10 {p10:.2f}, p90 {p90:.2f})".format(
                **r["keystroke_ratio_per_text"]
            ),
        ),
        ("Window per keystroke until painted", f"{r['keystroke_painted']['median']:.2f} ms"),
        (
            "First letter (arrives from the home page: a full page show)",
            f"{r['keystroke_first_letter']['median']:.2f} ms",
        ),
    ]
    lines = ["| Per keystroke | Result |", "| --- | --- |"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def table(r: dict) -> str:
    def ms(s: dict) -> str:
        return f"{s['median']:.1f} ms (max {s['max']:.1f}, {s['runs']} runs)"

    launch = r["launch"]
    cat, every = r["scroll_category"], r["scroll_all"]
    rows = [
        (
            "Launch to interactive window (`python -m reader`, wall from process start"
            " to home page shown)",
            f"{launch['median_s']:.2f} s (min {launch['min_s']:.2f}, max {launch['max_s']:.2f},"
            f" {launch['runs']} runs)",
        ),
        ("Open an article: `navigate()`, median of 20", ms(r["open_article_navigate"])),
        ("Open an article until laid out and painted", ms(r["open_article_painted"])),
        ("Search: `run_search()`, median of 20 typical queries", ms(r["search_run"])),
        ("Search until the results are painted", ms(r["search_painted"])),
        (
            "Results shown after the last keystroke (pause + search + paint)",
            f"{r['search_delay_ms'] + r['search_painted']['median']:.0f} ms",
        ),
    ]
    for label, s in (
        (f"category {cat['category']!r}, {cat['category_articles']} articles", cat),
        (f"all {r['articles']} articles, same model and view", every),
    ):
        rows += [
            (
                f"Scroll to the bottom, {label}: slowest step",
                f"{s['step_ms']['max']:.1f} ms (median {s['step_ms']['median']:.1f},"
                f" p99 {s['step_p99_ms']:.1f}; {s['steps']} page steps, {s['total_s']:.1f} s)",
            ),
            (
                f"Longest single event-loop turn while scrolling ({label})",
                f"{s['longest_turn_ms']:.1f} ms ({s['layout_turns']} turns waiting at the end)",
            ),
            (
                f"Rows fetched / resident memory before -> after ({label})",
                f"{s['rows']} rows; {s['rss_before_mb']:.0f} -> {s['rss_after_mb']:.0f} MiB",
            ),
        ]
    lines = ["| Scenario | Result |", "| --- | --- |"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--launches", type=int, default=5)
    parser.add_argument("--out", default=str(HERE / "out"))
    parser.add_argument(
        "--keystrokes-only", action="store_true", help="only the per-keystroke figures"
    )
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication(sys.argv[:1])
    drops = binding_drops_none()
    keep_none_alive()
    data = prepare(out, args.articles, args.seed)
    if args.keystrokes_only:
        from reader.ui.main_window import MainWindow

        app = QApplication.instance()
        window = MainWindow(data, first_start_import=False)
        window.resize(*WINDOW_SIZE)
        window.show()
        for _ in range(5):
            app.processEvents()
        results = bench_keystrokes(app, window)
        window.close()
        print(keystroke_table(results))
        print(f"\nPython {sys.version.split()[0]}, load {[round(x, 2) for x in os.getloadavg()]}.")
        return 0
    say("Launching the window...")
    results: dict = {"launch": bench_launch(data, out, args.launches)}
    say("In-process: articles, search, scrolling...")
    results.update(bench_in_process(data))
    results["environment"] = {
        "python": sys.version.split()[0],
        "pyside6": pyside_version,
        "binding_drops_none_references": drops,
        "window": list(WINDOW_SIZE),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    (out / "ui-results.json").write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    print()
    print(keystroke_table(results))
    env = results["environment"]
    print(
        f"\nPython {env['python']}, PySide6 {env['pyside6']}, offscreen, window"
        f" {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, {env['cpu_count']} CPUs, load {env['load_average']}."
    )
    if drops:
        print(
            "This PySide6 drops a reference to None on every void call (see"
            " tests/ui/test_qt_binding.py); the benchmark keeps None alive so that it can finish."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
