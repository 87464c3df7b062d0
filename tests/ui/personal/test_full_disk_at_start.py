"""The window started on a disk with no room: it opens and reads, and says what that means.

A real process whose file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) is
below what SQLite needs to open a file for writing (its 32 KiB `-shm`
index), as on a full disk: a real OS error, without root or a mount.
Before, the window did not open: "cannot start", first with "the library
cannot be used (disk I/O error)", then with "the disk is full".
"""

from __future__ import annotations

import json
import sys

import pytest

from reader.core.personal.store import PersonalData
from tests.ui.helpers import CELLS, run_child

CHILD = """
import json, resource, signal
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.main_window import MainWindow
from reader.ui.notice_bar import READ_ONLY

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, resource.RLIM_INFINITY))
window = MainWindow(Path({data_dir!r}), first_start_import=False)
notice = window.statusBar().notices.shown(READ_ONLY)
said = {{
    "notice": notice.text if notice is not None else None,
    "articles": len(window.library.list_articles()),
    "bookmarked": window.personal.is_bookmarked({cells!r}),
}}
try:
    window.personal.add_bookmark("another", "Another")
except Exception as exc:
    said["refused"] = str(exc)
window.close()
print(json.dumps(said), flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_on_a_disk_with_no_room_the_window_opens_reads_and_says_changes_are_not_kept(data_dir):
    with PersonalData(data_dir) as store:
        store.add_bookmark(CELLS, "Cells", "2026-01-01T00:00:00Z")

    done = run_child(CHILD.format(data_dir=str(data_dir), cells=CELLS))

    assert done.returncode == 0, done.stderr  # failed before: LibraryUnusable, no window
    said = json.loads(done.stdout.splitlines()[-1])
    full = f"The disk that holds the reader's folder ({data_dir}) is full"
    assert said["notice"].startswith(full)
    assert "bookmarks, notes and settings you change are not kept" in said["notice"]
    assert said["articles"] > 0 and said["bookmarked"]  # read as before
    assert "the disk is full" in said["refused"]  # refused in words, never as if saved


KIOSK_CHILD = """
import json, os, resource, signal
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.main_window import MainWindow
from reader.ui.notice_bar import READ_ONLY

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, resource.RLIM_INFINITY))
window = MainWindow(Path({data_dir!r}), first_start_import=False, kiosk=True)
window.show()
window.personal.add_bookmark({cells!r}, "Cells")  # a visitor's, in memory
during = window.personal.is_bookmarked({cells!r})
window.kiosk.reset()
print(json.dumps({{
    "during": during,
    "after": window.personal.list_bookmarks() != [],
    "notice": window.statusBar().notices.shown(READ_ONLY) is not None,
    "articles": len(window.library.list_articles()),
}}), flush=True)
os._exit(0)  # a kiosk refuses to close
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_a_kiosk_on_a_disk_with_no_room_opens_and_still_forgets_each_visit(data_dir):
    done = run_child(KIOSK_CHILD.format(data_dir=str(data_dir), cells=CELLS))

    assert done.returncode == 0, done.stderr  # failed before: "cannot start", no kiosk
    said = json.loads(done.stdout.splitlines()[-1])
    assert said["during"] and not said["after"] and said["articles"] > 0
    assert not said["notice"]  # a visit is never kept anyway (failed before: shown)
