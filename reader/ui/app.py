"""Starting the window: checks before Qt loads, one QApplication, one instance per data folder.

Qt itself is imported only after the platform check: a missing system
library then gets a clear message instead of Qt's abort.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reader.ui.platform_check import platform_problem

CANNOT_START = 2  # the CLI contract's code for "cannot use what you gave me"


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

    from reader.core.errors import ReaderError
    from reader.core.identity import DISPLAY_NAME
    from reader.ui.single_instance import InstanceServer, ask_running_instance_to_raise

    app = configure_application()
    if ask_running_instance_to_raise(data_dir):
        print(f"{DISPLAY_NAME} is already open; brought it to the front.")
        return 0
    from reader.ui.main_window import MainWindow

    try:
        config = clinic.config if clinic is not None else None
        window = MainWindow(data_dir, clinic=config, kiosk=kiosk)
    except ReaderError as exc:
        from reader.ui.qt import QMessageBox

        QMessageBox.critical(None, f"{DISPLAY_NAME} cannot start", str(exc))
        return exc.exit_code
    server = InstanceServer(data_dir, window)
    server.raise_requested.connect(lambda: bring_to_front(window))
    window.show()
    return app.exec()
