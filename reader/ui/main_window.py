"""The window shell: toolbar, menu, breadcrumb row, status bar, the look, keys and mouse.

It builds the rooms and wires them together, and does little itself:
navigation and history are `navigation.Navigator`, updates `updates.Updates`,
moving personal data `personal_transfer.PersonalTransfer`, printing the
current page's `handout()` through `handout_dialog`. Pages are asked through
their `Page` methods and signals only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.library.private_copy import window_library
from reader.ui import theme as themes
from reader.ui.actions import MENU_HELP, build_actions, build_menu
from reader.ui.branding import name_window
from reader.ui.context import HOME, AppContext, Location
from reader.ui.focus import is_text_input
from reader.ui.kiosk import attach_kiosk, visit_stores
from reader.ui.library_trouble import LibraryTrouble
from reader.ui.mouse_buttons import MouseBackForward
from reader.ui.navigation import Breadcrumb, Navigator
from reader.ui.pages import Page, PageSet
from reader.ui.personal_transfer import PersonalTransfer
from reader.ui.qt import (
    QApplication,
    QDesktopServices,
    QKeyEvent,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from reader.ui.screen_fit import fit_to_screen
from reader.ui.search_warmup import ReadAheadOnFocus
from reader.ui.status_line import StatusLine
from reader.ui.toolbar import ToolbarRow
from reader.ui.updates import Updates, never_synced, show_library_status
from reader.ui.widgets import button

if TYPE_CHECKING:  # made or imported on first use: the window opens without them
    from reader.ui.article_page import ArticlePage
    from reader.ui.handout_dialog import HandoutDialog
    from reader.ui.qt import QDialog, QMessageBox
    from reader.ui.saved_pages import BookmarksPage
    from reader.ui.sync_runner import SyncController

# Long enough to coalesce a burst of keystrokes, short enough that results
# appear well within 100 ms of the last one.
SEARCH_DELAY_MS = 30


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path, *, first_start_import=True, clinic=None, kiosk=False):
        super().__init__()
        self.data_dir = Path(data_dir)
        name_window(self)  # title, accessible name, icon (reader.core.identity)
        self.library = window_library(self.data_dir)  # read-only, or a private copy: said
        self.trouble = LibraryTrouble(self, self.library)  # every read at run time: guarded
        self.prefs, self.personal = visit_stores(self.data_dir, clinic, kiosk)  # kiosk: in memory
        self.ctx = AppContext(
            self.library,
            self.personal,
            self.prefs,
            self.navigate,
            self.open_link,
            read=self.trouble.read,
        )
        self.link_prompt: QMessageBox | None = None
        self.disclaimer_dialog: QDialog | None = None
        self.handout_dialog: HandoutDialog | None = None
        self.message_box: QMessageBox | None = None
        self.url_opener = QDesktopServices.openUrl  # the system browser; tests replace it
        self.updates = Updates(self, self.library.data_dir, clinic)  # clinic: its signatures
        self.updates.finished.connect(self._update_done)
        self.transfer = PersonalTransfer(self, self.personal, self.tell, self.refresh_all,
                                         lambda: self.pages.save_typing())  # fmt: skip
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)

        self.commands = build_actions(self)
        self._build_ui()
        self.mouse_buttons = MouseBackForward(self)
        app = QApplication.instance()  # a logout closes no window (Qt 6): save then too
        app.commitDataRequest.connect(self._ending)
        app.aboutToQuit.connect(self._ending)
        self.kiosk = attach_kiosk(self, clinic, kiosk)
        self.apply_look()
        fit_to_screen(self)
        self.navigate(HOME)
        self.update_status()
        if first_start_import and self.trouble.read(lambda: never_synced(self.library), False):
            QTimer.singleShot(0, self.import_embedded_library)
        elif not self.prefs.disclaimer_acknowledged:
            QTimer.singleShot(0, self.show_disclaimer)

    # Building
    def _build_ui(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(6)
        self._build_toolbar()
        layout.addWidget(self.toolbar_row)

        self.breadcrumb_row = Breadcrumb(self.navigate)
        self.breadcrumb = self.breadcrumb_row.flow
        layout.addWidget(self.breadcrumb_row)

        self.stack = QStackedWidget()
        self.pages = PageSet(self.ctx, self._page_made)  # each page made on its first visit
        self.navigator = Navigator(
            self.ctx,
            self.pages,
            self.stack,
            self.breadcrumb_row,
            self.back_button,
            self.forward_button,
        )
        self.navigator.missing.connect(lambda text: self.statusBar().showMessage(text, 6000))
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.setStatusBar(StatusLine(self))  # messages stay until the next action
        self.status_label = self.statusBar().library_label
        self.statusBar().notices.focus_released.connect(  # as after a move
            lambda: self.current_page().first_focus().setFocus()
        )

    def _page_made(self, page: Page) -> None:
        self.stack.addWidget(page)
        self.navigator.follower.watch(page.scroll)
        page.print_requested.connect(self.print_current)
        page.personal_changed.connect(self._personal_changed)

    @property
    def article_page(self) -> ArticlePage:
        return self.pages["article"]

    @property
    def bookmarks_page(self) -> BookmarksPage:
        return self.pages["bookmarks"]

    def _build_toolbar(self) -> None:
        self.toolbar_row = ToolbarRow("Toolbar")
        self.toolbar = self.toolbar_row.flow
        self.back_button = button("◀ Back", "Back", "Go back to the previous page (Alt+Left)")
        self.back_button.clicked.connect(self.go_back)
        self.forward_button = button("Forward ▶", "Forward", "Go forward again (Alt+Right)")
        self.forward_button.clicked.connect(self.go_forward)
        self.home_button = button("Home", "Home", "Go to the home page (Alt+Home)")
        self.home_button.clicked.connect(lambda: self.navigate(HOME))
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search summaries")
        self.search_field.setAccessibleName("Search summaries")
        self.search_field.setAccessibleDescription(
            "Results appear as you type. Press Enter to open the first result (Ctrl+F or /)"
        )
        # No clear button: Qt's has no name and no place in the accessibility tree.
        self.search_field.setMinimumWidth(260)
        self.search_field.textEdited.connect(lambda _t: self.search_timer.start())
        self.read_ahead = ReadAheadOnFocus(self.search_field, self.library)
        self.search_field.returnPressed.connect(self.open_first_result)
        self.bookmarks_button = button("★ Bookmarks", "Bookmarks", "Your saved summaries (Ctrl+B)")
        self.bookmarks_button.clicked.connect(lambda: self.navigate(Location("bookmarks")))
        self.smaller_button = button("A−", "A− Smaller text", "Make the text smaller (Ctrl+-)")
        self.smaller_button.clicked.connect(lambda: self.step_scale(-1))
        self.bigger_button = button("A+", "A+ Larger text", "Make the text larger (Ctrl+=)")
        self.bigger_button.clicked.connect(lambda: self.step_scale(+1))
        self.reset_button = button("A", "A Normal text size", "Reset the text size (Ctrl+0)")
        self.reset_button.clicked.connect(lambda: self.set_scale(1.0))
        self.menu_button = button("Menu", "Menu", MENU_HELP)
        self.menu, self.page_menu = build_menu(self, self.commands)
        self.menu_button.setMenu(self.menu)
        for widget in (
            self.back_button,
            self.forward_button,
            self.home_button,
            self.search_field,
            self.bookmarks_button,
            self.smaller_button,
            self.bigger_button,
            self.reset_button,
            self.menu_button,
        ):
            self.toolbar.addWidget(widget)

    # Look
    def apply_look(self) -> None:
        theme = self.ctx.theme()
        with self.mouse_buttons.paused(), self.navigator.new_look():
            themes.apply(QApplication.instance(), self.ctx.look(), self)
            for action in self.commands.themes.actions():
                action.setChecked(action.data() == theme.key)
            # The menu's check marks say the look in force, also after a kiosk's reset.
            self.commands.line_spacing.setChecked(self.prefs.line_spacing > 1)
            self.commands.large_targets.setChecked(self.prefs.large_targets)
            self.smaller_button.setEnabled(self.ctx.scale() > themes.SCALES[0])
            self.bigger_button.setEnabled(self.ctx.scale() < themes.SCALES[-1])
            current = self.stack.currentWidget()
            if isinstance(current, Page):
                current.restyle()

    def set_theme(self, key: str) -> None:
        self.prefs.theme = key
        self.apply_look()
        self.statusBar().showMessage(f"{themes.THEMES[key].label} theme", 4000)

    def set_scale(self, scale: float) -> None:
        self.prefs.scale = scale
        self.apply_look()
        self.statusBar().showMessage(f"Text size {round(self.ctx.scale() * 100)}%", 4000)

    def step_scale(self, step: int) -> None:
        scales = themes.SCALES
        index = scales.index(self.ctx.scale()) + step
        self.set_scale(scales[max(0, min(len(scales) - 1, index))])

    # Navigation and search (the Navigator does the work)
    def navigate(self, location: Location, *, push: bool = True) -> bool:
        return self.navigator.navigate(location, push=push)

    @property
    def history(self) -> list[Location]:
        return self.navigator.history

    def current_location(self) -> Location | None:
        return self.navigator.current_location()

    def current_page(self) -> Page:
        return self.navigator.current_page()

    def go_back(self) -> None:
        self.navigator.go_back()

    def go_forward(self) -> None:
        self.navigator.go_forward()

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def run_search(self) -> None:
        """The pause after a keystroke is over: show results for the field's text."""
        self.search_timer.stop()
        self.navigator.search(self.search_field.text())
        self.search_field.setFocus()

    def open_first_result(self) -> None:
        if self.search_timer.isActive():
            self.run_search()
        first = self.pages["search"].first_result()
        if first:
            self.navigate(Location("article", first))

    def _personal_changed(self) -> None:
        for page in self.pages.values():
            page.marks_changed()

    # Updates
    @property
    def sync_controller(self) -> SyncController | None:
        return self.updates.controller

    def import_embedded_library(self) -> None:
        controller = self.updates.import_embedded()
        controller.done.connect(lambda ok, _m: self.show_disclaimer() if ok else None)

    def _update_done(self, ok: bool, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        if ok:
            self.refresh_all()

    def refresh_all(self) -> None:
        self.update_status()
        self.page_menu.refresh()  # a sync may have brought, renamed or withdrawn pages
        self.navigator.show_again()

    def update_status(self) -> None:
        show_library_status(self)  # the version, and the notice when it may be out of date

    # Printing, messages, links, disclaimer
    def print_current(self) -> None:
        from reader.ui.handout_dialog import print_page  # printing: not at start

        print_page(self)

    def tell(self, title: str, message: str, ok: bool) -> str:
        from reader.ui import dialogs

        self.message_box = dialogs.tell(self, title, message, ok)
        self.statusBar().showMessage(message, 10000)
        return message

    def open_link(self, href: str) -> None:
        """http(s) and mailto open outside the app, only after asking; all else is ignored."""
        from reader.ui import dialogs

        box = dialogs.ask_to_open(self, href, lambda url: self.url_opener(url))
        if box is None:
            self.statusBar().showMessage("That link cannot be opened.", 4000)
        else:
            self.link_prompt = box

    def show_disclaimer(self) -> None:
        if self.prefs.disclaimer_acknowledged or self.disclaimer_dialog is not None:
            return
        from reader.ui import dialogs

        page = self.trouble.read(lambda: self.library.get_page("disclaimer"), False)
        if page is False:
            return  # not acknowledged: shown at the next start
        # Answered: acknowledged in the preferences, or the app closed (dialogs.py).
        self.disclaimer_dialog = dialogs.disclaimer_dialog(self, page, self.ctx.css())

    # Keys and mouse
    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Reaches the window only when the focused widget did not use the key,
        # so "/" and Backspace never steal typing from a text field.
        if event.key() == Qt.Key.Key_Slash and not event.modifiers():
            self.focus_search()
            return
        if event.key() == Qt.Key.Key_Backspace and not is_text_input(self.focusWidget()):
            self.go_back()
            return
        super().keyPressEvent(event)

    def _ending(self) -> None:  # no argument: a test's logout sends no session manager
        if self.isVisible():  # else closeEvent saved, and closed the files
            self.pages.save_typing(last_chance=True)

    def closeEvent(self, event) -> None:
        self.pages.closing()
        self.mouse_buttons.stop()
        self.updates.stop()
        self.library.close()
        self.personal.close()
        super().closeEvent(event)
