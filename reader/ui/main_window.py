"""The reader window: toolbar, breadcrumb, the page stack, history, menus.

Navigation is a history of Locations (Back/Forward like a browser). After
every navigation keyboard focus lands on the new page's heading, so a
screen-reader user hears where they are and a keyboard user starts at the top.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.library.store import Library
from reader.core.paths import embedded_bundle_path
from reader.core.personal.store import PersonalData
from reader.core.text.handout import BookmarkLine, article_handout, bookmarks_handout
from reader.core.text.render import is_allowed_link, page_html
from reader.ui import theme as themes
from reader.ui.context import HOME, AppContext, Location
from reader.ui.handout_dialog import HandoutDialog
from reader.ui.pages import ArticlePage, CategoryPage, HomePage, Page, SearchPage, TextPage
from reader.ui.saved_pages import BookmarksPage, NotesPage, SavedListPage
from reader.ui.settings import Preferences
from reader.ui.sync_runner import SyncController
from reader.ui.widgets import ElidedLabel, SafeTextBrowser, WrapRow, button, heading

# Long enough to coalesce a burst of keystrokes, short enough that results
# appear well within 100 ms of the last one.
SEARCH_DELAY_MS = 30
PAGE_IDS = (("about", "About this library"), ("disclaimer", "Disclaimer"),
            ("how-to-read", "How to read a summary"))  # fmt: skip


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path, *, first_start_import: bool = True):
        super().__init__()
        self.data_dir = Path(data_dir)
        self.setWindowTitle("SCI Research Reader")
        self.setAccessibleName("SCI Research Reader")
        self.prefs = Preferences(self.data_dir)
        self.library = Library(self.data_dir)
        self.personal = PersonalData(self.data_dir)
        self.ctx = AppContext(
            self.library, self.personal, self.prefs, self.navigate, self.open_link
        )
        self.history: list[Location] = []
        self.position = -1
        self.last_category: str | None = None
        self.sync_controller: SyncController | None = None
        self.link_prompt: QMessageBox | None = None
        self.disclaimer_dialog: QDialog | None = None
        self.handout_dialog: HandoutDialog | None = None
        self.message_box: QMessageBox | None = None
        self.url_opener = QDesktopServices.openUrl  # the system browser; tests replace it

        self._build_actions()
        self._build_ui()
        self.apply_look()
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._run_search)
        QApplication.instance().installEventFilter(self)
        self.resize(1100, 800)
        self.navigate(HOME)
        self.update_status()
        if first_start_import and self.library.status().library_version is None:
            QTimer.singleShot(0, self.import_embedded_library)
        elif not self.prefs.disclaimer_acknowledged:
            QTimer.singleShot(0, self.show_disclaimer)

    # Building
    def _action(self, text: str, slot, shortcuts=(), name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        if name:
            action.setToolTip(name)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.back_action = self._action("Back", self.go_back, ["Alt+Left"])
        self.forward_action = self._action("Forward", self.go_forward, ["Alt+Right"])
        self.home_action = self._action("Home", lambda: self.navigate(HOME), ["Alt+Home"])
        self.find_action = self._action("Search", self.focus_search, ["Ctrl+F"])
        self.bigger_action = self._action(
            "Larger text", lambda: self.step_scale(+1), ["Ctrl+=", "Ctrl++"]
        )
        self.smaller_action = self._action("Smaller text", lambda: self.step_scale(-1), ["Ctrl+-"])
        self.reset_size_action = self._action(
            "Reset text size", lambda: self.set_scale(1.0), ["Ctrl+0"]
        )
        self.update_file_action = self._action(
            "Update library from a file…", self.choose_update_file, ["Ctrl+U"]
        )
        self.update_folder_action = self._action(
            "Update library from a folder…", self.choose_update_folder
        )
        self.bookmarks_action = self._action(
            "Bookmarks", lambda: self.navigate(Location("bookmarks")), ["Ctrl+B"]
        )
        self.notes_action = self._action(
            "My notes", lambda: self.navigate(Location("notes")), ["Ctrl+Shift+N"]
        )
        self.toggle_bookmark_action = self._action(
            "Bookmark this summary", self.toggle_bookmark, ["Ctrl+D"]
        )
        self.print_action = self._action("Print or save as PDF…", self.print_current, ["Ctrl+P"])
        self.undo_action = self._action("Undo remove", self.undo_remove, ["Ctrl+Z"])
        self.export_action = self._action("Export bookmarks and notes…", self.export_userdata)
        self.import_action = self._action("Import bookmarks and notes…", self.import_userdata)
        self.quit_action = self._action("Quit", self.close, ["Ctrl+Q"])
        self.theme_actions = QActionGroup(self)
        for key, theme in themes.THEMES.items():
            action = QAction(f"{theme.label} theme", self, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _=False, k=key: self.set_theme(k))
            self.theme_actions.addAction(action)
        self.page_actions = [
            self._action(title, lambda _=False, p=pid: self.navigate(Location("page", p)))
            for pid, title in PAGE_IDS
        ]

    def _build_ui(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(6)

        self.toolbar_row = WrapRow("Toolbar")
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
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumWidth(260)
        self.search_field.textEdited.connect(lambda _t: self.search_timer.start())
        self.search_field.returnPressed.connect(self.open_first_result)
        self.bookmarks_button = button("★ Bookmarks", "Bookmarks", "Your saved summaries (Ctrl+B)")
        self.bookmarks_button.clicked.connect(lambda: self.navigate(Location("bookmarks")))
        self.smaller_button = button("A−", "Smaller text", "Make the text smaller (Ctrl+-)")
        self.smaller_button.clicked.connect(lambda: self.step_scale(-1))
        self.bigger_button = button("A+", "Larger text", "Make the text larger (Ctrl+=)")
        self.bigger_button.clicked.connect(lambda: self.step_scale(+1))
        self.reset_button = button("A", "Normal text size", "Reset the text size (Ctrl+0)")
        self.reset_button.clicked.connect(lambda: self.set_scale(1.0))
        self.menu_button = button("Menu", "Menu", "Updates, theme, about and disclaimer")
        self.menu = self._build_menu()
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
        layout.addWidget(self.toolbar_row)

        self.breadcrumb_row = WrapRow("You are here", spacing=4)
        self.breadcrumb = self.breadcrumb_row.flow
        layout.addWidget(self.breadcrumb_row)

        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {
            "home": HomePage(self.ctx),
            "category": CategoryPage(self.ctx),
            "article": ArticlePage(self.ctx),
            "search": SearchPage(self.ctx),
            "page": TextPage(self.ctx),
            "bookmarks": BookmarksPage(self.ctx),
            "notes": NotesPage(self.ctx),
        }
        self.article_page: ArticlePage = self.pages["article"]
        self.article_page.print_button.clicked.connect(self.print_current)
        self.article_page.bookmark.changed.connect(lambda _on: self._bookmarks_changed())
        self.bookmarks_page: BookmarksPage = self.pages["bookmarks"]
        self.bookmarks_page.print_button = button(
            "Print or save the list…", "Print or save the bookmarks list", "A handout of this list"
        )
        self.bookmarks_page.print_button.clicked.connect(self.print_current)
        print_row = QHBoxLayout()
        print_row.addWidget(self.bookmarks_page.print_button)
        print_row.addStretch(1)
        self.bookmarks_page.body.insertLayout(2, print_row)
        for page in self.pages.values():
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_label = QLabel()
        self.status_label.setAccessibleName("Library status")
        self.statusBar().addPermanentWidget(self.status_label, 1)
        self.statusBar().setSizeGripEnabled(False)

    def _build_menu(self) -> QMenu:
        menu = QMenu("Menu", self)
        menu.setAccessibleName("Menu")
        menu.addAction(self.update_file_action)
        menu.addAction(self.update_folder_action)
        menu.addSeparator()
        menu.addAction(self.bookmarks_action)
        menu.addAction(self.notes_action)
        menu.addAction(self.print_action)
        menu.addAction(self.export_action)
        menu.addAction(self.import_action)
        menu.addSeparator()
        size = menu.addMenu("Text size")
        for action in (self.bigger_action, self.smaller_action, self.reset_size_action):
            size.addAction(action)
        theme_menu = menu.addMenu("Theme")
        for action in self.theme_actions.actions():
            theme_menu.addAction(action)
        menu.addSeparator()
        for action in self.page_actions:
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        return menu

    # Look
    def apply_look(self) -> None:
        theme = self.ctx.theme()
        themes.apply(QApplication.instance(), theme, self.ctx.scale())
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == theme.key)
        self.smaller_button.setEnabled(self.ctx.scale() > themes.SCALES[0])
        self.bigger_button.setEnabled(self.ctx.scale() < themes.SCALES[-1])
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.refresh()
        self.toolbar_row.relayout()
        self.breadcrumb_row.relayout()

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

    # Navigation
    def navigate(self, location: Location, *, push: bool = True) -> bool:
        self.article_page.note.flush()
        page = self.pages[location.kind]
        if location.kind == "article":
            ok = page.show_location(location, from_category=self.last_category)
        else:
            ok = page.show_location(location)
        if not ok:
            self.statusBar().showMessage("That page is no longer in the library.", 6000)
            if location != HOME:
                return self.navigate(HOME, push=push)
            return False
        if location.kind == "category":
            self.last_category = location.key
        elif location.kind == "home":
            self.last_category = None
        if push:
            if self.position >= 0 and self.history[self.position] == location:
                pass
            else:
                del self.history[self.position + 1 :]
                self.history.append(location)
                self.position = len(self.history) - 1
        self.stack.setCurrentWidget(page)
        page.scroll_to_top()
        self._update_breadcrumb(location)
        self._update_history_buttons()
        if location.kind != "search":
            page.heading.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def current_location(self) -> Location | None:
        return self.history[self.position] if self.position >= 0 else None

    def go_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.navigate(self.history[self.position], push=False)

    def go_forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self.navigate(self.history[self.position], push=False)

    def _update_history_buttons(self) -> None:
        self.back_button.setEnabled(self.position > 0)
        self.forward_button.setEnabled(self.position < len(self.history) - 1)

    def _crumbs_for(self, location: Location) -> list[tuple[str, Location | None]]:
        if location.kind == "home":
            return [("Home", None)]
        crumbs: list[tuple[str, Location | None]] = [("Home", HOME)]
        page = self.pages[location.kind]
        if location.kind == "category":
            crumbs.append((page.heading.text(), None))
        elif location.kind == "article":
            slug = self.pages["article"].back_category
            category = self.library.category(slug) if slug else None
            if category:
                crumbs.append((category.name, Location("category", category.slug)))
            crumbs.append((page.heading.text(), None))
        elif location.kind in ("search", "page", "bookmarks", "notes"):
            crumbs.append((page.heading.text(), None))
        return crumbs

    def _update_breadcrumb(self, location: Location) -> None:
        while self.breadcrumb.count():
            item = self.breadcrumb.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        crumbs = self._crumbs_for(location)
        for i, (label, target) in enumerate(crumbs):
            if i:
                sep = QLabel("›")
                sep.setMinimumHeight(44)
                sep.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.breadcrumb.addWidget(sep)
            if target is None:
                current = ElidedLabel(label)
                current.setAccessibleName(f"Current page: {label}")
                self.breadcrumb.addWidget(current)
            else:
                crumb = button(label, f"Breadcrumb: {label}", f"Go to {label}", role="crumb")
                crumb.clicked.connect(lambda _=False, t=target: self.navigate(t))
                self.breadcrumb.addWidget(crumb)
        self.breadcrumb_row.relayout()

    # Search
    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def _run_search(self) -> None:
        text = self.search_field.text()
        location = Location("search", text)
        current = self.current_location()
        # Typing refines one history entry instead of adding one per keystroke.
        push = not (current and current.kind == "search")
        if not push:
            self.history[self.position] = location
        self.navigate(location, push=push)
        self.search_field.setFocus()

    def open_first_result(self) -> None:
        if self.search_timer.isActive():
            self.search_timer.stop()
            self._run_search()
        first = self.pages["search"].first_result()
        if first:
            self.navigate(Location("article", first))

    # Links
    def open_link(self, href: str) -> None:
        """http(s) and mailto open outside the app, only after asking; all else is ignored."""
        if not is_allowed_link(href):
            self.statusBar().showMessage("That link cannot be opened.", 4000)
            return
        url = QUrl(href)
        web = url.scheme().lower() in ("http", "https")
        question = (
            f"This opens a web page. Continue?\n\n{href}"
            if web
            else f"This opens your email program. Continue?\n\n{href}"
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Open a web page?" if web else "Write an email?",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAccessibleName("Leave the app?")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._link_answered(box, url))
        self.link_prompt = box
        box.open()

    def _link_answered(self, box: QMessageBox, url: QUrl) -> None:
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            self.url_opener(url)

    # Updates
    def choose_update_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose an update file",
            str(Path.home()),
            "Library updates (*.zip);;All files (*)",
        )
        if path:
            self.start_update(path)

    def choose_update_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Choose an update folder", str(Path.home()))
        if path:
            self.start_update(path)

    def start_update(self, source: str, quiet_success: bool = False) -> SyncController:
        controller = SyncController(self, self.data_dir, source, quiet_success)
        controller.done.connect(self._update_done)
        self.sync_controller = controller
        controller.start()
        return controller

    def import_embedded_library(self) -> None:
        controller = self.start_update(str(embedded_bundle_path()), quiet_success=True)
        controller.done.connect(lambda ok, _m: self.show_disclaimer() if ok else None)

    def _update_done(self, ok: bool, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        if ok:
            self.refresh_all()

    def refresh_all(self) -> None:
        self.update_status()
        location = self.current_location() or HOME
        self.navigate(location, push=False)

    def update_status(self) -> None:
        status = self.library.status()
        if status.library_version is None:
            self.status_label.setText("Library: empty")
            return
        when = (status.last_synced or "")[:10]
        text = f"Library version {status.library_version} · Last updated {when}"
        if status.expires and status.expires < (status.last_synced or ""):
            text += " · This content may be out of date"
        self.status_label.setText(text)

    # Personal data
    def current_page(self) -> Page:
        return self.stack.currentWidget()

    def toggle_bookmark(self) -> None:
        if self.current_page() is self.article_page and self.article_page.article:
            self.article_page.bookmark.toggle_bookmark()

    def _bookmarks_changed(self) -> None:
        category = self.pages["category"]
        if category.model is not None:
            category.model.refresh_marks()

    def undo_remove(self) -> None:
        page = self.current_page()
        if isinstance(page, SavedListPage):
            page.undo()

    def print_current(self) -> None:
        page = self.current_page()
        if page is self.article_page and page.article:
            article = page.article
            page.note.flush()
            note = self.personal.get_note(article.id)
            self.handout_dialog = HandoutDialog(
                self,
                article.title,
                lambda with_notes: article_handout(article, note.text if with_notes else None),
                has_notes=note is not None,
            )
        elif page is self.bookmarks_page:
            bookmarks = self.personal.list_bookmarks()
            self.handout_dialog = HandoutDialog(
                self, "Bookmarks", lambda _n: bookmarks_handout(self._bookmark_lines(bookmarks))
            )
        else:
            self.statusBar().showMessage("Open a summary or the Bookmarks page to print it.", 6000)
            return
        self.handout_dialog.saved.connect(
            lambda path: self.statusBar().showMessage(f"Saved {path}", 10000)
        )
        self.handout_dialog.open()

    def _bookmark_lines(self, bookmarks) -> list[BookmarkLine]:
        lines = []
        for b in bookmarks:
            article = self.library.get_article(b.article_id)
            source = None
            if article is not None:
                source = ", ".join(p for p in (article.journal, str(article.year or "")) if p)
            lines.append(
                BookmarkLine(
                    title=b.title,
                    saved=b.created[:10],
                    doi=article.doi if article else None,
                    source=source or None,
                    available=article is not None,
                )
            )
        return lines

    def export_userdata(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export bookmarks and notes",
            str(Path.home() / "sci-reader-personal-data.json"),
            "Personal data (*.json)",
        )
        if path:
            self.export_userdata_to(Path(path))

    def export_userdata_to(self, path: Path) -> str:
        try:
            # force: the file dialog asked before replacing a file (never the data folder's)
            counts = self.personal.export_file(path, force=True)
        except ReaderError as exc:
            return self._tell("Export did not work", f"{exc}. Nothing was written.", False)
        b, f, n = counts.bookmarks, counts.feedback, counts.notes
        message = (
            f"Saved {b} bookmark{'s' * (b != 1)}, {f} feedback answer{'s' * (f != 1)} "
            f"and {n} note{'s' * (n != 1)} to {path}."
        )
        return self._tell("Export finished", message, True)

    def import_userdata(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import bookmarks and notes", str(Path.home()), "Personal data (*.json)"
        )
        if path:
            self.import_userdata_from(Path(path))

    def import_userdata_from(self, path: Path) -> str:
        try:
            result = self.personal.import_file(path)
        except ReaderError as exc:
            return self._tell(
                "This file cannot be imported",
                f"{exc}.\n\nNothing was changed: your bookmarks and notes are as they were.",
                False,
            )
        message = (
            f"{result.bookmarks} bookmark{'s' * (result.bookmarks != 1)}, "
            f"{result.notes} note{'s' * (result.notes != 1)} and "
            f"{result.feedback} feedback answer{'s' * (result.feedback != 1)} added."
        )
        self.refresh_all()
        return self._tell("Import finished", message, True)

    def _tell(self, title: str, message: str, ok: bool) -> str:
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        box.setAccessibleDescription(message)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.message_box = box
        box.open()
        self.statusBar().showMessage(message, 10000)
        return message

    # Disclaimer
    def show_disclaimer(self) -> None:
        if self.prefs.disclaimer_acknowledged or self.disclaimer_dialog is not None:
            return
        page = self.library.get_page("disclaimer")
        dialog = QDialog(self)
        dialog.setWindowTitle("Before you start")
        dialog.setAccessibleName("Disclaimer")
        dialog.setModal(True)
        layout = QVBoxLayout(dialog)
        layout.addWidget(heading(page.title if page else "Disclaimer"))
        text = SafeTextBrowser(fit_height=False)
        text.setAccessibleName("Disclaimer text")
        text.set_document_html(
            self.ctx.css(),
            page_html(page.body)
            if page
            else "<p>These summaries are not medical advice. Talk to your care team "
            "before changing any treatment.</p>",
        )
        layout.addWidget(text, 1)
        ok = button("I understand", "I understand", "Close the disclaimer", role="primary")
        ok.clicked.connect(dialog.accept)
        layout.addWidget(ok)
        dialog.accepted.connect(self._disclaimer_acknowledged)
        dialog.resize(720, 560)
        self.disclaimer_dialog = dialog
        dialog.open()
        ok.setFocus()

    def _disclaimer_acknowledged(self) -> None:
        self.prefs.disclaimer_acknowledged = True
        self.disclaimer_dialog = None

    # Keys and mouse
    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Reaches the window only when the focused widget did not use the key,
        # so "/" and Backspace never steal typing from a text field.
        if event.key() == Qt.Key.Key_Slash and not event.modifiers():
            self.focus_search()
            return
        if event.key() == Qt.Key.Key_Backspace and not _is_text_input(self.focusWidget()):
            self.go_back()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and self.isActiveWindow():
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return False

    def closeEvent(self, event) -> None:
        self.article_page.note.flush()
        QApplication.instance().removeEventFilter(self)
        if self.sync_controller is not None and self.sync_controller.worker.isRunning():
            self.sync_controller.cancel()
            self.sync_controller.worker.wait()
        self.library.close()
        self.personal.close()
        super().closeEvent(event)


def _is_text_input(widget: QWidget | None) -> bool:
    return isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) and not (
        isinstance(widget, QTextEdit) and widget.isReadOnly()
    )
