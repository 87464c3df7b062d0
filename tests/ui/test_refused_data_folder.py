"""A data folder the window cannot use at all, started from a desktop menu with
no terminal to show standard error: a file, or a link to nothing (its USB stick
or network folder not connected).

What a reader expects: one box that says so, dismissed from the keyboard;
the command line's line on standard error and exit 2 stay. Before, a file
gave the line on standard error alone (started from a menu, the reader saw
nothing at all), and a link to nothing a box saying "cannot create the data
folder (File exists)". A real start through the command, in a child process.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.ui.helpers import run_child

CHILD = """
import json, sys
from reader.ui.qt import QApplication, QEvent, QKeyEvent, Qt, QTimer

def read_the_box():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(20, read_the_box)
        return
    focus = box.focusWidget()  # the box's own focus (offscreen, no window is active)
    print(json.dumps({{"title": box.windowTitle(), "text": box.text(),
                      "focus": focus.text() if focus is not None else None}}), flush=True)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # Space on the focused button
        QApplication.sendEvent(focus, QKeyEvent(kind, Qt.Key.Key_Space,
                                                Qt.KeyboardModifier.NoModifier, " "))

QTimer.singleShot(0, read_the_box)
from reader.cli import main
sys.exit(main(["--data-dir", {data_dir!r}]))
"""


def test_a_data_folder_that_is_a_file_is_said_in_a_box_the_keyboard_closes(qapp, tmp_path: Path):
    path = tmp_path / "data"
    path.write_text("not a folder")

    done = run_child(CHILD.format(data_dir=str(path)))

    assert done.returncode == 2, done.stderr
    assert "is not a folder (the data folder must be one)" in done.stderr  # as before
    assert "Traceback" not in done.stderr
    said = json.loads(done.stdout.splitlines()[0])  # failed before: no box, no output
    assert said["title"] == "SCI Research Reader cannot start"
    assert said["text"] == f"{path}: is not a folder (the data folder must be one)"
    assert said["focus"] == "OK"
    assert path.read_text() == "not a folder"


def test_a_data_folder_linked_to_nothing_is_said_in_one_box_the_keyboard_closes(
    qapp, tmp_path: Path
):
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "stick" / "sci-reader")

    done = run_child(CHILD.format(data_dir=str(link)))

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    said = json.loads(done.stdout.splitlines()[0])
    assert said["title"] == "SCI Research Reader cannot start"
    assert "File exists" not in said["text"]  # failed before: the system's words
    assert said["text"] == (
        f"{link}: is a link to {tmp_path / 'stick' / 'sci-reader'}, which is missing "
        "(moved or deleted, or its drive or network folder is not connected)"
    )
    assert said["focus"] == "OK"
    assert not link.exists() and link.is_symlink()  # nothing made at the other end
