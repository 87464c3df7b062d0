"""The app's identity on screen: the application's names, the window title, the icon.

Names come from `reader.core.identity` and the icon from `resources/`
(`reader.core.resources`), so the window, the desktop file and the
installers show the same name and picture.
"""

from __future__ import annotations

import sys
from functools import cache

from reader.core.identity import APP_ID, DISPLAY_NAME, ORGANISATION, ORGANISATION_DOMAIN, VERSION
from reader.core.resources import icon_files
from reader.ui.qt import QApplication, QIcon, QWidget


@cache
def app_icon() -> QIcon:
    """The icon in every PNG size shipped (PNG: no SVG plugin is needed to show it)."""
    icon = QIcon()
    try:
        files = icon_files()
    except FileNotFoundError:
        return icon  # a null icon: the window still opens; --self-test reports it
    for path in files:
        icon.addFile(str(path))
    return icon


def configure_application() -> QApplication:
    """The one QApplication, named as the desktop file and the platform expect."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(DISPLAY_NAME)
    app.setApplicationVersion(VERSION)
    app.setOrganizationName(ORGANISATION)
    app.setOrganizationDomain(ORGANISATION_DOMAIN)
    app.setDesktopFileName(APP_ID)  # Wayland and the taskbar match it to the .desktop file
    app.setWindowIcon(app_icon())
    return app


def name_window(window: QWidget) -> None:
    window.setWindowTitle(DISPLAY_NAME)
    window.setAccessibleName(DISPLAY_NAME)
    window.setWindowIcon(app_icon())
