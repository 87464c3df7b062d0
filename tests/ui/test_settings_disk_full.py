"""A setting the disk cannot take (text size, theme...) is used for now, and the reader is told.

A real process whose file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) comes
down after the window opened, as a disk fills while someone reads: writing
settings.ini fails with a real OS error. Before, QSettings failed in silence:
the larger text was gone at the next start, and no one had said so.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.ui.helpers import run_child

CHILD = """
import json, resource, signal
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.main_window import MainWindow
from reader.ui.status_line import SETTINGS_NOT_KEPT

window = MainWindow(Path({data_dir!r}), first_start_import=False)
notices = window.statusBar().notices
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (8, resource.RLIM_INFINITY))  # no room
window.step_scale(+1)
full = notices.shown(SETTINGS_NOT_KEPT)
said = {{"scale": window.ctx.scale(), "notice": full.text if full else None}}
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
window.step_scale(+1)  # room again
said["after"] = notices.shown(SETTINGS_NOT_KEPT) is not None
window.close()
print(json.dumps(said), flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_a_setting_the_disk_cannot_take_is_used_and_said_until_one_is_kept(
    make_shipped_data_dir,
):
    data_dir = make_shipped_data_dir()

    done = run_child(CHILD.format(data_dir=str(data_dir)))

    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    assert said["scale"] == 1.25  # the reader gets the larger text all the same
    assert said["notice"] is not None, said  # failed before: nothing said
    assert said["notice"].startswith("Your settings could not be saved on this computer")
    assert not said["after"]
    assert "scale=1.5" in (data_dir / "settings.ini").read_text(encoding="utf-8")
    assert "QSettings" not in done.stderr and "Traceback" not in done.stderr
