"""The size and start-time reference for the frozen app (benchmarks/installer_bench.py).

A bare PySide6 window, QMainWindow + QTextBrowser, importing the same Qt
modules as the reader (QtTextToSpeech too, when PySide6-Addons is there) and
frozen by the same spec, so the comparison is like for like. With
--quit-when-shown it exits as soon as the window is mapped, printing the
seconds since the process started.
"""

import contextlib
import sys

from PySide6 import QtNetwork, QtPrintSupport  # noqa: F401 - the reader's Qt modules
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

with contextlib.suppress(ImportError):  # read aloud, from PySide6-Addons
    from PySide6 import QtTextToSpeech  # noqa: F401


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Reference window")
    browser = QTextBrowser()
    browser.setHtml("<h1>Reference</h1><p>A bare Qt window.</p>")
    window.setCentralWidget(browser)
    window.resize(1100, 800)
    window.show()
    if "--quit-when-shown" in sys.argv:
        QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
