"""Starting the window: one QApplication, one instance per data folder."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader import __version__
from reader.core.errors import ReaderError


def bring_to_front(window) -> None:
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def run(data_dir: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SCI Research Reader")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sci-reader")

    from reader.ui.single_instance import InstanceServer, ask_running_instance_to_raise

    if ask_running_instance_to_raise(data_dir):
        print("SCI Research Reader is already open; brought it to the front.")
        return 0
    from reader.ui.main_window import MainWindow

    try:
        window = MainWindow(data_dir)
    except ReaderError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "SCI Research Reader cannot start", str(exc))
        return exc.exit_code
    server = InstanceServer(data_dir, window)
    server.raise_requested.connect(lambda: bring_to_front(window))
    window.show()
    return app.exec()
