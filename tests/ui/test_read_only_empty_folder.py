"""A data folder that cannot be written and holds no library yet: a clinic's
locked-down waiting-room profile, a patient's read-only USB stick.

What a reader expects: the reader opens on the embedded library, which can
be read and searched, and one notice says that the folder cannot be written,
so bookmarks, notes and settings are not kept. Before, the window did not
open at all: "cannot start: the library file cannot be written (its folder
is read-only)", in kiosk mode too. The embedded library now goes into a
private temporary folder that is removed when the app is done with it; the
reader's folder is left byte for byte as it was.

The folder is made read-only by a read-only bind mount over itself (the
tests run as root, which writes whatever a folder's mode says); skipped
where mounting is not allowed.
"""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest

from reader.core.library.store import Library
from reader.core.paths import LIBRARY_FILE
from reader.ui.context import Location
from reader.ui.notice_bar import READ_ONLY
from reader.ui.qt import Qt
from tests.ui.helpers import dispose, run_child

TIMEOUT = 30_000
RILUZOLE = "riluzole-riscis-trial-2023"


@pytest.fixture
def read_only(empty_data_dir: Path, read_only_in_place):
    """read_only() -> the empty data folder (settings.ini only), now read-only."""
    return lambda: read_only_in_place(empty_data_dir)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _imported(window, qtbot) -> None:
    """The first start's import, run to its end: it worked."""
    qtbot.waitUntil(lambda: window.sync_controller is not None)
    with qtbot.waitSignal(window.sync_controller.done, timeout=TIMEOUT) as done:
        pass
    assert done.args[0] is True, done.args


def _searched(window, qtbot, text: str) -> str | None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, text)
    qtbot.waitUntil(lambda: window.current_location() == Location("search", text))
    return window.pages["search"].first_result()


def test_a_read_only_folder_with_no_library_opens_on_the_embedded_library(
    make_window, read_only, qtbot
):
    data_dir = read_only()
    before = _files(data_dir)

    window = make_window(data_dir, first_start_import=True)  # failed before: cannot start
    _imported(window, qtbot)

    assert len(window.pages["home"].latest_cards) == 10
    assert window.status_label.text().startswith("Library version ")
    assert _searched(window, qtbot, "riluzole") == RILUZOLE
    notice = window.statusBar().notices.shown(READ_ONLY)  # the read-only folder's own words
    assert notice is not None and str(data_dir) in notice.text
    assert "bookmarks, notes and settings you change are not kept" in notice.text
    private = Path(window.library.data_dir)
    assert private != data_dir and private.parent == Path(tempfile.gettempdir())
    assert (private / LIBRARY_FILE).is_file()
    assert window.updates.data_dir == private  # an update goes where the library is
    dispose(window)
    del window
    gc.collect()
    assert not private.exists()  # the private copy goes with the window's library
    assert _files(data_dir) == before


def test_a_kiosk_on_a_read_only_folder_with_no_library_shows_the_library(
    make_window, read_only, qtbot
):
    data_dir = read_only()
    window = make_window(data_dir, first_start_import=True, kiosk=True)
    try:
        _imported(window, qtbot)  # failed before: cannot start
        assert len(window.pages["home"].latest_cards) == 10
        assert window.status_label.text().startswith("Library version ")
        assert window.statusBar().notices.shown(READ_ONLY) is None  # a visit is never kept
        assert window.kiosk.updates.data_dir == window.library.data_dir != data_dir
    finally:
        window.kiosk.unlock()


def test_a_library_file_left_empty_by_an_earlier_start_is_no_library_either(
    make_window, empty_data_dir, read_only, qtbot
):
    """A first start closed during its import, on a machine that let it write, leaves
    a library file with no content; on the read-only stick it cannot be filled."""
    Library(empty_data_dir).close()
    data_dir = read_only()
    before = _files(data_dir)

    window = make_window(data_dir, first_start_import=True)  # failed before: not written
    _imported(window, qtbot)

    assert len(window.pages["home"].latest_cards) == 10
    assert window.library.data_dir != data_dir
    window.close()
    assert _files(data_dir) == before


def test_a_folder_that_cannot_be_made_opens_like_a_read_only_one(make_window, read_only, qtbot):
    """The data folder is not there and its parent cannot be written (a stick that
    never held the reader's folder): nothing can be kept, as in a read-only folder."""
    data_dir = read_only() / "never-made"

    window = make_window(data_dir, first_start_import=True)  # failed before: cannot start
    _imported(window, qtbot)

    assert len(window.pages["home"].latest_cards) == 10
    notice = window.statusBar().notices.shown(READ_ONLY)
    assert notice is not None and str(data_dir) in notice.text
    assert window.navigate(Location("article", RILUZOLE))
    page = window.article_page
    qtbot.mouseClick(page.bookmark, Qt.MouseButton.LeftButton)
    assert not page.bookmark.isChecked()  # refused, never shown as saved
    assert "read-only" in page.bookmark.problem_box.text()
    page.bookmark.problem_box.close()
    window.step_scale(+1)  # used, not kept; no traceback
    assert window.ctx.scale() == 1.25
    window.close()
    assert not data_dir.exists()


START = """
import gc
from pathlib import Path
from reader.ui.qt import QApplication
app = QApplication([])
from reader.ui.main_window import MainWindow
window = MainWindow(Path({data_dir!r}))
window.show()
while window.sync_controller is None or window.sync_controller.worker.isRunning():
    app.processEvents()
app.processEvents()
print(window.library.data_dir, window.library.count_articles(), flush=True)
window.close()
"""


def test_the_private_copy_is_removed_when_the_app_ends(read_only):
    data_dir = read_only()

    done = run_child(START.format(data_dir=str(data_dir)))

    assert done.returncode == 0, done.stderr
    folder, count = done.stdout.split()
    assert int(count) > 10
    assert Path(folder).parent == Path(tempfile.gettempdir())
    assert not Path(folder).exists()


def test_no_temporary_folder_either_is_said_in_words_not_a_traceback(read_only, monkeypatch):
    from reader.core.errors import LibraryUnusable
    from reader.core.library.private_copy import window_library

    data_dir = read_only()
    monkeypatch.setattr(tempfile, "tempdir", str(data_dir))  # the temporary folder: read-only

    with pytest.raises(LibraryUnusable) as refused:  # failed before: OSError, a traceback
        window_library(data_dir)

    words = str(refused.value)
    assert words.startswith(f"{data_dir}: this folder cannot be written and holds no library")
    assert "no temporary folder could be made" in words
    assert "Traceback" not in words and list(data_dir.iterdir()) == [data_dir / "settings.ini"]
