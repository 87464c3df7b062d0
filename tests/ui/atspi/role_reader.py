"""Which AT-SPI role each of role_probe.py's buttons reaches a screen reader as.

Run by the SYSTEM Python (pyatspi) inside `session.py --roles`; prints one
JSON object {Qt role: {"role": AT-SPI role name, "pressed", "checked"}}.
"""

import json
import sys

import pyatspi
from checker import find_app


def main():
    app = find_app(sys.argv[1])
    found = {}

    def walk(acc, depth):
        if acc.name.startswith("probe "):
            states = acc.getState()
            found[acc.name[len("probe ") :]] = {
                "role": acc.getRoleName(),
                "pressed": states.contains(pyatspi.STATE_PRESSED),
                "checked": states.contains(pyatspi.STATE_CHECKED),
            }
            return
        for i in range(acc.childCount if depth < 6 else 0):
            child = acc.getChildAtIndex(i)
            if child is not None:
                walk(child, depth + 1)

    walk(app, 0)
    print(json.dumps(found, sort_keys=True))


if __name__ == "__main__":
    main()
