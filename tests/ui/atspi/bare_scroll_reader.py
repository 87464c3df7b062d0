"""Ask bare_scroll_area.py's hidden scroll area for the child it had (see there).

Run by the SYSTEM Python (pyatspi) inside `session.py --bare`; prints
{"before": children counted, "after": children after the change}, then asks
for the old last child. The session reports whether the app survived.
"""

import json
import sys
import time

import pyatspi  # noqa: F401 (the registry checker uses)
from checker import find_app, tree


def main():
    app = find_app(sys.argv[1])
    nodes = tree(app)
    area = next(a for a, n in nodes if n["name"] == "Page A")
    button = next(a for a, n in nodes if n["name"] == "Show page B")
    before = area.childCount
    button.queryAction().doAction(0)
    time.sleep(1)  # Qt presses with animateClick: the page changes ~100 ms later
    print(json.dumps({"before": before, "after": area.childCount}), flush=True)
    area.getChildAtIndex(before - 1)  # what a screen reader that read the tree before asks


if __name__ == "__main__":
    main()
