""" "Cannot start" is said in the reader's own text size and theme.

There is no window yet to carry them, so the box put them on the application
(reader.ui.start_boxes); before, it was Qt's stock box at 100% text for a
reader who had chosen 300%. A real start, in a child process, that fails
because the personal data file is a folder.

Also a data folder the window cannot use at all: a file, or a link to
nothing (its USB stick or network folder not connected). Started from a
desktop menu there is no terminal for standard error: before, a file gave
that line alone (the reader saw nothing), a link to nothing a box saying
"cannot create the data folder (File exists)".
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from reader.core.paths import USERDATA_FILE
from reader.ui.theme import BASE_POINT_SIZE, STOCK_DIALOG_SCALE
from tests.ui.helpers import run_child, set_prefs

CHILD = """
import json, sys
from reader.ui.qt import QApplication, QEvent, QKeyEvent, QLabel, Qt, QTimer

def read_the_box():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(20, read_the_box)
        return
    label = box.findChild(QLabel, "qt_msgbox_label")
    focus = box.focusWidget()  # the box's own focus (offscreen, no window is active)
    print(json.dumps({{"title": box.windowTitle(), "text": box.text(),
                      "points": label.font().pointSizeF(), "name": box.accessibleName(),
                      "focus": focus.text() if focus is not None else None}}),
          flush=True)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # Space on the focused button
        QApplication.sendEvent(focus, QKeyEvent(kind, Qt.Key.Key_Space,
                                                Qt.KeyboardModifier.NoModifier, " "))

QTimer.singleShot(0, read_the_box)
from reader.cli import main
sys.exit(main(["--data-dir", {data_dir!r}]))
"""


def _start(data_dir: Path) -> subprocess.CompletedProcess:
    return run_child(CHILD.format(data_dir=str(data_dir)))


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_cannot_start_is_said_at_the_readers_text_size(ui_data_dir, scale):
    set_prefs(ui_data_dir, scale=scale)
    (ui_data_dir / USERDATA_FILE).mkdir()  # not a file: the window cannot open
    done = _start(ui_data_dir)
    assert done.returncode != 0, done.stdout
    said = json.loads(done.stdout.splitlines()[0])
    assert said["title"] == said["name"] == "SCI Research Reader cannot start"
    assert USERDATA_FILE in said["text"]
    if scale == 1.0:
        assert said["points"] == BASE_POINT_SIZE
    else:  # as large as fits the screen: past the stock dialogs' cap (was 12 pt)
        assert said["points"] > BASE_POINT_SIZE * STOCK_DIALOG_SCALE, said


def test_a_data_folder_that_is_a_file_is_said_in_a_box_the_keyboard_closes(qapp, tmp_path: Path):
    path = tmp_path / "data"
    path.write_text("not a folder")

    done = _start(path)

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

    done = _start(link)

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
