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


ROOM_AGAIN_CHILD = """
import json, resource, signal, time
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.context import Location
from reader.ui.main_window import MainWindow
from reader.ui.notice_bar import READ_ONLY

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, resource.RLIM_INFINITY))
window = MainWindow(Path({data_dir!r}), first_start_import=False)
window.show()
notice = window.statusBar().notices.shown(READ_ONLY)
said = {{"notice": notice.text, "shown": notice.label.text()}}
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
# Room again, and the reader is not started again:
window.prefs.theme = "dark"
said["setting_kept"] = window.prefs.kept
window.navigate(Location("article", {article!r}))
window.article_page.bookmark.click()
said["bookmarked"] = window.article_page.bookmark.isChecked()
updates = []
window.updates.finished.connect(lambda ok, words: updates.append([ok, words]))
window.updates.start({update!r})
deadline = time.monotonic() + 30
while not updates and time.monotonic() < deadline:
    app.processEvents()
said["update"] = updates
window.close()
print(json.dumps(said), flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_the_notice_says_what_works_once_there_is_room_and_it_does_without_a_restart(
    data_dir, shipped_bundles
):
    """Failed before: the notice ended "Free some space, then start the reader again",
    though changes are kept, and updates work, as soon as there is room."""
    child = ROOM_AGAIN_CHILD.format(
        data_dir=str(data_dir), article=CELLS, update=str(shipped_bundles.v2)
    )
    done = run_child(child)

    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    assert "start the reader again" not in said["notice"]
    assert said["notice"].endswith(
        "Free some space: then what you change is kept again, and library updates work, "
        "with no need to restart the reader."
    )
    assert said["shown"] == "Disk full: changes are kept again once there is room"  # one row
    assert said["setting_kept"] and said["bookmarked"]  # what the words promise
    assert said["update"][0][0] is True, said["update"]
    with PersonalData(data_dir) as store:
        assert store.is_bookmarked(CELLS)
    assert "dark" in (data_dir / "settings.ini").read_text()
