"""Walk the window's AT-SPI tree while its page changes, as a screen reader may.

Run by the SYSTEM Python inside `session.py --stress DATA_DIR ROUNDS`: each
round presses the first card on Home and walks the whole tree, again and
again, while the article replaces Home, then does the same with Home's button.
Prints {"rounds": done, "walks": n, "errors": [...]}; the session says
whether the app survived (its exit code and stderr when it did not).
"""

import json
import sys
import time

import pyatspi  # noqa: F401 (the registry checker uses)
from checker import find_app, tree, wait_for

WALK_SECONDS = 1.5


def walk_while(app, seconds, counts):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            tree(app)
            counts["walks"] += 1
        except Exception as exc:  # objects vanish mid-walk: the app must not
            counts["errors"].append(type(exc).__name__)


def press_now(acc):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    action.doAction(names.index("Press") if "Press" in names else 0)


def main():
    app = find_app(sys.argv[1])
    rounds = int(sys.argv[2])
    counts = {"rounds": 0, "walks": 0, "errors": []}
    home = wait_for(app, lambda n: n["showing"] and n["name"] == "Categories")
    for _ in range(rounds):
        if "--toolbar" in sys.argv:  # Home <-> Bookmarks: no article, no Python-made rows
            press_now(next(a for a, n in home if n["showing"] and n["name"] == "Bookmarks"))
            walk_while(app, WALK_SECONDS, counts)
            saved = wait_for(app, lambda n: n["showing"] and n["role"] != "push button"
                             and n["name"] == "Bookmarks")  # fmt: skip
            press_now(next(a for a, n in saved if n["showing"] and n["name"] == "Home"))
        else:
            card = next(
                a for a, n in home
                if n["showing"] and n["description"] == "Opens the summary" and n["actions"]
            )  # fmt: skip
            press_now(card)
            walk_while(app, WALK_SECONDS, counts)
            article = wait_for(app, lambda n: n["showing"] and n["name"].startswith("Back to "))
            press_now(next(a for a, n in article if n["showing"] and n["name"] == "Home"))
        walk_while(app, WALK_SECONDS, counts)
        home = wait_for(app, lambda n: n["showing"] and n["name"] == "Categories")
        counts["rounds"] += 1
    counts["errors"] = sorted(set(counts["errors"]))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
