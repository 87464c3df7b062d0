"""What a screen reader gets, read from the real AT-SPI bus (Orca's view of the window).

The app runs as a subprocess under Xvfb with its own session bus and
accessibility bus (tests/ui/atspi/session.py); the system Python, which has
pyatspi, reads the tree on Home and on two articles (tests/ui/atspi/checker.py).
Skipped only when those system tools are missing (.ci/run installs them).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui import library_content as content

HERE = Path(__file__).resolve().parent
TOOLS = ("dbus-run-session", "Xvfb")
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _missing_tools() -> str | None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    missing += [str(p) for p in (BUS_LAUNCHER, SYSTEM_PYTHON) if not p.exists()]
    if not missing:
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
        if probe.returncode:
            missing.append("python3-pyatspi (import pyatspi in /usr/bin/python3)")
    return ", ".join(missing) or None


def needs_tools() -> None:
    missing = _missing_tools()
    if missing:
        pytest.skip(f"AT-SPI tools not installed: {missing} (see .ci/run)")


def copied_library(folder: Path, ui_bundles) -> Path:
    """The test library copied into `folder`/data, the disclaimer acknowledged."""
    from tests.ui.helpers import set_prefs

    data = folder / "data"
    shutil.copytree(ui_bundles.template, data)
    set_prefs(data)
    return data


def session_output(*args: str, app_stays: bool = False):
    """session.py run with `args` on a session bus of its own: what it printed (JSON).
    `app_stays`: the app must still be running when the reading ends (some
    sessions end by pressing Quit)."""
    session = [sys.executable, str(HERE / "atspi" / "session.py"), *args]
    run = subprocess.run(
        ["dbus-run-session", "--", *session], capture_output=True, text=True, timeout=300
    )
    assert not app_stays or "exited early" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def tree(tmp_path_factory, ui_bundles) -> dict:
    needs_tools()
    data = copied_library(tmp_path_factory.mktemp("atspi"), ui_bundles)
    return session_output(str(data), content.FULL_TITLE, content.LINKS_TITLE)


def _by_role(nodes: list[dict], role: str) -> list[dict]:
    return [n for n in nodes if n["role"] == role and n["showing"]]


def _named(nodes: list[dict], name: str) -> dict:
    found = [n for n in nodes if n["name"] == name and n["showing"]]
    assert found, f"nothing named {name!r}"
    return found[0]


def test_home_has_a_toolbar_headings_with_levels_and_named_buttons(tree):
    home = tree["home"]
    (toolbar,) = _by_role(home, "tool bar")
    assert toolbar["name"] == "Toolbar"
    headings = [(n["name"], n["attributes"].get("level")) for n in _by_role(home, "heading")]
    assert headings[0] == (content.TITLE, "1")
    assert ("Latest research", "2") in headings and ("Categories", "2") in headings
    for name in ("Home", "Bookmarks", "A+ Larger text", "A− Smaller text", "Menu"):
        assert _named(home, name)["role"] == "push button", name
    assert _named(home, "Search summaries")["role"] == "text"
    unnamed = [n for n in home if n["role"] == "push button" and not n["name"]]
    assert unnamed == []  # the search field's clear button is gone, nothing else unnamed
    cards = [n for n in home if n["description"] == "Opens the summary"]
    assert cards and all("Press" in n["actions"] for n in cards)


def test_the_library_status_is_read_with_its_text(tree):
    (status,) = _by_role(tree["home"], "status bar")
    labels = [n["name"] for n in tree["home"] if n["name"].startswith("Library status")]
    assert status["name"] == "Status"
    assert labels == [f"Library status: Library version 1 · Last updated {labels[0][-10:]}"]


def test_an_article_has_section_headings_radio_buttons_and_a_toggle(tree):
    full = tree["articles"][0]
    headings = [(n["name"], n["attributes"].get("level")) for n in _by_role(full, "heading")]
    assert headings[0] == (content.FULL_TITLE, "1")
    for section in ("Simple Explanation", "Key Findings", "Practical Implications"):
        assert (section, "2") in headings, section
    assert ("Talk to your team", "3") in headings  # a ### block
    assert ("Was this summary helpful?", "2") in headings
    (group,) = [n for n in _by_role(full, "panel") if n["name"] == "Was this summary helpful?"]
    radios = [n for n in full if n["role"] == "radio button"]
    assert [n["name"] for n in radios] == ["Yes, it helped", "No, it did not"]
    assert all(n["depth"] == group["depth"] + 1 for n in radios)  # inside the group
    bookmark = _named(full, "Bookmark")
    assert bookmark["role"] == "push button" and bookmark["checkable"]
    assert bookmark["actions"][0] == "Toggle"
    assert _named(full, "You are here")["role"] == "panel"
    assert _named(full, "Breadcrumb: Home")["role"] == "push button"


def test_links_in_article_text_are_objects_a_screen_reader_can_press(tree):
    links = tree["articles"][1]
    found = [(n["name"], n["actions"]) for n in _by_role(links, "link")]
    # In reading order: the Simple Explanation's links, then the Evidence card's.
    assert found == [
        ("c", ["Press", "SetFocus"]),
        ("d", ["Press", "SetFocus"]),
        ("What does this mean?", ["Press", "SetFocus"]),
    ]


def test_no_qt_role_reaches_at_spi_as_a_toggle_button_or_a_landmark():
    """Why the Bookmark is a pressed push button and the breadcrumb a named panel.

    role_probe.py shows one button per QAccessible role; role_reader.py reads
    what each becomes on the bus (docs/accessibility.md has the table). When
    a Qt maps a role to "toggle button" or "landmark", this fails: use it.
    """
    needs_tools()
    roles = session_output("--roles")
    assert len(roles) >= 70  # every role but the frame's own
    reached = {found["role"] for found in roles.values()}
    assert "toggle button" not in reached and "landmark" not in reached
    assert roles["Switch"]["role"] == "check box"  # Qt 6.10's Switch is not one either
    on = {"role": "push button", "pressed": True, "checked": True}
    assert roles["PushButton"] == on  # what the Bookmark is when on
    assert roles["Pane"]["role"] == roles["Grouping"]["role"] == "panel"
    assert roles["ComplementaryContent"]["role"] == "section"


def test_the_damaged_file_box_names_all_it_shows(tmp_path):
    """The box a damaged personal data file brings at start (damaged_file_dialog.py):
    an alert named by its title, its words, its two buttons, and nothing unnamed
    (before, its warning icon and the panel holding the buttons had no name)."""
    needs_tools()
    from tests.damaged_files import damaged_personal_file
    from tests.ui.helpers import set_prefs

    data = tmp_path / "data"
    data.mkdir()
    damaged_personal_file(data)
    set_prefs(data)
    box = [n for n in session_output("--damaged", str(data))["box"] if n["depth"] >= 1]
    assert box[0]["role"] == "alert"
    assert box[0]["name"] == "SCI Research Reader: bookmarks and notes"
    labels = [n["name"] for n in box if n["role"] == "label"]
    assert "Your bookmarks and notes file is damaged and cannot be read." in labels
    assert any(name.startswith("You can go on reading") for name in labels)
    buttons = [(n["name"], "Press" in n["actions"]) for n in box if n["role"] == "push button"]
    assert buttons == [("Start a new file", True), ("Quit", True)]
    assert [(n["role"], n["name"]) for n in box if not n["name"].strip()] == []


GONE = ("gone-from-the-library", "A paper a library update withdrew")
LAYOUT_ROLES = ("filler", "layered pane")  # layout boxes: screen readers pass through them


@pytest.fixture(scope="module")
def saved(tmp_path_factory, ui_bundles) -> dict:
    """A withdrawn summary's note, then the notice of a library that cannot be read."""
    needs_tools()
    from reader.core.personal.store import PersonalData

    data = copied_library(tmp_path_factory.mktemp("atspi-saved"), ui_bundles)
    with PersonalData(data) as personal:
        personal.add_bookmark(*GONE, "2026-01-01T00:00:00Z")
        personal.set_note(*GONE, "What I wanted to ask about it.")
    return session_output("--withdrawn", str(data))


