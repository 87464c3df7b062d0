"""Starting the window: checks before Qt loads, one QApplication, one instance per data folder.

Qt itself is imported only after the platform check: a missing system
library then gets a clear message instead of Qt's abort.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from reader.ui.platform_check import platform_problem

CANNOT_START = 2  # the CLI contract's code for "cannot use what you gave me"
# The server takes the claimed socket over after the first paint; a later
# launch meanwhile waits in the socket's queue (reader.ui.single_instance).
SERVE_DELAY_MS = 300
# Python's cyclic garbage collector is paused while the window starts and
# resumes this long after it is shown (see `run`).
GC_RESUME_MS = 1000


def bring_to_front(window) -> None:
    from reader.ui.qt import Qt

    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def startup_problem() -> str | None:
    """Why the window cannot start on this machine, or None."""
    problem = platform_problem()
    if problem:
        return problem
    from reader.ui.qt import binding_problem

    return binding_problem()


def tell_refused_folder(message: str) -> None:
    """A data folder the window cannot use at all (a file, a name no file system
    allows), refused before the window is made: said in a box as well, since a
    window started from a desktop menu has no terminal for standard error."""
    if startup_problem():
        return  # no window on this machine: standard error is all there is
    configure_application()
    from reader.ui.start_boxes import tell_cannot_start

    tell_cannot_start(message, None)


def configure_application():
    """The QApplication, named and with the app's icon (reader.ui.branding); Qt loads here."""
    from reader.ui.branding import configure_application as configure

    return configure()


def run(data_dir: Path, clinic=None, kiosk: bool = False) -> int:
    """Open the window; `clinic` is the LoadedConfig, `kiosk` the --kiosk flag."""
    problem = startup_problem()
    if problem:
        for line in problem.splitlines():
            print(f"sci-reader: {line}", file=sys.stderr)
        return CANNOT_START
    # Starting the window makes hundreds of thousands of objects, nearly all
    # kept: the collector's passes over them (about 60 from here to the first
    # paint) were ~12 ms of CPU that nothing got back (benchmarks/README.md,
    # "Window start, fifth pass"). It resumes once the window is up, and in
    # any case when this returns.
    gc.disable()
    try:
        return _open_window(data_dir, clinic, kiosk)
    finally:
        gc.enable()


def _open_window(data_dir: Path, clinic, kiosk: bool) -> int:
    from reader.core.errors import ReaderError
    from reader.core.identity import DISPLAY_NAME
    from reader.ui.single_instance import ask_running_instance_to_raise, claim_name

    app = configure_application()
    claimed = claim_name(data_dir)
    if claimed is None and ask_running_instance_to_raise(data_dir):
        print(f"{DISPLAY_NAME} is already open; brought it to the front.")
        return 0
    from reader.ui.main_window import MainWindow

    config = clinic.config if clinic is not None else None
    asked = False  # a damaged personal data file: the reader is asked once
    while True:
        try:
            window = MainWindow(data_dir, clinic=config, kiosk=kiosk)
            break
        except ReaderError as exc:
            from reader.core.personal.damaged import is_damaged_personal_file

            damaged = not asked and is_damaged_personal_file(exc, data_dir)
            if damaged:
                from reader.ui.damaged_file_dialog import offer_a_new_file

                asked = True
                if offer_a_new_file(exc, data_dir):
                    continue  # set aside: the window starts on a new, empty file
            if claimed is not None:
                claimed.release()  # no window: a later launch must not be told one is open
            if not damaged:  # (the reader chose Quit: said already)
                from reader.ui.start_boxes import tell_cannot_start

                tell_cannot_start(str(exc), data_dir)
            return exc.exit_code
    from reader.ui.qt import QTimer
    from reader.ui.quit_signals import QuitOnSignal

    # SIGTERM and Ctrl-C close the window as Quit does, from when it is up.
    quit_on_signal = QuitOnSignal(window, window.kiosk.quit if window.kiosk else window.close)
    QTimer.singleShot(SERVE_DELAY_MS, window, quit_on_signal.install)
    if claimed is None:
        serve_later_launches(window, data_dir, None)
    else:  # the name is held: QtNetwork can wait until the window is up
        QTimer.singleShot(
            SERVE_DELAY_MS, window, lambda: serve_later_launches(window, data_dir, claimed)
        )
    window.show()
    QTimer.singleShot(GC_RESUME_MS, gc.enable)
    try:
        return quit_on_signal.exit_code(app.exec())
    finally:
        quit_on_signal.uninstall()
        if claimed is not None:
            claimed.release()  # closed before the server took over: no stale socket left


def serve_later_launches(window, data_dir: Path, claimed) -> None:
    """The window's server for later launches (on the socket `claimed` by this launch, if any)."""
    from reader.ui.single_instance import InstanceServer

    server = InstanceServer(data_dir, window, claimed=claimed)
    server.raise_requested.connect(lambda: bring_to_front(window))
