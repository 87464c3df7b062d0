"""The re-sync's "already up to date" with and without its check of the article cells.

    python benchmarks/cell_scan_bench.py DATA_DIR BUNDLE.zip [--runs 21]

DATA_DIR holds a library synced from BUNDLE.zip (`synthetic.py 10000 ...`,
then `sci-reader --data-dir DATA_DIR sync BUNDLE.zip`). Run it from each
checkout to compare (PYTHONPATH=CHECKOUT): it times `quick_up_to_date` (or,
in a checkout from before it moved, `sync._quick_up_to_date`), wall and CPU,
and where there is one, `cell_scan.damaged_cell` alone, both queries; and
where there is a sound stamp (sound_stamp.py), `quick_up_to_date` with the
stamp matching and with none (the scan), the stamp's check and its writing.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.core.bundle.manifest import DEFAULT_LIMITS
from reader.core.bundle.signature import Trust, shipped_keys


def timed(job: Callable[[], object], runs: int) -> str:
    job()  # the file in the system's cache, as for any re-sync after the first
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        job()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return (
        f"wall median {statistics.median(wall) * 1000:.1f} ms (min {min(wall) * 1000:.1f}),"
        f" CPU median {statistics.median(cpu) * 1000:.1f} ms (min {min(cpu) * 1000:.1f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    try:
        from reader.core.library.up_to_date import quick_up_to_date
    except ImportError:  # before up_to_date.py
        from reader.core.library.sync import _quick_up_to_date as quick_up_to_date
    trust = Trust(shipped_keys())

    def quick() -> None:
        result = quick_up_to_date(args.data_dir, args.bundle, DEFAULT_LIMITS, trust)
        assert result is not None and result.result == "up-to-date"

    library = args.data_dir / "library.sqlite3"
    try:
        from reader.core.library import sound_stamp
    except ImportError:
        print("quick_up_to_date:", timed(quick, args.runs))
    else:

        def unstamped() -> None:
            sound_stamp.stamp_path(library).unlink(missing_ok=True)
            quick()

        def record() -> None:
            sound_stamp.record(library)

        print("quick_up_to_date, no stamp:", timed(unstamped, args.runs))
        record()
        assert sound_stamp.matches(library)
        print("quick_up_to_date, stamp matching:", timed(quick, args.runs))
        print(
            "sound_stamp.matches:",
            timed(lambda: sound_stamp.matches(library), args.runs),
        )
        print("sound_stamp.record:", timed(record, args.runs))
    try:
        from reader.core.library.cell_scan import damaged_cell
    except ImportError:
        return
    conn = sqlite3.connect(args.data_dir / "library.sqlite3")
    for elements in (False, True):
        print(
            f"damaged_cell(elements={elements}):",
            timed(lambda: damaged_cell(conn, elements=elements), args.runs),  # noqa: B023
        )
    conn.close()


if __name__ == "__main__":
    main()
