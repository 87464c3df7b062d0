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

# The window's icon stops at 256 px. Under X11 Qt decodes every size into the
# window's _NET_WM_ICON at each show: the 512 px one alone was 6-8 ms of CPU
# (and 1 MB sent to the X server) before the window appeared, and no window
# manager draws a window icon that large (launchers and docks take the
# installed desktop icons, which keep 512).
WINDOW_ICON_LARGEST = 256


@cache
def app_icon() -> QIcon:
    """The icon in the PNG sizes shipped up to 256 px (PNG: no SVG plugin is needed)."""
    icon = QIcon()
    try:
        files = icon_files()
    except FileNotFoundError:
        return icon  # a null icon: the window still opens; --self-test reports it
    for path in files:
        if int(path.stem.rsplit("-", 1)[1]) <= WINDOW_ICON_LARGEST:
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
