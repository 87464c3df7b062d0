"""A data folder that is a symbolic link to nothing: its USB stick or network
folder, which it points at, is not connected.

What a reader expects: one box that says so and what to do, dismissed from
the keyboard, and an exit code; never a traceback or a silent exit. Before,
the box said "cannot create the data folder (File exists)", which tells a
reader nothing they can act on. A real start through the command, in a child
process.
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


def test_a_data_folder_linked_to_nothing_is_said_in_one_box_the_keyboard_closes(
    qapp, tmp_path: Path
):
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "stick" / "sci-reader")

    done = run_child(CHILD.format(data_dir=str(link)))

    assert done.returncode == 5, done.stderr
    assert "Traceback" not in done.stderr
    said = json.loads(done.stdout.splitlines()[0])
    assert said["title"] == "SCI Research Reader cannot start"
    assert "File exists" not in said["text"]  # failed before: the system's words
    assert said["text"].startswith(f"{link}: the data folder is a link to ")
    assert str(tmp_path / "stick" / "sci-reader") in said["text"]
    assert "Connect its drive or network folder" in said["text"]
    assert said["focus"] == "OK"
    assert not link.exists() and link.is_symlink()  # nothing made at the other end
