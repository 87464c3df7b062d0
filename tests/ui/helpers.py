"""Helpers every window test shares: moving around, walking widgets, Tab cycles,
geometry, and the shipped articles the personal-data tests use (no fixtures here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from reader.core.personal.store import PersonalData
from reader.ui.context import Location
from reader.ui.qt import (
    QApplication,
    QColor,
    QEvent,
    QImage,
    QLabel,
    QPoint,
    QPushButton,
    QRect,
    Qt,
    QWidget,
)


def set_prefs(data_dir, *, acknowledged: bool = True, theme: str = "light", scale: float = 1.0):
    """Preferences as a test wants them (a fixed theme, not the system's)."""
    from reader.ui.settings import Preferences

    prefs = Preferences(data_dir)
    prefs.disclaimer_acknowledged = acknowledged
    prefs.theme = theme
    prefs.scale = scale
    return prefs


def dispose(window) -> None:
    """Close a window and delete it now, so that it gets no more events.

    Needed before a test opens a second window on the same data: the new
    window's font change reaches every live widget, closed or not.
    """
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def go(window, kind: str, key: str = "") -> None:
    assert window.navigate(Location(kind, key)), f"cannot show {kind}:{key}"
    QApplication.processEvents()


def current(window):
    return window.stack.currentWidget()


def focusable(root: QWidget) -> list[QWidget]:
    """Visible widgets under `root` that Tab can stop at (TabFocus in their policy)."""
    return [
        w
        for w in root.findChildren(QWidget)
        if w.isVisible()
        and w.window() is root.window()
        and (w.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus
    ]


def tab_cycle(qtbot, limit: int = 400) -> list[QWidget]:
    """Press Tab from the focused widget until the cycle closes; the widgets seen.

    A widget may keep focus for several presses (a text browser steps through
    its links first); the cycle is closed when focus returns to a widget seen
    earlier.
    """
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    seen: list[QWidget] = [widget]
    for _ in range(limit):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        following = QApplication.focusWidget()
        assert following is not None, f"Tab from {describe(widget)} lost the focus"
        if following is not widget and following in seen:
            return seen
        if following not in seen:
            seen.append(following)
        widget = following
    raise AssertionError(f"the Tab cycle did not close in {limit} presses")


def menu_texts(menu) -> list[str]:
    """Every entry of `menu` and of its submenus that a reader sees, depth first."""
    out = []
    for action in menu.actions():
        if not action.isVisible():
            continue
        out.append(action.text())
        if action.menu() is not None:
            out.extend(menu_texts(action.menu()))
    return out


def window_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def horizontally_clipped(widget: QWidget) -> QWidget | None:
    """The first ancestor (up to the window) that cuts `widget` off left or right."""
    parent = widget.parentWidget()
    while parent is not None:
        left = widget.mapTo(parent, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > parent.width():
            return parent
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    return None


def colours(image: QImage) -> set[str]:
    """The colours of every other pixel, every other row (a grab's words, frame, ring)."""
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QPushButton) else ""
    name = widget.accessibleName() or text or widget.objectName()
    parent = widget.parentWidget()
    where = f" in {type(parent).__name__}" if parent is not None else ""
    return f"{type(widget).__name__}({name!r}){where}"


# The personal-data tests: four articles of the shipped library; the first three in CATEGORY.
CELLS = "cell-therapies-review-2014"
EPIDURAL = "epidural-stimulation-standing-2011"
HANDWRITING = "brain-to-text-handwriting-2021"
WITHDRAWN = "global-incidence-traumatic-sci-2014"
ARTICLES = {
    CELLS: "Current status of cell-mediated regenerative therapies for human spinal cord injury",
    EPIDURAL: (
        "Effect of epidural stimulation of the lumbosacral spinal cord on voluntary "
        "movement, standing, and assisted stepping after motor complete paraplegia: "
        "a case study"
    ),
    HANDWRITING: "High-performance brain-to-text communication via handwriting",
    WITHDRAWN: "Estimating the global incidence of traumatic spinal cord injury",
}
REPO = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    """For a fresh interpreter that opens the window offscreen from this checkout."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    env.pop("SCI_READER_CONFIG", None)
    return env


def run_child(script: str) -> subprocess.CompletedProcess:
    """`script` (dedented) run to its end in a fresh interpreter, offscreen."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=child_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip


# What the window shows for each: the article's plain headline, read from the library's sources.
SHOWN = {
    article_id: re.search(
        r"^Plain-Title: (.+)$",
        (REPO / "data" / "library" / "articles" / f"{article_id}.md").read_text(encoding="utf-8"),
        re.M,
    ).group(1)
    for article_id in ARTICLES
}
CELLS_DOI = "10.1007/s12264-013-1438-4"
CATEGORY = "new-treatments"


def open_article(window, article_id: str) -> None:
    assert window.navigate(Location("article", article_id))
    assert window.current_page() is window.article_page
    assert window.article_page.article.id == article_id


def card_texts(card: QWidget) -> list[str]:
    """The visible lines of a CardButton, top to bottom."""
    return [label.text() for label in card.findChildren(QLabel)]


def title_bar_close(widget: QWidget) -> None:
    """The title bar's close, as the window system sends it: the widget's window gets the
    close event, so the widget's is spontaneous (QWidget.close() and QWindow.close()
    send theirs as the app's own)."""
    from PySide6.QtGui import QCloseEvent

    QApplication.sendEvent(widget.windowHandle(), QCloseEvent())


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; cannot read the PDF's text")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def squeeze(text: str) -> str:
    """Text to compare with a PDF's: line breaks land anywhere, pdftotext joins a
    word broken after a hyphen ("cell-" / "mediated") without it, and may give
    ligatures ("ﬀ"). So: NFKC, no whitespace, no hyphens."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("-", "")


def stored_note(data_dir: Path, article_id: str) -> str | None:
    """The note's text as saved on disk (read through a connection of its own)."""
    with PersonalData(data_dir) as other:
        note = other.get_note(article_id)
    return note.text if note else None


def announcements(monkeypatch, *modules) -> list[str]:
    """What screen readers are told through `announce` in `modules`, from now on."""
    said: list[str] = []
    for module in modules:
        monkeypatch.setattr(module, "announce", lambda _w, text, **_k: said.append(text))
    return said


def trouble_notice_text(window) -> str | None:
    """The words of the notice that the library cannot be read, if it is shown."""
    from reader.ui.library_trouble import LIBRARY_UNREADABLE

    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    return notice.text if notice is not None else None
