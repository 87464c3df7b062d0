"""The window shows the app's identity: its title, accessible name and icon."""

from __future__ import annotations

from reader.core import identity
from reader.ui.branding import app_icon, configure_application
from reader.ui.main_window import MainWindow


def test_window_title_name_and_icon(qtbot, ui_data_dir):
    window = MainWindow(ui_data_dir)
    qtbot.addWidget(window)
    assert window.windowTitle() == identity.DISPLAY_NAME
    assert window.accessibleName() == identity.DISPLAY_NAME
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
    # Not 512: X11 gets every size at each show (benchmarks/README.md, "Window
    # start, third pass"); the installed desktop icons keep it.
    assert max(s.width() for s in icon.availableSizes()) == 256


def test_the_application_carries_the_identity(qapp):
    app = configure_application()
    assert app is qapp
    assert app.applicationName() == identity.DISPLAY_NAME
    assert app.applicationVersion() == identity.VERSION
    assert app.organizationName() == identity.ORGANISATION
    assert app.desktopFileName() == identity.APP_ID
    assert app.windowIcon().cacheKey() == app_icon().cacheKey()
