"""Size and start time of the frozen app against a frozen bare Qt window, built in the same run.

    .venv/bin/python benchmarks/installer_bench.py            # 4 builds + 2 x 6 starts
    .venv/bin/python benchmarks/installer_bench.py --runs 9   # more starts

The reference is benchmarks/reference_window.py (QMainWindow + QTextBrowser,
importing the same Qt modules as the reader, QtTextToSpeech included) frozen
by the same spec (packaging/sci-reader.spec) in the same build environment
as the app. Both are built stripped (as shipped) and unstripped.

- size: the app folder unpacked (bytes of its files) and as a .tar.gz written
  the way the Linux package is (gzip -9, reproducible); target: the app within
  1.15x of the reference.
- start: from starting the frozen executable until its window is mapped
  (xwininfo reports "IsViewable"), under a private Xvfb, with the embedded
  library already imported into the app's data folder. One warm-up start of
  each, then app and reference alternately; median of --runs (5), with
  min/max; target: the app within 1.3x of the reference.

Needs Linux, Xvfb and xwininfo (x11-utils). Results: benchmarks/out/installer/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "packaging"), str(REPO)]

from installer import build_env  # noqa: E402
from installer.reproducible import source_date_epoch, write_tarball  # noqa: E402
from installer.steps import tree_size  # noqa: E402

BUILD = REPO / "build" / "bench"
SPEC = REPO / "packaging" / "sci-reader.spec"
OUT = REPO / "benchmarks" / "out" / "installer"
TITLES = {"app": "SCI Research Reader", "reference": "Reference window"}
SIZE_TARGET, START_TARGET = 1.15, 1.3


def build_all(
    python: Path, epoch: int, reuse: bool, shipped_only: bool = False
) -> dict[str, dict[str, float]]:
    sizes: dict[str, dict[str, float]] = {}
    env = {**build_env.clean_env(), "SOURCE_DATE_EPOCH": str(epoch)}
    for strip in ("1",) if shipped_only else ("1", "0"):
        for target in ("app", "reference"):
            label = f"{target}{'' if strip == '1' else '-unstripped'}"
            built = BUILD / label / "dist" / target
            if reuse and built.is_dir():
                folder = next(p for p in built.iterdir() if p.is_dir())
            else:
                print(f"freezing {label} ...", flush=True)
                folder = build_env.freeze(
                    python, SPEC, BUILD / label, {**env, "SCI_READER_STRIP": strip}, target
                )
            tarball = BUILD / f"{label}.tar.gz"
            fresh = tarball.is_file() and tarball.stat().st_mtime >= folder.stat().st_mtime
            if not (reuse and fresh):  # a folder rebuilt since (build_installer.py) is packed again
                write_tarball(folder, tarball, epoch)
            sizes[label] = {"unpacked": tree_size(folder), "targz": tarball.stat().st_size}
            if strip == "1":
                sizes[label]["folder"] = str(folder)
    return sizes


def start_xvfb() -> tuple[subprocess.Popen, str]:
    """A private Xvfb on a free display. The number is chosen here and tried in
    turn: -displayfd looks only at lock files, which other sandboxes on the
    same machine may not share, and then hands out a display that is taken.
    A number whose socket is already listed in /proc/net/unix is skipped, and
    the display counts as ours only when its lock file holds our server's pid:
    a probe can otherwise reach another sandbox's server on the same abstract
    socket, and the app's later starts fail once that server is gone."""
    for number in range(300 + os.getpid() % 300, 1000):
        if _socket_in_use(number):
            continue
        display = f":{number}"
        # -noreset: by default the server resets whenever its last client
        # leaves, which here is between every two timed starts.
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        env = {"PATH": os.environ["PATH"], "DISPLAY": display}
        for _ in range(250):
            if xvfb.poll() is not None:
                break  # that display was taken: try the next
            probe = subprocess.run(["xwininfo", "-root"], env=env, capture_output=True)
            if probe.returncode == 0 and _lock_pid(number) == xvfb.pid:
                return xvfb, display
            time.sleep(0.02)
        xvfb.kill()
        xvfb.wait()
    raise RuntimeError("no free X display for Xvfb")


def _socket_in_use(number: int) -> bool:
    try:
        sockets = Path("/proc/net/unix").read_text()
    except OSError:
        return False
    return f"/tmp/.X11-unix/X{number}\n" in sockets


def _lock_pid(number: int) -> int | None:
    try:
        return int(Path(f"/tmp/.X{number}-lock").read_text().strip())
    except (OSError, ValueError):
        return None


