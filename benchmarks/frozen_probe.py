"""Where a frozen start spends its time: the app's own start, profiled inside a frozen build.

    SCI_READER_FREEZE=probe build/venv/bin/python -m PyInstaller packaging/sci-reader.spec
    SCI_READER_DATA_DIR=D QT_QPA_PLATFORM=offscreen dist/.../start-probe [N]

Frozen the same way as the app (same spec, same modules: it runs the app's
`reader.cli.main` for a plain launch), but instead of entering the event
loop it processes the first paint, prints the wall time since the process
started (from /proc) and the N (40) largest cumulative entries of a
cProfile of the start. benchmarks/README.md, "Window start", uses it.
"""

import cProfile
import io
import os
import pstats
import sys
import time


def _process_age() -> float:
    """Seconds since this process was started (the bootloader included)."""
    with open("/proc/self/stat") as stat, open("/proc/uptime") as up:
        started = int(stat.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
        return float(up.read().split()[0]) - started


def main() -> int:
    age_at_entry = _process_age()
    entered = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    def first_paint(app) -> int:
        app.processEvents()
        app.processEvents()
        return 0

    QApplication.exec = first_paint
    from reader.cli import main as reader_main

    profile = cProfile.Profile()
    sys.argv[1:] = []
    profile.runcall(reader_main)
    total = age_at_entry + time.perf_counter() - entered
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(int(os.environ.get("PROBE_LINES", "40")))
    print(out.getvalue())
    print(f"process age at the probe's entry: {age_at_entry * 1000:.0f} ms (bootloader, hooks)")
    print(f"start to first paint, profiled: {total * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