def _unnamed(nodes: list[dict]) -> list[str]:
    return [n["role"] for n in nodes if n["role"] not in LAYOUT_ROLES and not n["name"].strip()]


def test_a_withdrawn_note_is_a_heading_its_state_and_named_buttons(saved):
    page = saved["withdrawn"]
    headings = [(n["name"], n["attributes"].get("level")) for n in _by_role(page, "heading")]
    assert headings[0] == (GONE[1], "1")
    assert any(n["name"].startswith("This summary is no longer available") for n in page)
    for name in ("Copy note", "Print or save as PDF", "Delete note"):
        found = _named(page, name)
        assert found["role"] == "push button" and "Press" in found["actions"], name
    note = _named(page, "Your notes (only on this computer)")
    assert note["role"] == "heading"
    assert [n for n in _by_role(page, "text") if n["name"] == note["name"]]  # the box too
    assert _unnamed(page) == []


def test_the_library_notice_reads_its_words_then_try_again_then_hide(saved):
    nodes = saved["trouble"]
    (notice,) = [n for n in _by_role(nodes, "panel") if n["name"].startswith("Notice: ")]
    after = nodes[nodes.index(notice) + 1 :]
    inside = after[: next(i for i, n in enumerate(after) if n["depth"] <= notice["depth"])]
    words = notice["name"].removeprefix("Notice: ")
    assert [(n["role"], n["name"]) for n in inside if n["depth"] == notice["depth"] + 1] == [
        ("label", words),
        ("push button", "Try again"),
        ("push button", "Hide this notice"),
    ]
    assert "library file is missing" in notice["name"]
    assert "Press" in _named(nodes, "Try again")["actions"]
    assert _unnamed(nodes) == []


