"""Boxes the window's start shows before there is a window, in the reader's own look.

A reader who needs 300% text or high contrast needs it most when something
is wrong, and there is no window yet to carry their text size and theme:
it is put on the application for the box and taken off after (the window
puts it on itself). "Cannot start" was a stock box at 100% before.

A data folder that is a symbolic link to nothing (a USB stick or network
folder it points at, not connected) made the system say "cannot create the
data folder (File exists)": it is said what it is, and what to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from reader.core.identity import DISPLAY_NAME
from reader.ui import theme as themes
from reader.ui.qt import QApplication, QMessageBox
from reader.ui.screen_fit import fit_message_box
from reader.ui.settings import Preferences


@contextmanager
def readers_look(data_dir: Path) -> Iterator[None]:
    """The reader's text size, theme and targets on the application while inside.

    None put on if their preferences cannot be read (the data folder itself
    may be what is wrong): the box is then Qt's own, as before.
    """
    app = QApplication.instance()
    try:
        look = themes.look_of(Preferences(data_dir))
    except OSError:
        look = None
    if look is not None:
        themes.apply(app, look)
    try:
        yield
    finally:
        if look is not None:
            app.setStyleSheet("")


def tell_cannot_start(message: str, data_dir: Path | None) -> None:
    """Why the window cannot open, until the reader presses OK (`data_dir` None:
    no folder at all, so no preferences to take the look from)."""
    title = f"{DISPLAY_NAME} cannot start"
    with readers_look(data_dir) if data_dir is not None else nullcontext():
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, QMessageBox.StandardButton.Ok)
        box.setAccessibleName(title)
        box.setAccessibleDescription(message)
        fit_message_box(box).exec()
