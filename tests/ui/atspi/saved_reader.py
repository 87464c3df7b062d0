"""What a screen reader gets on a withdrawn summary's note and on the notice of a
library that cannot be read, read from the AT-SPI bus.

Run by the SYSTEM Python (pyatspi) inside `session.py --withdrawn DATA_DIR`:
the data folder holds a bookmark (and a note) about an article its library
does not have. It presses Bookmarks, then that bookmark's card, as a screen
reader would, and reads the page; then deletes the library file and presses
Home (which the window cannot show: the notice with Try again), and reads the
window again. Prints {"withdrawn": nodes, "trouble": nodes} (checker.py's).
"""

import json
import os
import sys

from checker import find_app, is_home, press, showing, wait_for


def _button(nodes, name):
    return next(a for a, n in nodes if n["showing"] and n["name"] == name and n["actions"])


def _gone_card(node):
    return node["showing"] and "no longer in the library" in node["description"]


def main():
    name, data = sys.argv[1], sys.argv[2]
    app = find_app(name)
    home = wait_for(app, is_home)
    press(_button(home, "Bookmarks"))
    listed = wait_for(app, _gone_card)
    card = next(a for a, n in listed if _gone_card(n) and n["actions"])
    press(card)
    page = wait_for(app, lambda n: n["showing"] and n["name"] == "Copy note")
    result = {"withdrawn": showing(page)}
    for file in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        if os.path.exists(os.path.join(data, file)):
            os.unlink(os.path.join(data, file))
    press(_button(page, "Home"))
    trouble = wait_for(app, lambda n: n["showing"] and n["name"] == "Try again")
    result["trouble"] = showing(trouble)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
