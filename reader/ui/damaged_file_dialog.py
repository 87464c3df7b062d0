"""The window's start found the personal data file damaged: the reader chooses what happens.

Without this the window did not open at all ("cannot start"): a reader at
home could not read a single summary until someone repaired a file they
cannot see. The choice is the reader's, because the file is theirs: quit
(nothing changes), or keep the damaged file under another name and go on
with a new, empty one (reader.core.personal.damaged). Nothing is deleted.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.errors import LibraryUnusable
from reader.core.identity import DISPLAY_NAME
from reader.core.personal.damaged import damaged_file_name, set_damaged_file_aside
from reader.ui.qt import QMessageBox
from reader.ui.screen_fit import fit_message_box
from reader.ui.start_boxes import readers_look, tell_cannot_start

START_NEW = "Start a new file"
QUIT = "Quit"


def offer_a_new_file(exc: LibraryUnusable, data_dir: Path) -> bool:
    """Ask; True once the damaged file is set aside (the window may start again).

    There is no window yet, so the reader's own look (text size, theme,
    larger targets) is put on the application for the box, and taken off
    after it: the window puts it on itself.
    """
    with readers_look(data_dir):
        return _ask(exc, data_dir)


def _ask(exc: LibraryUnusable, data_dir: Path) -> bool:
    aside = damaged_file_name(data_dir)
    box = QMessageBox(QMessageBox.Icon.Warning, f"{DISPLAY_NAME}: bookmarks and notes", "")
    box.setText("Your bookmarks and notes file is damaged and cannot be read.")
    box.setInformativeText(
        "You can go on reading with a new, empty file. The damaged file is not"
        f" deleted: it is kept as {aside.name} in {aside.parent}, so that someone"
        " who knows computers may recover your bookmarks and notes from it.\n\n"
        f"What went wrong: {exc}"
    )
    start = box.addButton(START_NEW, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QUIT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(start)
    fit_message_box(box).exec()
    if box.clickedButton() is not start:
        return False
    try:
        set_damaged_file_aside(data_dir)
    except OSError as error:  # a read-only folder: the file stays, and so does the problem
        tell_cannot_start(f"The damaged file could not be renamed: {error}", data_dir)
        return False
    return True
