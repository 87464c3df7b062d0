"""One AT-SPI session for the window: Xvfb, the accessibility bus, the app, the checker.

Run inside `dbus-run-session` (a private session bus, so nothing reaches the
desktop of whoever runs the tests):

    dbus-run-session -- .venv/bin/python tests/ui/atspi/session.py DATA_DIR [--text]

It starts Xvfb on a free display (-displayfd), at-spi-bus-launcher, then the
app with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1, runs checker.py with the system
Python (where pyatspi lives), prints what it printed, and stops them all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SYSTEM_PYTHON = "/usr/bin/python3"
APP_NAME = "SCI Research Reader"


def start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        raise SystemExit("session: Xvfb did not start")
    return xvfb, f":{number}"


def main() -> int:
    data_dir = sys.argv[1]
    extra = sys.argv[2:]
    started: list[subprocess.Popen] = []
    try:
        xvfb, display = start_xvfb()
        started.append(xvfb)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        env["QT_LINUX_ACCESSIBILITY_ALWAYS_ON"] = "1"
        env.pop("QT_ACCESSIBILITY", None)
        env["PYTHONFAULTHANDLER"] = "1"
        bus = [BUS_LAUNCHER, "--launch-immediately"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        started.append(subprocess.Popen(bus, env=env, **quiet))
        app = subprocess.Popen(
            [sys.executable, "-m", "reader", "--data-dir", data_dir],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(app)
        checker = subprocess.run(
            [SYSTEM_PYTHON, str(HERE / "checker.py"), APP_NAME, *extra],
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        sys.stdout.write(checker.stdout)
        sys.stderr.write(checker.stderr)
        if app.poll() is not None:
            sys.stderr.write(f"session: the app exited early ({app.returncode}):\n")
            sys.stderr.write(app.stderr.read())
        return checker.returncode
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


if __name__ == "__main__":
    sys.exit(main())
