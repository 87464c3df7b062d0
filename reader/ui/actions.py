"""The window's commands as QActions with their shortcuts, and the Menu that lists them.

Kept apart from the window shell so that the list of commands (what a
keyboard user can do, and how) reads in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reader.ui import theme as themes
from reader.ui.context import HOME, Location
from reader.ui.qt import QAction, QActionGroup, QKeySequence, QMenu, Qt, QWidget

PAGE_IDS = (("about", "About this library"), ("disclaimer", "Disclaimer"),
            ("how-to-read", "How to read a summary"))  # fmt: skip


@dataclass
class Actions:
    back: QAction
    forward: QAction
    home: QAction
    find: QAction
    bigger: QAction
    smaller: QAction
    reset_size: QAction
    update_file: QAction
    update_folder: QAction
    bookmarks: QAction
    notes: QAction
    toggle_bookmark: QAction
    print: QAction
    undo: QAction
    export: QAction
    import_: QAction
    quit: QAction
    themes: QActionGroup
    pages: list[QAction] = field(default_factory=list)


def build_actions(window) -> Actions:
    """The window's actions, each bound to one of `window`'s methods."""

    def action(text: str, slot: Callable, shortcuts=()) -> QAction:
        a = QAction(text, window)
        if shortcuts:
            a.setShortcuts([QKeySequence(s) for s in shortcuts])
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.triggered.connect(slot)
        window.addAction(a)
        return a

    go = window.navigate
    theme_group = QActionGroup(window)
    for key, theme in themes.THEMES.items():
        t = QAction(f"{theme.label} theme", window, checkable=True)
        t.setData(key)
        t.triggered.connect(lambda _=False, k=key: window.set_theme(k))
        theme_group.addAction(t)
    return Actions(
        back=action("Back", window.go_back, ["Alt+Left"]),
        forward=action("Forward", window.go_forward, ["Alt+Right"]),
        home=action("Home", lambda: go(HOME), ["Alt+Home"]),
        find=action("Search", window.focus_search, ["Ctrl+F"]),
        bigger=action("Larger text", lambda: window.step_scale(+1), ["Ctrl+=", "Ctrl++"]),
        smaller=action("Smaller text", lambda: window.step_scale(-1), ["Ctrl+-"]),
        reset_size=action("Reset text size", lambda: window.set_scale(1.0), ["Ctrl+0"]),
        update_file=action("Update library from a file…", window.updates.choose_file, ["Ctrl+U"]),
        update_folder=action("Update library from a folder…", window.updates.choose_folder),
        bookmarks=action("Bookmarks", lambda: go(Location("bookmarks")), ["Ctrl+B"]),
        notes=action("My notes", lambda: go(Location("notes")), ["Ctrl+Shift+N"]),
        toggle_bookmark=action(
            "Bookmark this summary", lambda: window.current_page().toggle_bookmark(), ["Ctrl+D"]
        ),
        print=action("Print or save as PDF…", window.print_current, ["Ctrl+P"]),
        undo=action("Undo remove", lambda: window.current_page().undo(), ["Ctrl+Z"]),
        export=action("Export bookmarks and notes…", window.transfer.export_with_dialog),
        import_=action("Import bookmarks and notes…", window.transfer.import_with_dialog),
        quit=action("Quit", window.close, ["Ctrl+Q"]),
        themes=theme_group,
        pages=[
            action(title, lambda _=False, p=pid: go(Location("page", p))) for pid, title in PAGE_IDS
        ],
    )


def build_menu(parent: QWidget, a: Actions) -> QMenu:
    menu = QMenu("Menu", parent)
    menu.setAccessibleName("Menu")
    menu.addAction(a.update_file)
    menu.addAction(a.update_folder)
    menu.addSeparator()
    for item in (a.bookmarks, a.notes, a.print, a.export, a.import_):
        menu.addAction(item)
    menu.addSeparator()
    size = menu.addMenu("Text size")
    size.setAccessibleName("Text size")  # a submenu is otherwise named after the window
    for item in (a.bigger, a.smaller, a.reset_size):
        size.addAction(item)
    theme_menu = menu.addMenu("Theme")
    theme_menu.setAccessibleName("Theme")
    for item in a.themes.actions():
        theme_menu.addAction(item)
    menu.addSeparator()
    for item in a.pages:
        menu.addAction(item)
    menu.addSeparator()
    menu.addAction(a.quit)
    return menu
