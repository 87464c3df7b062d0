"""The window's start finds the personal data file damaged: the reader chooses.

Before, the window did not open ("cannot start", exit 5): nothing could be
read until someone repaired a file the reader cannot see. Now a box offers
"Start a new file" (the damaged file kept, byte for byte, under its own
name) or "Quit" (nothing changed).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reader.core.paths import USERDATA_FILE
from reader.core.personal.store import PersonalData
from reader.ui.damaged_file_dialog import QUIT, START_NEW
from tests.damaged_files import damaged_personal_file
from tests.ui.helpers import run_child

# The child opens the real window through `main`; when the box comes it says
# what the box says and presses `answer`; once the window is up it quits.
CHILD = """
import sys
import reader.ui.app as app_module
from reader.ui.qt import QApplication, QTimer

def answer_the_box():
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(20, answer_the_box)
        return
    print("box:", box.text(), flush=True)
    [button] = [b for b in box.buttons() if b.text() == {answer!r}]
    button.click()

QTimer.singleShot(0, answer_the_box)
serve = app_module.serve_later_launches

def up(window, data_dir, claimed):
    serve(window, data_dir, claimed)
    print("window up", flush=True)
    window.close()

app_module.serve_later_launches = up
from reader.cli import main
sys.exit(main(["--data-dir", {data_dir!r}]))
"""


def _start(data_dir: Path, answer: str) -> subprocess.CompletedProcess:
    return run_child(CHILD.format(answer=answer, data_dir=str(data_dir)))


@pytest.mark.slow
def test_start_a_new_file_keeps_the_damaged_one_and_opens_the_window(ui_data_dir):
    damaged = damaged_personal_file(ui_data_dir, "bowel-study")
    done = _start(ui_data_dir, START_NEW)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "box: Your bookmarks and notes file is damaged and cannot be read.",
        "window up",
    ]
    [aside] = ui_data_dir.glob(f"{USERDATA_FILE}.damaged-*")
    assert aside.read_bytes() == damaged
    with PersonalData(ui_data_dir) as personal:
        assert personal.list_notes() == []  # a new, empty file


@pytest.mark.slow
def test_quit_changes_nothing(ui_data_dir):
    damaged = damaged_personal_file(ui_data_dir, "bowel-study")
    done = _start(ui_data_dir, QUIT)
    assert done.returncode == 5, done.stderr
    assert "window up" not in done.stdout
    assert (ui_data_dir / USERDATA_FILE).read_bytes() == damaged
    assert not list(ui_data_dir.glob(f"{USERDATA_FILE}.damaged-*"))
