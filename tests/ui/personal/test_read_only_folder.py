"""A data folder the window cannot write (a clinic's locked-down profile, a read-only drive).

The window opens and reads it, says once, in a notice, that what the reader
changes is not kept, and refuses each change in words (never shown as
saved); the folder is left byte for byte as it was. Before, the window did
not open: "the library file cannot be written (read-only)", or on a read-only
drive "the library file cannot be opened (unable to open database file)".

A real read-only folder: its mode (chmod), or for a user that writes whatever
a folder's mode says (root, with its override) a read-only bind mount of it;
skipped only where neither can be had.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from reader.core.config import ClinicConfig
from reader.core.paths import USERDATA_FILE
from reader.core.personal.store import PersonalData
from reader.ui.notice_bar import READ_ONLY
from reader.ui.qt import QApplication, Qt
from tests.ui.helpers import (
    CELLS,
    EPIDURAL,
    SHOWN,
    card_texts,
    dispose,
    go,
    open_article,
    run_child,
    set_prefs,
)


def _modes_are_obeyed() -> bool:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder).chmod(0o555)
        try:
            (Path(folder) / "probe").touch()
        except PermissionError:
            return True
        finally:
            Path(folder).chmod(0o755)
    return False


@pytest.fixture
def locked_down(data_dir, read_only_in_place):
    """Makes the data folder read-only when called; `data_dir` keeps the personal
    file until then."""

    by_mode = _modes_are_obeyed()

    def lock() -> None:
        if by_mode:
            data_dir.chmod(0o555)
        else:  # root: the folder mounted read-only over itself, a read-only drive
            read_only_in_place(data_dir)

    yield lock
    if by_mode:
        data_dir.chmod(0o755)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_read_only_folder_opens_reads_says_so_and_keeps_the_bookmarks(
    make_window, data_dir, locked_down, qtbot
):
    with PersonalData(data_dir) as store:
        store.add_bookmark(CELLS, "Cells", "2026-01-01T00:00:00Z")
    locked_down()
    before = _files(data_dir)

    window = make_window(data_dir)  # failed before: LibraryUnusable, no window

    notice = window.statusBar().notices.shown(READ_ONLY)
    assert notice is not None and str(data_dir) in notice.text
    assert "bookmarks, notes and settings you change are not kept" in notice.text
    go(window, "bookmarks")
    (row,) = window.pages["bookmarks"].rows
    assert card_texts(row.card)[0] == SHOWN[CELLS]
    open_article(window, EPIDURAL)
    page = window.article_page
    qtbot.mouseClick(page.bookmark, Qt.MouseButton.LeftButton)
    assert not page.bookmark.isChecked()
    assert "cannot be written" in page.bookmark.problem_box.text()
    assert "read-only" in page.bookmark.problem_box.text()
    page.bookmark.problem_box.close()
    window.close()
    assert _files(data_dir) == before


def test_a_read_only_folder_without_a_personal_file_never_shows_a_change_as_saved(
    make_window, data_dir, locked_down, qtbot
):
    (data_dir / USERDATA_FILE).unlink(missing_ok=True)
    locked_down()
    window = make_window(data_dir)
    open_article(window, CELLS)
    page = window.article_page

    qtbot.mouseClick(page.bookmark, Qt.MouseButton.LeftButton)

    assert not page.bookmark.isChecked() and page.bookmark.text() == "☆ Bookmark"
    assert "cannot be written" in page.bookmark.problem_box.text()
    assert "read-only" in page.bookmark.problem_box.text()
    page.bookmark.problem_box.close()
    window.close()
    assert not (data_dir / USERDATA_FILE).exists()


def test_an_import_into_a_read_only_folder_blames_the_folder_not_the_file(
    make_window, data_dir, locked_down, tmp_path
):
    portable = tmp_path / "from-the-clinic.json"
    with PersonalData(tmp_path / "clinic") as clinic:
        clinic.add_bookmark(EPIDURAL, "Epidural", "2026-02-01T00:00:00Z")
        clinic.export_file(portable)
    locked_down()
    before = _files(data_dir)
    window = make_window(data_dir)

    said = window.transfer.import_from(portable)

    box = window.message_box
    assert box.windowTitle() == "Import did not work"  # failed before: "This file cannot be..."
    assert "read-only" in said and "Nothing was changed" in said
    box.close()
    window.close()
    assert _files(data_dir) == before


def test_a_setting_changed_in_a_read_only_folder_never_blames_a_full_disk(
    make_window, data_dir, locked_down
):
    from reader.ui.status_line import SETTINGS_NOT_KEPT

    locked_down()
    window = make_window(data_dir)
    notices = window.statusBar().notices
    notices.shown(READ_ONLY).dismiss(by_reader=True)  # the reader pressed Hide

    window.step_scale(+1)

    said = notices.shown(SETTINGS_NOT_KEPT)
    assert said is not None and said.text.startswith("Your settings could not be saved")
    assert "disk" not in said.text  # failed before: "(the disk may be full)"
    assert "does not let the reader save in its folder" in said.text
    assert window.ctx.scale() == 1.25  # used all the same


# The disclaimer on a folder that cannot keep its acknowledgement. What a reader
# expects: seen once, never again in that session (a new look, the end of a
# sync); acknowledged once while the folder could be written, never again; and
# on a folder never writable, once per start (nowhere to remember it: the app
# writes nothing outside its data folder). A kiosk still shows every visitor.
START = """
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.main_window import MainWindow
window = MainWindow(Path({data_dir!r}), first_start_import=False)
window.show()
for _ in range(20):
    app.processEvents()
print("shown" if window.disclaimer_dialog is not None else "not shown", flush=True)
window.close()
"""


def _a_start_shows_the_disclaimer(data_dir: Path) -> bool:
    done = run_child(START.format(data_dir=str(data_dir)))
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[-2:] != ["not", "shown"]


def test_a_disclaimer_acknowledged_while_the_folder_was_writable_is_not_shown_again(
    make_window, data_dir, locked_down, qtbot
):
    set_prefs(data_dir, acknowledged=False)
    window = make_window(data_dir)
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    window.disclaimer_dialog.accept()
    dispose(window)
    locked_down()

    assert not _a_start_shows_the_disclaimer(data_dir)


def test_a_never_writable_folder_shows_the_disclaimer_once_per_start_never_twice(
    make_window, data_dir, locked_down, qtbot
):
    set_prefs(data_dir, acknowledged=False)
    locked_down()
    window = make_window(data_dir)
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    window.disclaimer_dialog.accept()

    window.set_theme("dark")  # a new look
    window.show_disclaimer()  # what the end of a sync or the first import asks
    QApplication.processEvents()

    assert window.disclaimer_dialog is None
    assert window.statusBar().notices.shown(READ_ONLY) is not None  # settings: not kept, said
    window.close()
    assert _a_start_shows_the_disclaimer(data_dir)


def test_a_kiosk_on_a_read_only_folder_still_shows_every_visitor_the_disclaimer(
    make_window, data_dir, locked_down, qtbot
):
    locked_down()
    window = make_window(data_dir, clinic=ClinicConfig(kiosk=True))
    try:
        qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
        window.disclaimer_dialog.accept()
        window.kiosk.reset()  # the next visitor
        qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
        assert window.disclaimer_dialog.isVisible()
        window.disclaimer_dialog.accept()
    finally:
        window.kiosk.unlock()
