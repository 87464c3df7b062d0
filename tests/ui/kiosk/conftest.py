"""Kiosk windows for the tests: a clinic configuration given directly, the visitor's
disclaimer answered, and kiosk mode left at teardown so the window can close.

A ClinicConfig made here is not validated (the file loader is, in
tests/core/test_config.py), so a test may use timeouts far below what a
clinic's file allows; `short_prompt` lowers the prompt's 20-second floor.
"""

from __future__ import annotations

import pytest
import shiboken6

from reader.core.config import ClinicConfig
from reader.ui.qt import QApplication


@pytest.fixture
def short_prompt(monkeypatch):
    monkeypatch.setattr("reader.ui.kiosk.PROMPT_FLOOR", 1)


@pytest.fixture
def make_kiosk(make_window, ui_data_dir, qtbot):
    """make_kiosk(data_dir=None, **clinic keys) -> a shown kiosk window, disclaimer answered."""
    made = []

    def make(data_dir=None, **keys):
        clinic = ClinicConfig(kiosk=True, **keys)
        window = make_window(data_dir or ui_data_dir, clinic=clinic)
        made.append(window)
        qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
        window.disclaimer_dialog.accept()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield make
    for window in made:
        if shiboken6.isValid(window) and window.kiosk.active:
            window.kiosk.unlock()


@pytest.fixture
def kiosk(make_kiosk):
    return make_kiosk()
