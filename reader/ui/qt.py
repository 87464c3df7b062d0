"""The one door to Qt: every ui module takes its Qt names from here.

Keeping PySide6 behind one module means one place decides which binding the
window runs on, and refuses a binding known to crash before a window opens
(`binding_problem`). Print support loads only when someone prints. Speech
(QtTextToSpeech) is optional: without it `QTextToSpeech` is None and
`SPEECH_PROBLEM` says why, and everything but read aloud works.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

import PySide6


def _skip_feature_scan() -> None:
    """Spare every import PySide6's look for `__feature__` users (this app is not one).

    After PySide6 loads, its import hook reads the source of every module
    imported (`inspect.getsource`) to see if it names PySide6, which only
    matters to modules that write `from __feature__ import snake_case`: about
    0.1-0.3 ms a module, over the hundred the window imports. A module it
    does not recognise keeps PySide6's default, which is all this app uses.
    """
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = lambda _module: False


_skip_feature_scan()


def _names(text: str) -> list[str]:
    return text.split()


# Every Qt name is looked up on first use (`__getattr__` below), not here:
# PySide6 builds a class, and a Python enum type for each of its enums, when
# the class is first touched (about 0.1-0.2 ms an enum type; QStyle alone has
# ten), so a name that only a dialog or a printout needs costs nothing at start.
_LAZY: dict[str, list[str]] = {
    "PySide6.QtCore": _names("""
        Slot
        Q_ARG
        QMetaObject
        QAbstractListModel QByteArray QCryptographicHash QDir QEvent QLocale QLoggingCategory
        QBuffer QMarginsF
        QModelIndex QObject QPersistentModelIndex QPoint QPointF QRect QRectF QSettings
        QSize QSocketNotifier Qt QThread QTimer QUrl Signal qInstallMessageHandler
    """),
    "PySide6.QtGui": _names("""
        QAbstractTextDocumentLayout QAccessible QAccessibleActionInterface
        QAccessibleAnnouncementEvent QAccessibleAttributesInterface QAccessibleEvent
        QAccessibleInterface QAction QActionGroup QClipboard QCloseEvent QColor QDesktopServices
        QEventPoint QFont QFontMetrics QFontMetricsF QGuiApplication QIcon QImage QKeyEvent
        QKeySequence QPageLayout QPageSize QPainter QPalette QPdfWriter QPen QShortcut
        QTextCharFormat QTextCursor QTextDocument QTextLayout
    """),
    "PySide6.QtNetwork": _names("""
        QLocalServer QLocalSocket
    """),
    "PySide6.QtWidgets": _names("""
        QProgressBar
        QAbstractButton QAbstractItemView QAccessibleWidget QApplication QButtonGroup
        QCheckBox QComboBox QDialog QFileDialog QFrame QGridLayout QHBoxLayout QLabel
        QLayout QLayoutItem QLineEdit QListView QMainWindow QMenu QMessageBox
        QPlainTextEdit QProgressDialog QPushButton QRadioButton QScrollArea QSizePolicy
        QStackedWidget QStatusBar QStyle QStyledItemDelegate QStyleOptionButton
        QStyleOptionViewItem QStylePainter QTextBrowser QTextEdit QVBoxLayout QWidget
    """),
    "shiboken6": _names("""
        VoidPtr delete getCppPointer
    """),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}
_SPEECH_NAMES = ("QTextToSpeech", "QVoice", "SPEECH_PROBLEM")


def __getattr__(name: str):
    """A Qt name, imported from its PySide6 module the first time it is asked for."""
    if name in _SPEECH_NAMES:
        _load_speech()
    elif name in _MODULE_OF:
        globals()[name] = getattr(import_module(_MODULE_OF[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return globals()[name]


def _load_speech() -> None:
    """Read aloud: PySide6-Addons (the `[speech]` extra), whose Qt Multimedia also
    needs the PulseAudio client library (libpulse.so.0) on Linux. Loading it
    warns once when PipeWire's library is absent, though it then uses PulseAudio
    and works: that warning is noise for the reader, so it is filtered."""
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")
    problem = None
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech, QVoice
    except ImportError as exc:  # not installed, or a system library is missing
        QTextToSpeech = QVoice = None
        problem = str(exc)
    globals().update(QTextToSpeech=QTextToSpeech, QVoice=QVoice, SPEECH_PROBLEM=problem)


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
    "binding_problem",
    "print_support",
    *_SPEECH_NAMES,
    *_MODULE_OF,
]
