""" "Cannot start" is said in the reader's own text size and theme.

There is no window yet to carry them, so the box put them on the application
(reader.ui.start_boxes); before, it was Qt's stock box at 100% text for a
reader who had chosen 300%. A real start, in a child process, that fails
because the personal data file is a folder.
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
from reader.ui.qt import QApplication, QLabel, QTimer

def read_the_box():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(20, read_the_box)
        return
    label = box.findChild(QLabel, "qt_msgbox_label")
    print(json.dumps({{"title": box.windowTitle(), "text": box.text(),
                      "points": label.font().pointSizeF(), "name": box.accessibleName()}}),
          flush=True)
    box.buttons()[0].click()

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
