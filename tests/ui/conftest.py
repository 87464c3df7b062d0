"""Fixtures for every window test: real data folders, preferences, the window.

Two libraries, each built with the real builder and synced with the real
sync once per session: the test library (tests/ui/library_content.py), and
four articles of the shipped library (version 1, and a version 2 that
withdraws one) for the personal-data tests. Each test copies a data folder.
Every window is registered with qtbot, shown, and closed at teardown so
that no worker thread or timer outlives its test. The system browser
(`window.url_opener`) is always replaced by a recorder.
"""

from __future__ import annotations

import gc
import shutil
import weakref
from dataclasses import dataclass
from pathlib import Path

import pytest
import shiboken6

from reader.ui.qt import QAccessible, QApplication, QEvent
from tests.bundles import bundle_spec
from tests.ui import library_content as content
from tests.ui.helpers import ARTICLES, WITHDRAWN, set_prefs
from tests.ui.web_server import signed_site  # noqa: F401 (a fixture: a signed bundle over HTTP)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "data" / "library"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Collect garbage before qtbot closes the test's widgets.

    A window the test already disposed of (see helpers.dispose) lives on only
    in reference cycles; collecting them lets qtbot see that it is gone
    instead of calling close() on a deleted object.
    """
    gc.collect()
    return (yield)


@dataclass(frozen=True)
class UiBundles:
    template: Path  # a data folder holding version 1
    v1: Path  # the version 1 bundle (ZIP)
    v2: Path  # version 2: 3 new summaries, 1 updated (ZIP)
    v2_dir: Path  # the same as a folder
    rejected: Path  # version 2 with a wrong checksum (ZIP)
    big: Path  # version 2 with 400 summaries, for cancelling (ZIP)


@pytest.fixture(scope="session")
def ui_bundles(tmp_path_factory) -> UiBundles:
    from reader.core.bundle.builder import build_bundle
    from reader.core.library.sync import sync

    root = tmp_path_factory.mktemp("ui-bundles")
    v1 = build_bundle(
        content.write_source(root / "src-v1", content.articles()), root / "v1.zip", 1
    ).path
    v2 = build_bundle(
        content.write_source(root / "src-v2", content.articles_v2()), root / "v2.zip", 2
    ).path
    shutil.unpack_archive(v2, root / "v2-dir")

    spec = bundle_spec(version=2)
    spec.entry("beta-study")["sha256"] = "0" * 64  # the file no longer matches
    rejected = spec.write(root / "rejected.zip", "zip")

    many = {
        f"bulk-{i:04d}": f"Title: Bulk study {i}\nCategories: general\n\n"
        f"## Simple Explanation\n\nBulk text number {i} about recovery.\n"
        for i in range(400)
    }
    big = bundle_spec(many, version=2).write(root / "big.zip", "zip")

    template = root / "template"
    result = sync(template, v1)
    assert result.added == len(content.articles())
    return UiBundles(template, v1, v2, root / "v2-dir", rejected, big)


@pytest.fixture
def ui_data_dir(qapp, tmp_path: Path, ui_bundles: UiBundles) -> Path:
    """A data folder holding the test library (version 1), disclaimer acknowledged."""
    data = tmp_path / "data"
    shutil.copytree(ui_bundles.template, data)
    set_prefs(data)
    return data


@pytest.fixture
def empty_data_dir(qapp, tmp_path: Path) -> Path:
    """A data folder with no library yet (disclaimer acknowledged)."""
    data = tmp_path / "empty"
    set_prefs(data)
    return data


@dataclass(frozen=True)
class ShippedBundles:
    v1: Path
    v2: Path  # withdraws WITHDRAWN
    template: Path  # a data folder synced from v1, copied for each test


def _shipped_source(folder: Path, article_ids: list[str]) -> Path:
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("articles"))
    (folder / "articles").mkdir()
    for article_id in article_ids:
        name = f"{article_id}.md"
        shutil.copy(SHIPPED / "articles" / name, folder / "articles" / name)
    return folder


@pytest.fixture(scope="session")
def shipped_bundles(tmp_path_factory) -> ShippedBundles:
    from reader.core.bundle.builder import build_bundle
    from reader.core.library.sync import sync

    root = tmp_path_factory.mktemp("personal-bundles")
    ids = list(ARTICLES)
    v1 = build_bundle(_shipped_source(root / "src1", ids), root / "v1.zip", 1).path
    kept = [i for i in ids if i != WITHDRAWN]
    v2 = build_bundle(_shipped_source(root / "src2", kept), root / "v2.zip", 2).path
    template = root / "template"
    result = sync(template, v1)
    assert (result.result, result.added) == ("updated", len(ids))
    return ShippedBundles(v1, v2, template)


@pytest.fixture
def make_shipped_data_dir(qapp, tmp_path: Path, shipped_bundles: ShippedBundles):
    """make_shipped_data_dir(name) -> a fresh data folder holding the shipped articles' v1,
    disclaimer acknowledged."""

    def make(name: str = "data") -> Path:
        folder = tmp_path / name
        shutil.copytree(shipped_bundles.template, folder)
        set_prefs(folder)
        return folder

    return make


class UrlRecorder:
    """Stands in for the system browser: records what would have been opened."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url) -> bool:
        self.urls.append(url.toString())
        return True


def _owned_by(widget, window) -> bool:
    while widget is not None:
        if widget is window:
            return True
        widget = widget.parentWidget()
    return False


@pytest.fixture
def make_window(qtbot):
    """make_window(data_dir, first_start_import=False) -> a shown, active MainWindow.

    At teardown every window is closed (qtbot does that first) and then really
    deleted: a closed window that lingers would still get application-wide
    events, such as the next test's font change, and read its closed databases.
    """
    from reader.ui.main_window import MainWindow

    windows: list[weakref.ref] = []

    def make(data_dir: Path, *, first_start_import: bool = False, show: bool = True, **options):
        window = MainWindow(data_dir, first_start_import=first_start_import, **options)
        qtbot.addWidget(window)
        window.url_opener = UrlRecorder()
        windows.append(weakref.ref(window))
        if show:
            window.show()
            qtbot.waitExposed(window)
            window.activateWindow()
            # The window, or a dialog it opened at once (the disclaimer), is active.
            qtbot.waitUntil(lambda: _owned_by(QApplication.activeWindow(), window))
        return window

    yield make
    for ref in windows:
        window = ref()
        if window is not None and shiboken6.isValid(window):
            for box in (window.message_box, window.handout_dialog):
                if box is not None and shiboken6.isValid(box) and box.isVisible():
                    box.close()
            window.close()  # waits for a running update's worker thread
    # pytest-qt has called deleteLater; delete now, so that a closed window
    # (whose data files are closed) never lays itself out again when the next
    # test's window restyles the application.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window, ui_data_dir):
    """The main window over the test library, shown and active, at home."""
    return make_window(ui_data_dir)


@pytest.fixture
def accessibility_on():
    """Qt's accessibility active, as with a screen reader running (then as it was)."""
    was = QAccessible.isActive()
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(was)
