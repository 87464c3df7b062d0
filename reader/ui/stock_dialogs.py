"""Qt's own file and print dialogs at the reader's text size, as far as the screen allows.

The window's style sheet capped them at 125% text (theme.STOCK_DIALOG_SCALE),
because their layouts do not wrap: at 300% a reader who chose large words met
15-pt ones in Save as PDF, Export and Import, Choose an update file and Print,
and their buttons kept the 300% padding, so the file dialog's "Look in" box was
squeezed to nothing and the print dialog's "Properties" was cut. Where Qt draws
these dialogs itself (Linux with no platform theme), they now take the reader's
text size, or the largest step at which they fit the screen (the print dialog
counted with its options shown, so "Options >>" cannot push it past the screen);
no push button or label is narrower than its words, an icon button is a square target.

Where the system draws them (Windows, macOS, a desktop's platform theme) no
style sheet reaches them: they follow the system's own text size, and at large
text the window's status line says so while one is open (`SYSTEM_DRAWN`).

The file dialogs are the static `QFileDialog` functions, which block as they
always did; the dialog they make is fitted when it is polished. On a clinic
kiosk (reader.ui.kiosk) they open nothing and return no choice, whoever asks:
a file dialog there is the whole file system (rename, delete, new folder) for
anyone in the waiting room.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace

from reader.ui.qt import (
    QApplication,
    QDialog,
    QEvent,
    QFileDialog,
    QFrame,
    QLayout,
    QObject,
    QScrollArea,
    QSize,
    Qt,
    QWidget,
)
from reader.ui.screen_fit import FRAME_ALLOWANCE, available
from reader.ui.theme import (
    BASE_POINT_SIZE,
    SCALES,
    STOCK_DIALOG_SCALE,
    applied_look,
    style_sheet,
)

PROPERTIES = "QPrintPropertiesDialog"  # Qt's class: the print dialog's Properties
SYSTEM_DRAWN = (
    "The window now open is your computer's own: its text size is set in your computer's"
    " settings, not in this app."
)


def on_a_kiosk(widget: QWidget) -> bool:
    """Whether `widget` is in a clinic kiosk's window (its "kiosk" property, until staff
    leave kiosk mode)."""
    return bool(widget.window().property("kiosk"))


def get_save_file_name(parent: QWidget, caption: str, folder: str, filters: str) -> tuple[str, str]:
    """`QFileDialog.getSaveFileName`, its dialog at the reader's text size."""
    if on_a_kiosk(parent):
        return ("", "")
    with _fitted_file_dialogs(parent):
        return QFileDialog.getSaveFileName(parent, caption, folder, filters)


def get_open_file_name(parent: QWidget, caption: str, folder: str, filters: str) -> tuple[str, str]:
    """`QFileDialog.getOpenFileName`, its dialog at the reader's text size."""
    if on_a_kiosk(parent):
        return ("", "")
    with _fitted_file_dialogs(parent):
        return QFileDialog.getOpenFileName(parent, caption, folder, filters)


def get_existing_directory(parent: QWidget, caption: str, folder: str) -> str:
    """`QFileDialog.getExistingDirectory`, its dialog at the reader's text size."""
    if on_a_kiosk(parent):
        return ""
    with _fitted_file_dialogs(parent):
        return QFileDialog.getExistingDirectory(parent, caption, folder)


def fit_print_dialog(dialog: QDialog) -> QDialog:
    """Qt's print dialog at the reader's text size, fitted when shown; so are the two
    dialogs it opens: Properties (paper, margins) and "..." (choose the output file)."""
    dialog.installEventFilter(_FitOnShow(dialog, "QPrintDialog", _with_options_shown))
    dialog.installEventFilter(_Adopter(dialog))  # Properties
    for inner in dialog.findChildren(QWidget, "QPrintWidget"):
        inner.installEventFilter(_Adopter(inner))  # the output file's "..."
    return dialog


@contextlib.contextmanager
def _fitted_file_dialogs(parent: QWidget) -> Iterator[None]:
    adopter = _Adopter(parent)
    parent.installEventFilter(adopter)
    try:
        yield
    finally:
        parent.removeEventFilter(adopter)
        adopter.deleteLater()


class _Adopter(QObject):
    """Fits the Qt dialog made on the watched widget (a static function's file dialog,
    the print dialog's Properties), as it is polished, just before it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildPolished:
            child = event.child()
            for kind, needs in (("QFileDialog", _as_laid_out), (PROPERTIES, _pages_scrolled)):
                if child.inherits(kind) and not child.property("fitted"):
                    child.setProperty("fitted", True)
                    child.installEventFilter(_FitOnShow(child, kind, needs))
        return False


class _FitOnShow(QObject):
    def __init__(self, dialog: QDialog, kind: str, needs: Callable[[QDialog], QSize]):
        super().__init__(dialog)
        self._kind = kind
        self._needs = needs

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            # Qt shows the widget of a dialog the system draws off the screen, to block.
            if watched.testAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen):
                _say_the_system_draws_it(watched)
            else:
                _largest_text_that_fits(watched, self._kind, self._needs)
        elif event.type() == QEvent.Type.Resize and watched.isVisible():
            _onto_screen(watched)  # "Options >>" grows the print dialog downwards
        return False


def _say_the_system_draws_it(dialog: QDialog) -> None:
    """At a text size above 100%, the window's status line says (and a screen reader
    hears) why this dialog's words are smaller: no style sheet reaches it."""
    if QApplication.font().pointSizeF() <= BASE_POINT_SIZE:
        return
    window = dialog.parentWidget()
    while window is not None and not window.inherits("QMainWindow"):
        window = window.parentWidget()
    if window is not None:
        window.statusBar().showMessage(SYSTEM_DRAWN)


