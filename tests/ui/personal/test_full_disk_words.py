"""On a disk with no room, what the reader changes is refused as "the disk is full", never
as "read-only", nothing typed is lost, and it is saved once there is room again.

The window opens its files read-only when the disk has no room at start
(paths.opened_for_the_window). Before, each refused change then said "the
personal data file cannot be written (read-only)": untrue, and it sent a
caregiver to look for a locked folder instead of freeing space; and freeing
space changed nothing until the app was started again, though the words
said "try again".

A real process whose file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) is
below what SQLite needs to open a file for writing, as on a full disk
(tests/ui/personal/test_full_disk_at_start.py), then lifted, as when the
reader has freed some space.
"""

from __future__ import annotations

import json
import sys

import pytest

from reader.core.paths import USERDATA_FILE
from reader.core.personal.store import PersonalData
from tests.ui.helpers import CELLS, EPIDURAL, run_child, stored_note

CHILD = """
import json, resource, signal
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.context import Location
from reader.ui.main_window import MainWindow
from reader.ui.notice_bar import READ_ONLY

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, resource.RLIM_INFINITY))
window = MainWindow(Path({data_dir!r}), first_start_import=False)
window.show()
window.navigate(Location("article", {article!r}))
page = window.article_page
said = {{"notice": window.statusBar().notices.shown(READ_ONLY) is not None}}
page.bookmark.click()
said["bookmark"] = page.bookmark.problem_box.text()
said["bookmark_on"] = page.bookmark.isChecked()
page.bookmark.problem_box.close()
page.feedback.yes.click()
said["feedback"] = page.feedback.thanks.text()
page.note.edit.setPlainText("Ask Dr Lee about the trial")
page.note.flush()
said["note_state"] = page.note.state.text()
window.navigate(Location("home"))
window.navigate(Location("article", {article!r}))
said["note_box"] = page.note.edit.toPlainText()
said["import"] = window.transfer.import_from(Path({portable!r}))
window.message_box.close()

resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
page.bookmark.click()  # room again: the same click works
said["bookmark_after"] = page.bookmark.isChecked()
page.note.flush()
said["note_after"] = page.note.state.text()
window.refresh_all()  # as after an import: the notice is not brought back
said["notice_after"] = window.statusBar().notices.shown(READ_ONLY) is not None
window.close()
print(json.dumps(said), flush=True)
"""

FULL = "the disk is full; free some space and try again"  # db_errors.explain's words


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_on_a_disk_with_no_room_each_change_says_the_disk_is_full_and_works_once_there_is_room(
    data_dir, tmp_path
):
    with PersonalData(data_dir) as store:
        store.add_bookmark(CELLS, "Cells", "2026-01-01T00:00:00Z")
    portable = tmp_path / "from-the-clinic.json"
    with PersonalData(tmp_path / "clinic") as clinic:
        clinic.add_bookmark(CELLS, "Cells", "2026-02-01T00:00:00Z")
        clinic.export_file(portable)

    done = run_child(CHILD.format(data_dir=str(data_dir), article=EPIDURAL, portable=str(portable)))

    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    for words in (said["bookmark"], said["feedback"], said["note_state"], said["import"]):
        assert FULL in words, said  # failed before: "cannot be written (read-only)"
        assert "read-only" not in words
    assert not said["bookmark_on"]  # never shown as saved
    assert said["note_box"] == "Ask Dr Lee about the trial"  # kept in its box
    assert said["bookmark_after"] and said["note_after"] == "Saved"  # failed before: refused
    assert said["notice"] and not said["notice_after"]  # "not kept" is no longer true
    with PersonalData(data_dir) as store:
        assert store.is_bookmarked(EPIDURAL)
    assert stored_note(data_dir, EPIDURAL) == "Ask Dr Lee about the trial"


NO_FILE_CHILD = """
import resource, signal
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.context import Location
from reader.ui.main_window import MainWindow

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (16384, resource.RLIM_INFINITY))
window = MainWindow(Path({data_dir!r}), first_start_import=False)
window.navigate(Location("article", {article!r}))
window.article_page.bookmark.click()
print(window.article_page.bookmark.problem_box.text(), flush=True)
window.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_on_a_disk_with_no_room_and_no_personal_file_yet_the_words_name_the_file(data_dir):
    (data_dir / USERDATA_FILE).unlink(missing_ok=True)

    done = run_child(NO_FILE_CHILD.format(data_dir=str(data_dir), article=EPIDURAL))

    assert done.returncode == 0, done.stderr
    said = done.stdout.strip().splitlines()[-1]
    assert f"{data_dir / USERDATA_FILE}: {FULL}" in said  # failed before: ".userdata...new-<pid>"
    assert ".new-" not in said
    assert not list(data_dir.glob(".userdata*"))  # nothing half-made is left
