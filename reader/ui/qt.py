"""The one door to Qt: every ui module takes its Qt names from here.

Keeping PySide6 behind one module means one place decides which binding the
window runs on, and refuses a binding known to crash before a window opens
(`binding_problem`). Print support loads only when someone prints. Speech
(QtTextToSpeech) is optional: without it `QTextToSpeech` is None and
`SPEECH_PROBLEM` says why, and everything but read aloud works.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6
from PySide6.QtCore import (
    Q_ARG,
    QAbstractListModel,
    QByteArray,
    QEvent,
    QLocale,
    QLoggingCategory,
    QMarginsF,
    QMetaObject,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QThread,
    QTimer,
    QUrl,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAnnouncementEvent,
    QAccessibleAttributesInterface,
    QAccessibleEvent,
    QAccessibleInterface,
    QAction,
    QActionGroup,
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLayout,
)
from PySide6.QtNetwork import (
    QLocalServer,
    QLocalSocket,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAccessibleWidget,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QStylePainter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import VoidPtr, getCppPointer

# Read aloud: PySide6-Addons (the `[speech]` extra), whose Qt Multimedia also
# needs the PulseAudio client library (libpulse.so.0) on Linux. Loading it
# warns once when PipeWire's library is absent, though it then uses PulseAudio
# and works: that warning is noise for the reader, so it is filtered.
QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")
try:
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice
except ImportError as exc:  # not installed, or a system library is missing
    QTextToSpeech = None
    QVoice = None
    SPEECH_PROBLEM: str | None = str(exc)
else:
    SPEECH_PROBLEM = None

PYSIDE_VERSION: str = PySide6.__version__
PYTHON_VERSION: tuple[int, int] = (sys.version_info[0], sys.version_info[1])

# PySide6 6.12 on Python 3.11 drops a reference to None on every Qt call that
# returns nothing; the window aborts ("Fatal Python error: none_dealloc") after
# a few hundred articles. From Python 3.12 None is immortal and the bug is
# harmless. tests/ui/test_qt_binding.py measures it on the installed binding.
KNOWN_CRASHING = ((6, 12),)
SAFE_PIN = "PySide6-Essentials==6.11.3"


def _major_minor(version: str) -> tuple[int, int]:
    numbers = [int("".join(c for c in p if c.isdigit()) or 0) for p in version.split(".")[:2]]
    numbers += [0, 0]
    return numbers[0], numbers[1]


def binding_problem(
    version: str | None = None, python: tuple[int, int] | None = None
) -> str | None:
    """A one-line reason not to start on this Qt binding, or None if it is fine."""
    version = PYSIDE_VERSION if version is None else version
    python = PYTHON_VERSION if python is None else python
    if _major_minor(version) in KNOWN_CRASHING and python < (3, 12):
        return (
            f"PySide6 {version} crashes on Python {python[0]}.{python[1]} "
            "(Fatal Python error: none_dealloc); install the tested version: "
            f"pip install '{SAFE_PIN}'"
        )
    return None


def print_support() -> ModuleType:
    """QtPrintSupport, loaded on first use (starting the window does not need it)."""
    from PySide6 import QtPrintSupport

    return QtPrintSupport


__all__ = [
    "PYSIDE_VERSION",
    "PYTHON_VERSION",
    "Q_ARG",
    "SPEECH_PROBLEM",
    "QAbstractButton",
    "QAbstractItemView",
    "QAbstractListModel",
    "QAbstractTextDocumentLayout",
    "QAccessible",
    "QAccessibleActionInterface",
    "QAccessibleAnnouncementEvent",
    "QAccessibleAttributesInterface",
    "QAccessibleEvent",
    "QAccessibleInterface",
    "QAccessibleWidget",
    "QAction",
    "QActionGroup",
    "QApplication",
    "QButtonGroup",
    "QByteArray",
    "QCheckBox",
    "QColor",
    "QComboBox",
    "QDesktopServices",
    "QDialog",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFontMetricsF",
    "QFrame",
    "QGridLayout",
    "QGuiApplication",
    "QHBoxLayout",
    "QIcon",
    "QImage",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLayout",
    "QLayoutItem",
    "QLineEdit",
    "QListView",
    "QLocalServer",
    "QLocalSocket",
    "QLocale",
    "QMainWindow",
    "QMarginsF",
    "QMenu",
    "QMessageBox",
    "QMetaObject",
    "QModelIndex",
    "QObject",
    "QPageLayout",
    "QPageSize",
    "QPainter",
    "QPalette",
    "QPdfWriter",
    "QPen",
    "QPersistentModelIndex",
    "QPlainTextEdit",
    "QPoint",
    "QPointF",
    "QProgressBar",
    "QProgressDialog",
    "QPushButton",
    "QRadioButton",
    "QRect",
    "QRectF",
    "QScrollArea",
    "QSettings",
    "QShortcut",
    "QSize",
    "QSizePolicy",
    "QStackedWidget",
    "QStatusBar",
    "QStyle",
    "QStyleOptionButton",
    "QStyleOptionViewItem",
    "QStylePainter",
    "QStyledItemDelegate",
    "QTextBrowser",
    "QTextCharFormat",
    "QTextCursor",
    "QTextDocument",
    "QTextEdit",
    "QTextLayout",
    "QTextToSpeech",
    "QThread",
    "QTimer",
    "QUrl",
    "QVBoxLayout",
    "QVoice",
    "QWidget",
    "Qt",
    "Signal",
    "Slot",
    "VoidPtr",
    "binding_problem",
    "getCppPointer",
    "print_support",
    "qInstallMessageHandler",
]
