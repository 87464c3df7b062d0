"""Where a plain launch's time goes: CPU time and enum types made per stage, to the first paint.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/start_stages.py DATA_DIR
    .venv/bin/python benchmarks/start_stages.py DATA_DIR --runs 5 --before /tmp/base
    .venv/bin/python benchmarks/start_stages.py DATA_DIR --profile show   # cProfile one stage

Each run is a fresh process doing what `sci-reader --data-dir DATA_DIR` does
(reader.cli.main), with hooks that note the process's CPU time (user +
system, all threads: the steady figure on a loaded machine) and how many
Python enum types exist (PySide6 makes one per Qt enum, the first time its
class is touched) at each stage: the CLI's import, the QApplication and its
icon, the window's modules, `MainWindow()`, `show()`, the first paint (two
rounds of events, as frozen_probe.py). Prints each stage's median over the
runs. The reference window (benchmarks/reference_window.py)
runs in the same turns with the marks it has (its Qt imports under
"PySide6", QApplication, the window under "MainWindow()", show, paint).
`--before DIR` runs another checkout's code (`git archive BASE | tar
-x -C DIR`) in the same turns. DATA_DIR must hold an imported library with
the disclaimer acknowledged (start_bench.py's `prepared_data_dir` makes one).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STAGES = ["interpreter", "import reader.cli", "PySide6 (platform check)",
          "log, QApplication, icon", "import main_window", "MainWindow()", "show",
          "first paint"]  # fmt: skip

# Runs in the child: the hooks, then the real command line.
# Both child scripts count the enum types made so far the same way.
ENUM_COUNTER = r"""
import enum

def enums():
    seen, todo = 0, [enum.Enum]
    while todo:
        cls = todo.pop()
        for sub in type.__subclasses__(cls):
            seen += 1
            todo.append(sub)
    return seen
"""

CHILD = r"""
import sys, time, os
sys.path.insert(0, CODE)
import enum

marks = []
profile = None
if PROFILE:
    import cProfile
    profile = cProfile.Profile()

# The profile covers the whole stage: from the mark before it to its own.
def mark(name):
    if name in [m[0] for m in marks]:
        return
    if profile is not None and name == PROFILE:
        profile.disable()
    marks.append((name, time.process_time(), enums()))
    if profile is not None and STAGES.index(PROFILE) == STAGES.index(name) + 1:
        profile.enable()

mark("interpreter")

def timed(stage, func):
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            mark(stage)
    return wrapper

import reader.cli
mark("import reader.cli")
import reader.ui.app as app_module
original_configure = app_module.configure_application
app_module.startup_problem = timed("PySide6 (platform check)", app_module.startup_problem)

def configure():
    app = timed("log, QApplication, icon", original_configure)()
    from PySide6.QtWidgets import QApplication

    def first_paint(self=None):
        app.processEvents()
        app.processEvents()
        mark("first paint")
        return 0
    QApplication.exec = first_paint
    import reader.ui.main_window as mw
    mark("import main_window")
    mw.MainWindow.__init__ = timed("MainWindow()", mw.MainWindow.__init__)
    mw.MainWindow.show = timed("show", mw.MainWindow.show)
    return app

app_module.configure_application = configure
code = reader.cli.main(["--data-dir", DATA])
import json
print("STAGES " + json.dumps(marks))
if profile is not None:
    import pstats
    pstats.Stats(profile).sort_stats(SORT).print_stats(LINES)
sys.exit(code)
"""

# The reference window (benchmarks/reference_window.py) with the same marks
# where it has the stage: its Qt imports, QApplication, the window, show, paint.
CHILD_REFERENCE = r"""
import sys, time, enum

marks = []
def mark(name):
    marks.append((name, time.process_time(), enums()))

mark("interpreter")
sys.path.insert(0, CODE + "/benchmarks")
import reference_window as ref
mark("PySide6 (platform check)")
app = ref.QApplication(sys.argv[:1])
mark("log, QApplication, icon")
window = ref.QMainWindow()
window.setWindowTitle("Reference window")
browser = ref.QTextBrowser()
browser.setHtml("<h1>Reference</h1><p>A bare Qt window.</p>")
window.setCentralWidget(browser)
window.resize(1100, 800)
mark("MainWindow()")
window.show()
mark("show")
app.processEvents()
app.processEvents()
mark("first paint")
import json
print("STAGES " + json.dumps(marks))
"""


def child_env() -> dict[str, str]:
    """The environment of every timed child (first_frame_floor.py's too)."""
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("SCI_READER_CONFIG", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled once, as for an installed app
    env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "start-stages-pyc"))
    return env


def run_once(code_dir: Path, data: Path, profile: str, sort: str, lines: int) -> list:
    child = CHILD_REFERENCE if code_dir is None else CHILD
    script = (
        f"CODE={str(code_dir or REPO)!r}; DATA={str(data)!r}; PROFILE={profile!r}; "
        f"SORT={sort!r}; LINES={lines}; STAGES={STAGES!r}\n" + ENUM_COUNTER + child
    )
    stdout, marks = run_child(script)
    if profile:
        print(stdout.split("\n", 1)[1] if "\n" in stdout else stdout)
    return marks


def run_child(script: str) -> tuple[str, list]:
    """Run a timed child script; its output and the marks of its `STAGES` line."""
    done = subprocess.run(
        [sys.executable, "-c", script], env=child_env(), capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    line = next(x for x in done.stdout.splitlines() if x.startswith("STAGES "))
    return done.stdout, json.loads(line[len("STAGES ") :])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a data folder with an imported library")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="also run this checkout's code")
    parser.add_argument("--profile", choices=STAGES[1:], help="cProfile this stage (one run)")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=40)
    args = parser.parse_args()
    if args.profile:
        run_once(REPO, args.data, args.profile, args.sort, args.lines)
        return 0
    codes: dict[str, Path | None] = {"this": REPO, "reference": None}
    if args.before:
        codes["before"] = args.before.resolve()
    runs: dict[str, list[list]] = {name: [] for name in codes}
    for code in codes.values():  # warm-up: bytecode, page cache
        run_once(code, args.data, "", "", 0)
    for _ in range(args.runs):
        for name, code in codes.items():
            runs[name].append(run_once(code, args.data, "", "", 0))
    print(f"CPU ms per stage (median of {args.runs}), enum types made in it")
    header = "".join(f"{name:>22}" for name in codes)
    print(f"{'stage':24}{header}")
    for stage in STAGES:
        row = ""
        for name in codes:
            cpu, made = [], []
            for marks in runs[name]:
                previous = ("", 0.0, 0)
                for mark in marks:
                    if mark[0] == stage:
                        cpu.append((mark[1] - previous[1]) * 1000)
                        made.append(mark[2] - previous[2])
                    previous = mark
            if cpu:
                row += f"{statistics.median(cpu):12.1f} ms {statistics.median(made):5.0f} e"
            else:
                row += f"{'-':>22}"
        print(f"{stage:24}{row}")
    total = "".join(
        f"{statistics.median(r[-1][1] * 1000 for r in runs[n]):12.1f} ms        " for n in codes
    )
    print(f"{'total CPU':24}{total}")
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
