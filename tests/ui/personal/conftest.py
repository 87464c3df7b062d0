"""Fixtures for the personal-data UI tests: a real library and a real window.

The library is built with the app's own bundle builder from a few articles of
the shipped library (version 1), plus a version 2 that withdraws one of them.
Each test gets its own data folder synced from version 1, with the disclaimer
already acknowledged, so no dialog stands in the way.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from reader.core.bundle.builder import build_bundle
from reader.core.library.sync import sync
from reader.ui.settings import Preferences
from tests.ui.personal.helpers import ARTICLES, WITHDRAWN

REPO = Path(__file__).resolve().parents[3]
SHIPPED = REPO / "data" / "library"


@dataclass(frozen=True)
class Bundles:
    v1: Path
    v2: Path  # withdraws WITHDRAWN
    template: Path  # a data folder synced from v1, copied for each test


def _source(folder: Path, article_ids: list[str]) -> Path:
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("articles"))
    (folder / "articles").mkdir()
    for article_id in article_ids:
        name = f"{article_id}.md"
        shutil.copy(SHIPPED / "articles" / name, folder / "articles" / name)
    return folder


@pytest.fixture(scope="session")
def bundles(tmp_path_factory) -> Bundles:
    root = tmp_path_factory.mktemp("personal-bundles")
    ids = list(ARTICLES)
    v1 = build_bundle(_source(root / "src1", ids), root / "v1.zip", 1).path
    kept = [i for i in ids if i != WITHDRAWN]
    v2 = build_bundle(_source(root / "src2", kept), root / "v2.zip", 2).path
    template = root / "template"
    result = sync(template, v1)
    assert (result.result, result.added) == ("updated", len(ids))
    return Bundles(v1, v2, template)


@pytest.fixture
def make_data_dir(tmp_path: Path, bundles: Bundles) -> Callable[[str], Path]:
    """A fresh data folder holding version 1, disclaimer acknowledged."""

    def make(name: str = "data") -> Path:
        folder = tmp_path / name
        shutil.copytree(bundles.template, folder)
        prefs = Preferences(folder)
        prefs.disclaimer_acknowledged = True
        prefs.theme = "light"
        prefs.scale = 1.0
        return folder

    return make


@pytest.fixture
def data_dir(make_data_dir) -> Path:
    return make_data_dir("data")


@pytest.fixture
def make_window(qtbot):
    """Open a MainWindow on a data folder: shown, active, closed at teardown."""
    from reader.ui.main_window import MainWindow

    windows = []

    def make(folder: Path):
        window = MainWindow(folder, first_start_import=False)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield make
    for window in windows:
        for box in (window.message_box, window.handout_dialog):
            if box is not None and box.isVisible():
                box.close()
        window.close()
    # pytest-qt has called deleteLater; delete now, so that a closed window
    # (whose personal data file is closed) never lays itself out again when
    # the next test's window restyles the application.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window, data_dir):
    return make_window(data_dir)
