"""What a screen reader hears as the focus reaches a category's list of summaries.

Run by the SYSTEM Python (pyatspi) inside `session.py --list DATA_DIR`. Xvfb
has no window manager, so nothing makes the window active and no focus is
reported: first it gives the window the X input focus, as a window manager
would (`activate`). Then it presses Home's first category's button (its Press
action, as a screen reader would), and sends Shift+Tab and Tab (X key events,
as a keyboard would), so the focus leaves the list for the page's heading and
comes back. Prints the focus events' objects in order: [[role, name], ...].
"""

import ctypes
import json
import os
import sys
import threading
import time

import pyatspi
from checker import find_app, is_home, wait_for
from gi.repository import GLib

KEYCODES = {"Tab": 23, "Shift": 50}  # X keycodes (evdev), as Xvfb has them
PAUSE = 1.0  # each step handled (and its focus events sent) before the next


def activate(name):
    """Give the largest top-level window called `name` the X input focus."""
    x = ctypes.cdll.LoadLibrary("libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    display = ctypes.c_void_p(x.XOpenDisplay(os.environ["DISPLAY"].encode()))
    root = x.XDefaultRootWindow(display)
    parent, children, count = ctypes.c_ulong(), ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    x.XQueryTree(display, ctypes.c_ulong(root), ctypes.byref(parent), ctypes.byref(parent),
                 ctypes.byref(children), ctypes.byref(count))  # fmt: skip
    found = []
    for i in range(count.value):
        window, title = ctypes.c_ulong(children[i]), ctypes.c_char_p()
        if x.XFetchName(display, window, ctypes.byref(title)) and title.value == name.encode():
            geometry = [ctypes.c_uint() for _ in range(6)]
            x.XGetGeometry(display, window, ctypes.byref(parent), *map(ctypes.byref, geometry))
            found.append((geometry[2].value * geometry[3].value, window))
    x.XSetInputFocus(display, max(found)[1], 1, 0)  # RevertToPointerRoot, CurrentTime
    x.XFlush(display)


def _category(node):  # "General, 3 summaries"; not "All summaries, 42"
    name = node["name"]
    return node["showing"] and node["role"] == "push button" and name.endswith(" summaries") \
        and not name.startswith("All summaries")  # fmt: skip


def main():
    app = find_app(sys.argv[1])
    home = wait_for(app, is_home)
    activate(sys.argv[1])
    button = next(a for a, n in home if _category(n) and n["actions"])
    heard = []

    def focused(event):
        if event.detail1:  # gained, not lost
            heard.append([event.source.getRoleName(), event.source.name or ""])

    def key(code, kind=pyatspi.KEY_PRESSRELEASE):
        pyatspi.Registry.generateKeyboardEvent(code, None, kind)

    def drive():
        time.sleep(PAUSE)
        actions = button.queryAction()
        names = [actions.getName(i) for i in range(actions.nActions)]
        actions.doAction(names.index("Press"))
        time.sleep(2 * PAUSE)
        heard.append(["--", "Shift+Tab, Tab"])
        key(KEYCODES["Shift"], pyatspi.KEY_PRESS)
        key(KEYCODES["Tab"])
        key(KEYCODES["Shift"], pyatspi.KEY_RELEASE)
        time.sleep(PAUSE)
        key(KEYCODES["Tab"])
        time.sleep(PAUSE)
        GLib.idle_add(pyatspi.Registry.stop)

    pyatspi.Registry.registerEventListener(focused, "object:state-changed:focused")
    threading.Thread(target=drive, daemon=True).start()
    pyatspi.Registry.start()
    json.dump(heard, sys.stdout)


if __name__ == "__main__":
    main()
