"""Keeping windows and dialogs on the screen they open on.

A fixed 1100x800 window was taller than a 768-px laptop screen, so its
status bar was out of sight; Qt's stock dialogs (print, choose a file) at
300% text were wider than the screen. Windows are sized to the screen's
available geometry (less the window frame); our own dialogs to the height
their wrapped words need; Qt's file and print dialogs in reader.ui.stock_dialogs.
Message boxes and the update's progress dialog are the exception: their
words wrap, so they take the text size the reader chose, or the largest step
below it at which they fit the screen.
Words that are taller than the screen even so (300% text, a long headline)
go in a `DialogWords` area that scrolls, above the dialog's buttons. It
opens ending between two lines: its edge through the middle of a line
showed half a headline, which reads as a fault, not as "there is more".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.accessible import name_box_parts
from reader.ui.qt import (
    QApplication,
    QDialog,
    QEvent,
    QFrame,
    QGuiApplication,
    QLabel,
    QObject,
    QPushButton,
    QRect,
    QScrollArea,
    QSize,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
)
from reader.ui.theme import BASE_POINT_SIZE, SCALES, STOCK_DIALOG_SCALE

if TYPE_CHECKING:  # built on first use, not at start (tests/ui/test_startup.py)
    from collections.abc import Callable

    from reader.ui.qt import QMessageBox, QProgressDialog

DEFAULT_SIZE = (1100, 800)
FRAME_ALLOWANCE = (16, 48)  # a typical window frame and title bar, in px


def available(widget: QWidget) -> QRect:
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, preferred: tuple[int, int] = DEFAULT_SIZE) -> None:
    """Size `window` to `preferred`, or smaller so that it and its frame fit the screen."""
    room = available(window)
    width = min(preferred[0], room.width() - FRAME_ALLOWANCE[0])
    height = min(preferred[1], room.height() - FRAME_ALLOWANCE[1])
    window.resize(max(width, 320), max(height, 240))


def fit_own_dialog(dialog: QDialog, width: int = 720) -> QDialog:
    """One of our dialogs, whose words wrap: as wide as `width` or the screen allows,
    and as tall as its wrapped words need (a plain size hint ignores the wrapping)."""
    dialog.ensurePolished()
    room = available(dialog)
    width = min(max(width, dialog.minimumSizeHint().width()), room.width() - FRAME_ALLOWANCE[0])
    most = room.height() - FRAME_ALLOWANCE[1]
    height = _needed_height(dialog, width)
    if height > most:  # as wide as the screen allows: fewer lines to scroll
        width = room.width() - FRAME_ALLOWANCE[0]
        height = _needed_height(dialog, width)
    dialog.resize(width, min(height, most))
    if height > most:  # its words laid out once it is shown
        dialog.installEventFilter(_FitOnShow(dialog))
    return dialog


def fit_height(dialog: QDialog) -> None:
    """`dialog`, at its width, as tall as its words need now (at most the screen's room):
    for a dialog whose words change while it is open, which Qt never makes shorter."""
    most = available(dialog).height() - FRAME_ALLOWANCE[1]
    height = min(_needed_height(dialog, dialog.width()), most)
    if height != dialog.height():
        dialog.resize(dialog.width(), height)


def _open_at_whole_lines(dialog: QDialog) -> None:
    """Each `DialogWords` of `dialog` ends above the first line its edge would cut; the
    room goes to a part that grows (a text box), else the dialog is that much shorter."""
    layout = dialog.layout()
    for area in dialog.findChildren(DialogWords):
        # Twice: once the words scroll, the scroll bar takes its width from them and
        # they wrap again.
        for _ in range(2):
            layout.activate()
            area.widget().layout().activate()
            shown = area.viewport().height()
            area.setMaximumHeight(area.height() - (shown - area.whole_lines(shown)))
    layout.activate()
    dialog.resize(dialog.width(), min(dialog.height(), _needed_height(dialog, dialog.width())))


def _needed_height(dialog: QDialog, width: int) -> int:
    """The words wrapped at `width` (a size hint guesses a narrower width: too tall)."""
    layout = dialog.layout()
    if layout.hasHeightForWidth():
        return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    return dialog.sizeHint().height()


class DialogWords(QScrollArea):
    """A dialog's words (`words`, a column), scrolling only when taller than the
    room the screen leaves; it asks for their wrapped height, so fit_own_dialog
    sizes the dialog to them. Focus moving in scrolls to the focused widget.

    Not a Tab stop itself: it would be an unnamed "filler" to a screen reader,
    and a dialog's first focus. The keys its focused child does not use
    (arrows, Page Up/Down) still reach it and scroll the words."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget()
        self.words = QVBoxLayout(inner)
        self.words.setContentsMargins(0, 0, 0, 0)
        self.setWidget(inner)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.words.totalHeightForWidth(width)

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint()  # unwrapped, as a label's: the dialog asks heightForWidth

    def minimumSizeHint(self) -> QSize:
        return QSize(self.widget().minimumSizeHint().width(), 44)

    def whole_lines(self, height: int) -> int:
        """The most of `height` (px from the top of the words) that ends between two
        lines of words or two widgets, never through one."""
        inner = self.widget()
        ends = [0]
        for child in inner.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not child.isHidden():
                top = child.y()
                ends += [top + y for y in _line_ends(child)] + [top, top + child.height()]
        return max(y for y in ends if y <= height)


def _line_ends(widget: QWidget) -> list[int]:
    """Where each line of a wrapping label's words ends (px from its top); none for
    another widget, which is seen whole or not at all."""
    if not (isinstance(widget, QLabel) and widget.wordWrap() and widget.text()):
        return []
    room = widget.contentsRect()
    metrics = widget.fontMetrics()
    flags = int(Qt.TextFlag.TextWordWrap | widget.alignment())
    text = metrics.boundingRect(QRect(0, 0, room.width(), 100_000), flags, widget.text())
    lines = max(1, round(text.height() / metrics.lineSpacing()))
    top = room.top()
    if widget.alignment() & Qt.AlignmentFlag.AlignVCenter:
        top += (room.height() - text.height()) // 2
    elif widget.alignment() & Qt.AlignmentFlag.AlignBottom:
        top += room.height() - text.height()
    return [top + round(k * text.height() / lines) for k in range(1, lines + 1)]


def fit_message_box(box: QMessageBox) -> QMessageBox:
    """`box` shown at the reader's text size (the app's font), or the largest step
    below it that fits the screen; the style sheet's cap if none does.

    Qt sizes a message box itself, and anew when its style changes: each
    size is tried when the box is shown, before it is drawn. Every box passes
    here, so here its icon and its buttons' row get names for a screen reader.
    """
    name_box_parts(box)
    box.installEventFilter(_FitOnShow(box))
    return box


def fit_progress_dialog(dialog: QProgressDialog) -> QProgressDialog:
    """`dialog` at the reader's text size, as a message box: its label wraps, so
    "Reading summaries: 9,000 of 10,000" at 300% breaks a line instead of
    widening the dialog past a laptop's screen."""
    label = _ProgressWords(dialog.labelText(), dialog)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    dialog.setLabel(label)
    dialog.installEventFilter(_FitOnShow(dialog))
    return dialog


class _ProgressWords(QLabel):
    """A progress dialog grows to its size hint whenever its words change: a
    wrapping label's hint is its narrowest guess (three lines where one fits),
    so once laid out it hints the height its words need at the width it has."""

    def sizeHint(self) -> QSize:
        if not self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            return super().sizeHint()
        return QSize(self.width(), self.heightForWidth(self.width()))


class _FitOnShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            if watched.inherits("QMessageBox"):
                _largest_text_that_fits(watched, "QMessageBox", lambda: _buttons_whole(watched))
            elif watched.inherits("QProgressDialog"):
                _largest_text_that_fits(watched, "QProgressDialog", lambda: _wrapped(watched))
            else:
                _open_at_whole_lines(watched)
        return False


def _wrapped(dialog: QWidget) -> None:
    """A progress dialog 18 em wide (a line such as "Reading summaries: 100 of
    400"), or the screen's width, and as tall as its wrapped words then need:
    its own size hint takes a wrapping label's narrowest guess."""
    dialog.ensurePolished()
    room = available(dialog)
    label = dialog.findChild(QLabel)
    wide = max(dialog.sizeHint().width(), 18 * label.fontMetrics().height())
    width = min(wide, room.width() - FRAME_ALLOWANCE[0])
    margins = dialog.sizeHint().width() - label.sizeHint().width()
    extra = label.heightForWidth(max(width - margins, 1)) - label.sizeHint().height()
    dialog.resize(width, dialog.sizeHint().height() + extra)


def _buttons_whole(box: QMessageBox) -> None:
    """Each of the box's buttons at least as wide as its words, then the box sized anew.

    Qt sizes a message box from its buttons' least widths, and the style sheet's
    min-width (a target's size) sets those below long words: at 300% text
    "Keep writing" and "Close without saving" were cut to "› wr" and "e without sa".
    """
    for button in box.buttons():
        button.ensurePolished()
        button.setMinimumWidth(button.sizeHint().width())
    box.setText(box.text())  # Qt lays the box out again for its text


def _cut_buttons(box: QWidget) -> bool:
    return any(b.width() < b.minimumWidth() for b in box.findChildren(QPushButton))


def _largest_text_that_fits(box: QWidget, kind: str, resize: Callable[[], None]) -> None:
    chosen = QApplication.font().pointSizeF() / BASE_POINT_SIZE
    room = available(box)
    # Qt keeps a message box within the screen's width itself (as wide as the
    # screen at most, at any text size): only its height can leave the screen.
    height = room.height() - FRAME_ALLOWANCE[1]
    for scale in sorted((s for s in SCALES if STOCK_DIALOG_SCALE < s <= chosen), reverse=True):
        points = BASE_POINT_SIZE * scale
        box.setStyleSheet(f"{kind}, {kind} * {{ font-size: {points:.1f}pt; }}")
        resize()
        if box.width() <= room.width() and box.height() <= height and not _cut_buttons(box):
            return
    box.setStyleSheet("")
    resize()
