"""Walk the window's AT-SPI tree while its page changes, as a screen reader may.

Run by the SYSTEM Python inside `session.py --stress DATA_DIR ROUNDS
[--toolbar | --both]`: each round presses the first card on Home (with
--toolbar: "Bookmarks"; with --both: one, then the other) and walks the whole
tree, again and again, while the new page replaces Home, then does the same
with Home's button.

A screen reader keeps what it read: after each change, every object read
before it is asked for its last child as counted before it (GetChildAtIndex
with an index that may now be past the end). Qt 6.11's scroll area answered
that by reading past its list of children (docs/accessibility.md).
Prints {"rounds": done, "walks": n, "stale": asks, "errors": [...]}; the
session says whether the app survived (its exit code and stderr if not).
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


def child_counts(nodes):
    counted = []
    for acc, _n in nodes:
        try:
            counted.append((acc, acc.childCount))
        except Exception:  # gone already: nothing to ask it later
            counted.append((acc, 0))
    return counted


def ask_stale(counted, counts):
    """Ask each object for the last child it had before the change."""
    for acc, count in counted:
        if count:
            try:
                acc.getChildAtIndex(count - 1)
                counts["stale"] += 1
            except Exception as exc:  # gone, or no such child now: fine
                counts["errors"].append(type(exc).__name__)


def press_now(acc):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    action.doAction(names.index("Press") if "Press" in names else 0)


def change_page(app, nodes, target, arrived, counts):
    """Press `target` (one of `nodes`), walk while the page changes, ask stale children."""
    counted = child_counts(nodes)
    press_now(target)
    walk_while(app, WALK_SECONDS, counts)
    found = wait_for(app, arrived)
    ask_stale(counted, counts)
    return found


def is_home(n):
    return n["showing"] and n["name"] == "Categories"


def to_bookmarks_and_back(app, home, counts):
    bookmarks = next(a for a, n in home if n["showing"] and n["name"] == "Bookmarks")
    saved = change_page(
        app, home, bookmarks,
        lambda n: n["showing"] and n["role"] != "push button" and n["name"] == "Bookmarks",
        counts,
    )  # fmt: skip
    home_button = next(a for a, n in saved if n["showing"] and n["name"] == "Home")
    return change_page(app, saved, home_button, is_home, counts)


def to_article_and_back(app, home, counts):
    card = next(
        a for a, n in home
        if n["showing"] and n["description"] == "Opens the summary" and n["actions"]
    )  # fmt: skip
    article = change_page(
        app, home, card, lambda n: n["showing"] and n["name"].startswith("Back to "), counts
    )
    home_button = next(a for a, n in article if n["showing"] and n["name"] == "Home")
    return change_page(app, article, home_button, is_home, counts)


def main():
    app = find_app(sys.argv[1])
    rounds = int(sys.argv[2])
    if "--both" in sys.argv:
        trips = [to_bookmarks_and_back, to_article_and_back]
    elif "--toolbar" in sys.argv:  # Home <-> Bookmarks: no article, no Python-made rows
        trips = [to_bookmarks_and_back]
    else:
        trips = [to_article_and_back]
    counts = {"rounds": 0, "walks": 0, "stale": 0, "errors": []}
    home = wait_for(app, is_home)
    for _ in range(rounds):
        for trip in trips:
            home = trip(app, home, counts)
        counts["rounds"] += 1
    counts["errors"] = sorted(set(counts["errors"]))
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