def _largest_text_that_fits(dialog: QDialog, kind: str, needs: Callable[[QDialog], QSize]):
    chosen = QApplication.font().pointSizeF() / BASE_POINT_SIZE
    room = available(dialog)
    most = QSize(room.width() - FRAME_ALLOWANCE[0], room.height() - FRAME_ALLOWANCE[1])
    least = min(chosen, STOCK_DIALOG_SCALE)  # at the cap if no step above it fits
    for scale in sorted((s for s in SCALES if least <= s <= chosen), reverse=True):
        dialog.setStyleSheet(_sheet(kind, scale))
        _whole_words(dialog)
        _laid_out_again(dialog)
        need = needs(dialog)
        if need.width() <= most.width() and need.height() <= most.height():
            break
    dialog.layout().activate()  # its least size now, not the one of the text before
    hint = dialog.sizeHint().expandedTo(dialog.minimumSizeHint())
    dialog.resize(min(hint.width(), most.width()), min(hint.height(), most.height()))
    _onto_screen(dialog)


def _sheet(kind: str, scale: float) -> str:
    """The window's look at `scale` (paddings, check boxes and targets to match the
    words), then the words at `scale` (the cap in it is for every other stock dialog);
    the print dialog's number boxes ("Copies", "Pages from") were 27 px tall."""
    look = replace(applied_look(), scale=scale)
    words = f"{kind}, {kind} * {{ font-size: {BASE_POINT_SIZE * scale:.1f}pt; }}"
    spin = f"QAbstractSpinBox {{ min-height: {look.target}px; }}"  # the window has none
    return f"{style_sheet(look)}\n{words}\n{spin}"


def _whole_words(dialog: QDialog) -> None:
    """A push button or a label as wide as its words (their layouts gave "Properties"
    and "Pages per sheet:" less); an icon button square (the window's padding for words
    made each wider than it is tall); the file dialog's places ("Computer") uncut."""
    for child in dialog.findChildren(QWidget):
        if child.inherits("QPushButton"):
            child.setMinimumWidth(0)
            child.setMinimumWidth(child.sizeHint().width())
        elif child.inherits("QToolButton") and not child.text().strip():
            child.setStyleSheet("padding: 0px; min-width: 0px;")
            child.setMinimumWidth(child.sizeHint().height())
        elif child.inherits("QLabel") and not child.wordWrap():  # "Pages per sheet:"
            child.setMinimumWidth(0)
            child.setMinimumWidth(child.sizeHint().width())
        elif child.objectName() == "sidebar" and child.inherits("QListView"):
            frame = 2 * child.frameWidth() + child.style().pixelMetric(
                child.style().PixelMetric.PM_ScrollBarExtent
            )
            child.setMinimumWidth(child.sizeHintForColumn(0) + frame)


def _laid_out_again(dialog: QDialog) -> None:
    """Every layout's cached sizes dropped: until the next event loop pass the dialog
    would answer its size at the text size before (a widget's new font clears only
    its parent's own layout, not the inner layouts that hold it)."""
    for widget in (dialog, *dialog.findChildren(QWidget)):
        if widget.layout() is not None:
            _invalidate(widget.layout())


def _invalidate(layout: QLayout) -> None:
    for index in range(layout.count()):
        inner = layout.itemAt(index).layout()
        if inner is not None:
            _invalidate(inner)
    layout.invalidate()


def _as_laid_out(dialog: QDialog) -> QSize:
    return dialog.minimumSizeHint()


def _with_options_shown(dialog: QDialog) -> QSize:
    """The print dialog's least size with its options (copies, pages) shown, as
    "Options >>" shows them."""
    options = dialog.findChild(QWidget, "QPrintSettingsOutput")
    if options is None or not options.isHidden():
        return dialog.minimumSizeHint()
    options.setHidden(False)
    _laid_out_again(dialog)
    need = dialog.minimumSizeHint()
    options.setHidden(True)
    _laid_out_again(dialog)
    return need


def _pages_scrolled(dialog: QDialog) -> QSize:
    """The print dialog's Properties with each tab's page in a scroll area: its Page tab
    (paper, orientation, margins, pages per sheet) was 1,014 px tall at any text size,
    OK and Cancel below a 768-px screen. As wide as the widest page, as tall as the rest."""
    widest = 0
    for tabs in dialog.findChildren(QWidget):
        if not tabs.inherits("QTabWidget"):
            continue
        current = tabs.currentIndex()
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if not page.inherits("QScrollArea"):
                label = tabs.tabText(index)
                tabs.removeTab(index)  # the page itself is kept: Qt's dialog still uses it
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QFrame.Shape.NoFrame)
                scroll.setWidget(page)
                tabs.insertTab(index, scroll, label)
                page = scroll
            bar = page.verticalScrollBar().sizeHint().width()
            widest = max(widest, page.widget().minimumSizeHint().width() + bar)
        tabs.setCurrentIndex(current)
    _laid_out_again(dialog)
    need = dialog.minimumSizeHint()
    margins = dialog.layout().contentsMargins()
    frame = 2 * dialog.style().pixelMetric(dialog.style().PixelMetric.PM_DefaultFrameWidth)
    return QSize(
        max(need.width(), widest + margins.left() + margins.right() + frame), need.height()
    )


def _onto_screen(dialog: QWidget) -> None:
    room = available(dialog)
    frame = dialog.frameGeometry()
    x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
    y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        dialog.move(x, y)
