"""What a screen reader hears in Menu > About and help, from the AT-SPI bus.

An open menu is a popup that Qt leaves out of the application's children, so
a screen reader meets its entries as they get the focus. Run by the SYSTEM
Python (pyatspi) inside `session.py --menu DATA_DIR`: it presses the Menu
button's "ShowMenu" action, sends Down (X key events, as a keyboard would)
until "About and help" has the focus, Right, then Down past the last page,
and prints the focus events' objects in order: [[role, name], ...].
"""

import json
import sys
import threading
import time

import pyatspi
from checker import find_app, is_home, wait_for
from gi.repository import GLib

KEYCODES = {"Down": 116, "Right": 114}  # X keycodes (evdev), as Xvfb has them
PAUSE = 0.3  # each key handled (and its focus event sent) before the next


def main():
    app = find_app(sys.argv[1])
    home = wait_for(app, is_home)
    menu = next(a for a, n in home if n["showing"] and n["name"] == "Menu" and n["actions"])
    heard = []

    def focused(event):
        if event.detail1:  # gained, not lost
            heard.append([event.source.getRoleName(), event.source.name or ""])

    def key(name):
        pyatspi.Registry.generateKeyboardEvent(KEYCODES[name], None, pyatspi.KEY_PRESSRELEASE)
        time.sleep(PAUSE)

    def drive():
        time.sleep(PAUSE)
        actions = menu.queryAction()
        names = [actions.getName(i) for i in range(actions.nActions)]
        actions.doAction(names.index("ShowMenu"))
        time.sleep(1.5)
        for _ in range(20):
            key("Down")
            if heard and heard[-1][1] == "About and help":
                break
        key("Right")
        for _ in range(6):
            key("Down")
        GLib.idle_add(pyatspi.Registry.stop)

    pyatspi.Registry.registerEventListener(focused, "object:state-changed:focused")
    threading.Thread(target=drive, daemon=True).start()
    pyatspi.Registry.start()
    json.dump(heard, sys.stdout)


if __name__ == "__main__":
    main()
