"""What a screen reader gets from the running window, read from the AT-SPI bus.

Run by the SYSTEM Python (/usr/bin/python3: pyatspi is a system package, not
in the venv) inside the session that `session.py` sets up. It finds the app
on the bus, reads Home's tree, presses the "Latest research" card of each
title given (the first card if none) through its AT-SPI action, as a screen
reader would, reads the article's tree and goes Home again; it prints one
JSON object ({"home": nodes, "articles": [nodes, ...]}) on stdout.

    /usr/bin/python3 checker.py "SCI Research Reader" [TITLE ...] [--text]
"""

import json
import sys
import time

import pyatspi

WAIT_SECONDS = 60  # a busy CI machine can be slow to start Qt; not a speed check


def _node(acc, depth):
    try:
        attrs = dict(a.split(":", 1) for a in acc.getAttributes() if ":" in a)
    except Exception:
        attrs = {}
    actions = []
    try:
        action = acc.queryAction()
        actions = [action.getName(i) for i in range(action.nActions)]
    except NotImplementedError:
        pass
    states = acc.getState()
    text = None
    try:
        t = acc.queryText()
        text = t.getText(0, min(t.characterCount, 400))
    except NotImplementedError:
        pass
    return {
        "depth": depth,
        "role": acc.getRoleName(),
        "name": acc.name or "",
        "description": acc.description or "",
        "attributes": attrs,
        "actions": actions,
        "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
        "focused": states.contains(pyatspi.STATE_FOCUSED),
        "showing": states.contains(pyatspi.STATE_SHOWING),
        "checkable": states.contains(pyatspi.STATE_CHECKABLE),
        "text": text,
    }


def tree(root, depth=0, out=None, limit=2000):
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    out.append((root, _node(root, depth)))
    for i in range(root.childCount):
        child = root.getChildAtIndex(i)
        if child is not None:
            tree(child, depth + 1, out, limit)
    return out


def find_app(name):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name and app.childCount:
                frame = app.getChildAtIndex(0)
                if frame is not None and frame.childCount:
                    return app
        time.sleep(0.3)
    raise SystemExit(f"checker: no application named {name!r} on the AT-SPI bus")


def wait_for(app, test):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        nodes = tree(app)
        if any(test(n) for _a, n in nodes):
            time.sleep(0.5)  # let the page finish building
            return tree(app)
        time.sleep(0.3)
    raise SystemExit("checker: the expected page never appeared")


def showing(nodes):
    return [n for _a, n in nodes if n["showing"] or n["depth"] <= 1]


def press(acc):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    action.doAction(names.index("Press") if "Press" in names else 0)
    # Qt presses with animateClick: the page changes ~100 ms later. Give the
    # change time to finish, so that what is read is the settled page (walking
    # while it changes is stress.py's job; docs/accessibility.md).
    time.sleep(2)


def is_home(n):
    return n["showing"] and n["role"] == "heading" and n["name"] == "Categories"


def open_article(app, home, title):
    cards = [
        a for a, n in home
        if n["showing"] and n["description"] == "Opens the summary" and n["actions"]
    ]  # fmt: skip
    card = next((a for a in cards if a.name.startswith(title)), None) if title else cards[0]
    if card is None:
        raise SystemExit(f"checker: no card for {title!r} on Home")
    press(card)
    return wait_for(app, lambda n: n["showing"] and n["name"].startswith("Back to "))


def main():
    name, titles = sys.argv[1], [a for a in sys.argv[2:] if not a.startswith("--")]
    app = find_app(name)
    home = wait_for(app, is_home)
    result = {"home": showing(home), "articles": []}
    for title in titles or [None]:
        article = open_article(app, home, title)
        result["articles"].append(showing(article))
        home_button = next(a for a, n in article if n["showing"] and n["name"] == "Home")
        press(home_button)
        home = wait_for(app, is_home)
    if "--text" in sys.argv:
        pages = [("home", result["home"])] + [("article", a) for a in result["articles"]]
        for page, nodes in pages:
            print(f"== {page}")
            for n in nodes:
                extra = f" {n['attributes']}" if n["attributes"] else ""
                acts = f" actions={n['actions']}" if n["actions"] else ""
                print(f"{'  ' * n['depth']}[{n['role']}] {n['name']!r}{extra}{acts}")
    else:
        json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