LONG_PAGE = "A page title a publisher chose to explain how the clinic keeps and reviews it, " * 2


def test_about_and_help_entries_are_menu_items_named_by_their_titles(tmp_path):
    """Menu > About and help, met by the focus (docs/accessibility.md): each page a
    menu item named by its title, "&" as written; a title too long for the screen
    is heard cut with "…" (Qt names an entry by its text), its start kept."""
    needs_tools()
    from reader.core.library.sync import sync
    from tests.bundles import bundle_spec
    from tests.ui.helpers import set_prefs

    pages = {
        "about": ("About this library", "## Who\n\nA library.\n"),
        "terms": ("Terms & conditions", "## Terms\n\nThe terms.\n"),
        "long": (LONG_PAGE.strip(), "## Long\n\nA long title.\n"),
    }
    data = tmp_path / "data"
    sync(data, bundle_spec(pages=pages, version=1).write(tmp_path / "bundle", "dir"))
    set_prefs(data)
    heard = session_output("--menu", str(data))
    assert all(role == "menu item" and name.strip() for role, name in heard), heard
    names = [name for _role, name in heard]
    assert "About and help" in names
    entries = names[names.index("About and help") + 1 :][:3]
    assert entries[:2] == ["About this library", "Terms & conditions"]
    assert entries[2].endswith("…") and LONG_PAGE.startswith(entries[2][:-1])


def test_a_list_the_focus_reaches_says_which_summary_is_current(tmp_path, ui_bundles):
    """A category opened, then Shift+Tab and Tab back (list_reader.py): each time the
    list gets the focus, its current summary is heard next. Before, only "Summaries
    in this category, list" was: Down then read the second summary, the first unheard."""
    needs_tools()
    heard = session_output("--list", str(copied_library(tmp_path, ui_bundles)))
    lists = [i for i, (role, _name) in enumerate(heard) if role == "list"]
    assert len(lists) == 2, heard  # opened, and back with Tab
    assert lists[0] == 0, heard  # straight there: not the toolbar's Home, then the heading
    for i in lists:
        assert heard[i][1] == "Summaries in this category"
        assert heard[i + 1][0] == "list item", heard
        assert heard[i + 1][1] == heard[lists[0] + 1][1] != ""  # the same, first card
