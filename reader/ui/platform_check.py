"""Before Qt loads: are the system libraries its X11 (xcb) plugin needs installed?

Without them Qt aborts with a misleading message (it blamed libxcb-cursor0
when libxcb-icccm4 and libxcb-keysyms1 were missing). This module imports no
Qt, so it can run first and name every missing library and the one apt-get
line that installs them.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

# What PySide6's libqxcb.so (through libQt6XcbQpa) links, beyond what any X11
# desktop has, with the Debian/Ubuntu package that ships each library.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def uses_xcb(environ: Mapping[str, str], platform: str) -> bool:
    """True when Qt would start its X11 plugin: Linux, a DISPLAY, no other platform asked for.

    In a Wayland session (which sets DISPLAY too, for X11 programs) Qt 6
    tries its Wayland plugin first, and may never need the X11 libraries.
    """
    if not platform.startswith("linux") or not environ.get("DISPLAY"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "")
    first = asked.split(";")[0].split(":")[0]
    if not first:
        wayland = environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland"
        return not wayland
    return first == "xcb"


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_libraries(load: Callable[[str], bool] | None = None) -> list[str]:
    """The libraries of XCB_LIBRARIES that the dynamic loader cannot load."""
    load = load or _loads
    return [name for name in XCB_LIBRARIES if not load(name)]


def install_advice(missing: list[str]) -> str:
    """Which libraries are missing, and the apt-get line that installs them."""
    packages = " ".join(dict.fromkeys(XCB_LIBRARIES[name] for name in missing))
    return (
        f"the window cannot open: missing system libraries for Qt: {', '.join(missing)}\n"
        f"Install them with: sudo apt-get install {packages}"
    )


def platform_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Callable[[str], bool] | None = None,
) -> str | None:
    """None if Qt can start here (as far as can be told without loading it), else advice."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not uses_xcb(environ, platform):
        return None
    missing = missing_libraries(load)
    return install_advice(missing) if missing else None
