"""Missing Qt platform libraries are named, with the apt-get line, before Qt loads.

Qt's own message is misleading (it blamed libxcb-cursor0 when libxcb-icccm4
and libxcb-keysyms1 were missing), so the app checks first with a loader that
these tests replace.
"""

from __future__ import annotations

import sys

import pytest

from reader.ui import platform_check
from reader.ui.platform_check import XCB_LIBRARIES, missing_libraries, platform_problem

DESKTOP = {"DISPLAY": ":0"}
MISSING = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def loader(missing: set[str]):
    asked: list[str] = []

    def load(name: str) -> bool:
        asked.append(name)
        return name not in missing

    load.asked = asked
    return load


def test_missing_libraries_are_named_with_one_apt_get_line():
    problem = platform_problem(DESKTOP, "linux", loader(MISSING))
    assert problem is not None
    first, second = problem.splitlines()
    assert "libxcb-icccm.so.4" in first and "libxcb-keysyms.so.1" in first
    assert "libxcb-cursor" not in first  # only what is really missing
    assert second == "Install them with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1"


def test_every_library_the_xcb_plugin_links_is_checked():
    load = loader(set())
    assert missing_libraries(load) == []
    assert load.asked == list(XCB_LIBRARIES)
    for name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                 "libxcb-image.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0",
                 "libxcb-randr.so.0", "libxcb-xkb.so.1", "libxkbcommon-x11.so.0"):  # fmt: skip
        assert name in XCB_LIBRARIES


def test_nothing_missing_is_no_problem():
    assert platform_problem(DESKTOP, "linux", loader(set())) is None


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, "linux"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland;xcb"}, "linux"),
        # A Wayland session also sets DISPLAY; Qt tries Wayland first there.
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, "linux"),
        ({}, "linux"),  # no X display: Qt will not use xcb
        ({"DISPLAY": ":0"}, "win32"),
        ({"DISPLAY": ":0"}, "darwin"),
    ],
)
def test_only_the_xcb_platform_is_checked(environ, platform):
    load = loader(set(XCB_LIBRARIES))  # everything "missing"
    assert platform_problem(environ, platform, load) is None
    assert load.asked == []


@pytest.mark.parametrize("value", ["xcb", "xcb:nograb", "", "xcb;wayland"])
def test_asking_for_xcb_is_checked(value):
    environ = {"DISPLAY": ":1", "QT_QPA_PLATFORM": value}
    assert platform_problem(environ, "linux", loader(MISSING)) is not None


def test_an_x11_session_is_checked_even_with_wayland_named_in_another_variable():
    environ = {"DISPLAY": ":1", "XDG_SESSION_TYPE": "x11"}
    assert platform_problem(environ, "linux", loader(MISSING)) is not None


def test_the_real_loader_finds_a_library_and_misses_a_made_up_one():
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb check is for Linux")
    assert platform_check._loads("libc.so.6")
    assert not platform_check._loads("libsci-reader-made-up.so.9")


def test_the_app_stops_before_qt_loads(tmp_path, monkeypatch, capsys):
    """`sci-reader` with missing libraries: the message and exit 2, Qt never imported."""
    from reader.cli import main

    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(platform_check, "_loads", loader(MISSING))
    monkeypatch.setitem(sys.modules, "reader.ui.qt", None)  # importing it now fails

    code = main(["--data-dir", str(tmp_path / "data")])

    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "sci-reader: the window cannot open: missing system libraries for Qt: "
        "libxcb-icccm.so.4, libxcb-keysyms.so.1",
        "sci-reader: Install them with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1",
    ]
    assert not (tmp_path / "data").exists()