def mapped(title: str, env: dict[str, str]) -> bool:
    done = subprocess.run(
        ["xwininfo", "-name", title], env=env, capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and "IsViewable" in done.stdout


def start_time(command: list[str], title: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` to its window `title` mapped (start_bench uses it too)."""
    return start_and_memory(command, title, env, settle=None).seconds


@dataclass
class Start:
    seconds: float  # wall time from starting the process to its window mapped
    cpu: float  # the process's CPU time (user + system) when the mapping was seen
    rss: int | None  # resident bytes `settle` seconds later (None: not asked)


def start_and_memory(
    command: list[str], title: str, env: dict[str, str], settle: float | None = 1.0
) -> Start:
    """One start of `command`, timed to its window `title` mapped.

    CPU time is less moved by other work on a shared machine than wall time
    (it leaves out the time spent waiting for a core). The resident set is
    the process's VmRSS once the window has been up for `settle` seconds
    (its first paint and idle work done)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        while not mapped(title, env):
            if process.poll() is not None:
                raise RuntimeError(f"{command} exited with {process.returncode} before its window")
            if time.perf_counter() - started > 120:
                raise RuntimeError(f"{command}: no window within 120 s")
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds(process.pid)
        if settle is None:
            return Start(seconds, cpu, None)
        time.sleep(settle)
        return Start(seconds, cpu, resident_bytes(process.pid))
    finally:
        process.terminate()
        process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def prepared_data_dir(app_exe: Path, root: Path) -> Path:
    """A data folder with the embedded library imported and the disclaimer acknowledged."""
    data = root / "data"
    subprocess.run([str(app_exe), "--data-dir", str(data), "sync"], check=True, capture_output=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from reader.ui.settings import Preferences

    Preferences(data).disclaimer_acknowledged = True
    return data


def measure_starts(folders: dict[str, Path], runs: int) -> dict[str, list[Start]]:
    xvfb, display = start_xvfb()
    times: dict[str, list[Start]] = {"app": [], "reference": []}
    try:
        with tempfile.TemporaryDirectory(prefix="installer-bench-") as tmp:
            exes = {t: folders[t] / folders[t].name for t in times}
            data = prepared_data_dir(exes["app"], Path(tmp))
            env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
            env["LANG"] = "C.UTF-8"
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", SCI_READER_DATA_DIR=str(data))
            for target in times:  # warm-up: the page cache holds both folders afterwards
                start_time([str(exes[target])], TITLES[target], env)
            for _ in range(runs):
                for target in times:
                    times[target].append(start_and_memory([str(exes[target])], TITLES[target], env))
    finally:
        xvfb.terminate()
        xvfb.wait()
    return times


def report(sizes: dict, starts: dict[str, list[Start]]) -> str:
    times = {t: [s.seconds for s in v] for t, v in starts.items()}
    cpu = {t: statistics.median(s.cpu for s in v) for t, v in starts.items()}
    rss = {t: statistics.median(s.rss for s in v) for t, v in starts.items()}
    mb = 1_000_000
    lines = [
        "| build | app unpacked | reference unpacked | ratio | app .tar.gz | reference .tar.gz "
        "| ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for suffix, label in (("", "stripped (shipped)"), ("-unstripped", "unstripped")):
        if f"app{suffix}" not in sizes:
            continue  # --shipped-only
        app, ref = sizes[f"app{suffix}"], sizes[f"reference{suffix}"]
        lines.append(
            f"| {label} | {app['unpacked'] / mb:.1f} MB | {ref['unpacked'] / mb:.1f} MB "
            f"| {app['unpacked'] / ref['unpacked']:.3f}x | {app['targz'] / mb:.1f} MB "
            f"| {ref['targz'] / mb:.1f} MB | {app['targz'] / ref['targz']:.3f}x |"
        )
    app_med, ref_med = statistics.median(times["app"]), statistics.median(times["reference"])
    lines += [
        "",
        f"| start to window mapped (Xvfb), median of {len(times['app'])} | app | reference "
        "| ratio |",
        "|---|---|---|---|",
        f"| median | {app_med * 1000:.0f} ms | {ref_med * 1000:.0f} ms "
        f"| {app_med / ref_med:.2f}x |",
        f"| min - max | {min(times['app']) * 1000:.0f} - {max(times['app']) * 1000:.0f} ms "
        f"| {min(times['reference']) * 1000:.0f} - {max(times['reference']) * 1000:.0f} ms | |",
        f"| all runs | {', '.join(f'{v * 1000:.0f}' for v in times['app'])} "
        f"| {', '.join(f'{v * 1000:.0f}' for v in times['reference'])} | |",
        f"| CPU time when mapped, median | {cpu['app'] * 1000:.0f} ms "
        f"| {cpu['reference'] * 1000:.0f} ms | {cpu['app'] / cpu['reference']:.2f}x |",
        f"| resident memory 1 s after, median | {rss['app'] / 2**20:.1f} MiB "
        f"| {rss['reference'] / 2**20:.1f} MiB | {rss['app'] / rss['reference']:.2f}x |",
        f"| load average at the end | {os.getloadavg()[0]:.2f} | | |",
        "",
        f"Targets: size <= {SIZE_TARGET}x, start <= {START_TARGET}x of the reference.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed starts of each (default 5)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the folders of the last run, no new builds"
    )
    parser.add_argument(
        "--shipped-only", action="store_true", help="build and size the stripped pair only"
    )
    args = parser.parse_args()
    for tool in ("Xvfb", "xwininfo"):
        if shutil.which(tool) is None:
            sys.exit(f"installer_bench: {tool} is needed (apt-get install xvfb x11-utils)")
    epoch = source_date_epoch(REPO)
    python = build_env.ensure_venv(
        REPO / "build" / "venv", REPO / "packaging" / "requirements-build.txt"
    )
    if not args.reuse:
        build_env.install_app(python, REPO)
    sizes = build_all(python, epoch, args.reuse, args.shipped_only)
    folders = {t: Path(sizes[t]["folder"]) for t in ("app", "reference")}
    times = measure_starts(folders, args.runs)
    table = report(sizes, times)
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(table + "\n")
    runs = {t: [vars(s) for s in v] for t, v in times.items()}
    (OUT / "results.json").write_text(json.dumps({"sizes": sizes, "starts": runs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
