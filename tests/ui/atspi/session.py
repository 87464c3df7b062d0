"""One AT-SPI session for the window: Xvfb, the accessibility bus, the app, the checker.

Run inside `dbus-run-session` (a private session bus, so nothing reaches the
desktop of whoever runs the tests):

    dbus-run-session -- .venv/bin/python tests/ui/atspi/session.py DATA_DIR [--text]
    dbus-run-session -- .venv/bin/python tests/ui/atspi/session.py --roles

It starts Xvfb on a free display (-displayfd), at-spi-bus-launcher, then the
app with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1, runs checker.py with the system
Python (where pyatspi lives), prints what it printed, and stops them all.
With --roles the app is role_probe.py and the checker role_reader.py: which
AT-SPI role each QAccessible role becomes on this Qt. With --stress DATA_DIR
ROUNDS, stress.py walks the tree while pages change. With --bare, a
PySide6-only program shows Qt's own scroll area crash (bare_scroll_area.py).
With --damaged DATA_DIR the checker is damaged_reader.py: the box a damaged
personal data file brings at start. With --withdrawn DATA_DIR it is
saved_reader.py: a withdrawn summary's note, then a library that cannot be read.
With --menu DATA_DIR it is menu_reader.py: the entries of Menu > About and
help as the focus meets them. With --list DATA_DIR it is list_reader.py: what
is heard as the focus reaches a category's list.
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
    if sys.argv[1] == "--roles":
        command = [sys.executable, str(HERE / "role_probe.py")]
        checker_command = [str(HERE / "role_reader.py"), "Role probe"]
    elif sys.argv[1] == "--bare":  # Qt's scroll area crash without the app: see there
        command = [sys.executable, str(HERE / "bare_scroll_area.py")]
        checker_command = [str(HERE / "bare_scroll_reader.py"), "Bare scroll area"]
    elif sys.argv[1] == "--damaged":  # DATA_DIR holding a damaged personal data file
        command = [sys.executable, "-m", "reader", "--data-dir", sys.argv[2]]
        checker_command = [str(HERE / "damaged_reader.py"), APP_NAME]
    elif sys.argv[1] == "--withdrawn":  # DATA_DIR with a bookmark on an article not in it
        command = [sys.executable, "-m", "reader", "--data-dir", sys.argv[2]]
        checker_command = [str(HERE / "saved_reader.py"), APP_NAME, sys.argv[2]]
    elif sys.argv[1] == "--menu":  # DATA_DIR: what Menu > About and help says
        command = [sys.executable, "-m", "reader", "--data-dir", sys.argv[2]]
        checker_command = [str(HERE / "menu_reader.py"), APP_NAME]
    elif sys.argv[1] == "--list":  # DATA_DIR: the focus reaching a category's list
        command = [sys.executable, "-m", "reader", "--data-dir", sys.argv[2]]
        checker_command = [str(HERE / "list_reader.py"), APP_NAME]
    elif sys.argv[1] == "--stress":  # DATA_DIR ROUNDS: see stress.py
        command = [sys.executable, "-m", "reader", "--data-dir", sys.argv[2]]
        checker_command = [str(HERE / "stress.py"), APP_NAME, *sys.argv[3:]]
    else:
        command = [sys.executable, "-m", "reader", "--data-dir", sys.argv[1]]
        checker_command = [str(HERE / "checker.py"), APP_NAME, *sys.argv[2:]]
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
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(app)
        checker = subprocess.run(
            [SYSTEM_PYTHON, *checker_command],
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
