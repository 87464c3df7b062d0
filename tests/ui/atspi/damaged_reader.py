"""What a screen reader gets from the box the window's start shows for a damaged
personal data file, read from the AT-SPI bus; then it presses Quit, as a reader would.

Run by the SYSTEM Python (pyatspi) inside `session.py --damaged DATA_DIR`;
prints one JSON object {"box": nodes} (checker.py's nodes: every object of the
box, showing or not).
"""

import json
import sys

from checker import find_app, press, wait_for


def is_box(node):
    return node["role"] == "alert" and node["showing"]


def main():
    app = find_app(sys.argv[1])
    nodes = wait_for(app, is_box)
    box = [n for _a, n in nodes]
    quit_button = next(a for a, n in nodes if n["role"] == "push button" and n["name"] == "Quit")
    print(json.dumps({"box": box}))
    sys.stdout.flush()
    press(quit_button)


if __name__ == "__main__":
    main()
