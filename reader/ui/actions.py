"""The window's commands as QActions with their shortcuts, and the Menu that lists them.

Kept apart from the window shell so that the list of commands (what a
keyboard user can do, and how) reads in one place. The Menu has ten entries
at most, related commands in submenus, so that it stays on a 768-px screen
at 300% text with larger click targets (64 px a line) in one column.
The About and help submenu lists the library's own pages (reader.ui.page_menu),
read when the Menu is about to be shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reader.ui import comfort
from reader.ui import theme as themes
from reader.ui.context import HOME, Location
from reader.ui.page_menu import PageMenu
from reader.ui.qt import QAction, QActionGroup, QKeySequence, QMenu, Qt


@dataclass
class Actions:
    """The window's commands, each one QAction (menu item and key)."""

    back: QAction
    forward: QAction
    home: QAction
    find: QAction
    bigger: QAction
    smaller: QAction
    reset_size: QAction
    check_updates: QAction
    update_file: QAction
    update_folder: QAction
    update_settings: QAction
    bookmarks: QAction
    notes: QAction
    toggle_bookmark: QAction
    print: QAction
    undo: QAction
    next_section: QAction
    previous_section: QAction
    export: QAction
    import_: QAction
    quit: QAction
    line_spacing: QAction
    large_targets: QAction
    themes: QActionGroup
    # The library's pages, in manifest order: filled by the About and help
    # submenu when the Menu is first shown, and kept current (reader.ui.page_menu).
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
        check_updates=action("Check for updates…", lambda: window.updates.web().check()),
        update_file=action("Update library from a file…", window.updates.choose_file, ["Ctrl+U"]),
        update_folder=action("Update library from a folder…", window.updates.choose_folder),
        update_settings=action("Update settings…", lambda: window.updates.web().open_settings()),
        bookmarks=action("Bookmarks", lambda: go(Location("bookmarks")), ["Ctrl+B"]),
        notes=action("My notes", lambda: go(Location("notes")), ["Ctrl+Shift+N"]),
        toggle_bookmark=action("Bookmark this summary", lambda: _bookmark(window), ["Ctrl+D"]),
        print=action("Print or save as PDF…", window.print_current, ["Ctrl+P"]),
        undo=action("Undo remove", lambda: window.current_page().undo(), ["Ctrl+Z"]),
        # While an article is read aloud (the keys of its Previous/Next section buttons).
        next_section=action("Next section", lambda: _reading(window).next_section(), ["Ctrl+]"]),
        previous_section=action(
            "Previous section", lambda: _reading(window).previous_section(), ["Ctrl+["]
        ),
        export=action("Export bookmarks and notes…", window.transfer.export_with_dialog),
        import_=action("Import bookmarks and notes…", window.transfer.import_with_dialog),
        quit=action("Quit", window.close, ["Ctrl+Q"]),
        line_spacing=comfort.checkable(
            action(
                "Wider line spacing (1.5×)",
                lambda: comfort.toggle_line_spacing(window),
                ["Ctrl+Shift+L"],
            ),
            window.prefs.line_spacing > 1,
        ),
        large_targets=comfort.checkable(
            action(
                "Larger click targets",
                lambda: comfort.toggle_large_targets(window),
                ["Ctrl+Shift+T"],
            ),
            window.prefs.large_targets,
        ),
        themes=theme_group,
    )


def _bookmark(window) -> None:
    # Off a summary (a list, Home), Ctrl+D used to do nothing, seen or heard.
    if not window.current_page().toggle_bookmark():
        window.statusBar().showMessage("Open a summary to bookmark it.")


def _reading(window):
    return window.article_page.read_aloud.reading


def _submenu(menu: QMenu, title: str, items) -> QMenu:
    sub = menu.addMenu(title)
    sub.setAccessibleName(title)
    for item in items:
        sub.addAction(item)
    return sub


# What the Menu holds, as its button's description.
MENU_HELP = "Update the library, bookmarks and notes, print, text and theme, about and help"


def build_menu(window, a: Actions) -> tuple[QMenu, PageMenu]:
    """The Menu of `window` (a MainWindow: its library and `navigate`), ten entries,
    and its About and help submenu."""
    menu = QMenu("Menu", window)
    menu.setAccessibleName("Menu")
    _submenu(
        menu, "Update library", (a.check_updates, a.update_file, a.update_folder, a.update_settings)
    )
    for item in (a.bookmarks, a.notes, a.print):
        menu.addAction(item)
    _submenu(menu, "Move bookmarks and notes", (a.export, a.import_))
    menu.addSeparator()
    _submenu(menu, "Text size", (a.bigger, a.smaller, a.reset_size))
    _submenu(menu, "Theme", a.themes.actions())
    _submenu(menu, "Reading comfort", (a.line_spacing, a.large_targets))
    titles = window.library.page_titles
    pages = PageMenu(menu, lambda: window.trouble.read(titles, None), window.navigate, a.pages)
    menu.addMenu(pages)
    menu.aboutToShow.connect(pages.refresh)  # its entry shown only when there are pages
    menu.addSeparator()
    menu.addAction(a.quit)
    return menu, pages
