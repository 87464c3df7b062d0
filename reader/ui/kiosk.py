"""Clinic kiosk mode: a waiting-room machine that patients use in turn and cannot leave.

Turned on by `--kiosk` or `kiosk = true` in the clinic configuration. Then:

- the window is full screen with no frame; closing it (the close button,
  Alt+F4, the window manager) and minimising it are refused, and a window
  manager that hides it (shows the desktop, another workspace) is undone;
- no command opens a file dialog, an update, an export or import, Quit, or
  (with `allow_print = false`) printing: those actions are hidden and their
  shortcuts off; printing goes straight to the clinic's printer
  (`HandoutDialog` offers no PDF file in kiosk mode, and `ctx.paper_only`
  has every Print button and the menu say "Print", never "save as PDF");
- web addresses are shown as text, never opened: the DOI button is hidden,
  and a link in a summary puts its address in the status line;
- an empty library (`ctx.updates_offered`) or one that cannot be read
  (`library_trouble`) asks the visitor to tell the staff, not to update it;
- bookmarks, feedback and notes live in memory (`PersonalData(in_memory=True)`)
  and text size and theme in `VisitPreferences`: nothing about a visitor is
  written, neither `userdata.sqlite3` nor `settings.ini`;
- after `idle_timeout_seconds` without input, "Are you still reading?"
  (`idle_prompt`); when nobody answers, `reset()` clears the visit;
- the admin key sequence ADMIN_KEYS (Ctrl+Alt+Shift+K: four keys at once,
  which no one presses by chance) opens the staff PIN prompt (`pin_dialog`).

The operating system's part (restarting the app if it ever exits, no
desktop behind it) is in docs/clinic-deployment.md.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.config import ClinicConfig
from reader.core.config_keys import IDLE_PROMPT_MIN
from reader.core.paths import opened_for_the_window
from reader.core.personal.store import PersonalData
from reader.ui.context import HOME
from reader.ui.qt import (
    QApplication,
    QDialog,
    QEvent,
    QKeySequence,
    QMenu,
    QObject,
    QProgressDialog,
    QShortcut,
    Qt,
    QTimer,
)
from reader.ui.settings import Preferences, nearest
from reader.ui.theme import SCALES

if TYPE_CHECKING:  # imported when kiosk mode starts: a home reader's window never needs them
    from reader.ui.pin_dialog import PinDialog
    from reader.ui.qt import QClipboard

ADMIN_KEYS = "Ctrl+Alt+Shift+K"
HIDDEN_MS = 1000  # hidden this long by the window manager: shown again
PROMPT_FLOOR = IDLE_PROMPT_MIN  # WCAG 2.2.1: at least 20 seconds to answer


class VisitPreferences:
    """Every preference of `Preferences` for one visit, in memory only.

    Each visit starts from the clinic's text size and theme (else the
    machine's own settings.ini, read once and never written), the machine's
    comfort and read-aloud settings, and every visitor is shown the disclaimer.
    """

    def __init__(self, clinic: ClinicConfig, machine: Preferences):
        self._defaults = {name: getattr(machine, name) for name in Preferences.NAMES}
        self._defaults["disclaimer_acknowledged"] = False
        if clinic.theme:
            self._defaults["theme"] = clinic.theme
        if clinic.text_size:
            self._defaults["scale"] = nearest(SCALES, clinic.text_size / 100)
        self.restore()

    def restore(self) -> None:
        for name, value in self._defaults.items():
            setattr(self, name, value)


def _hide_empty_submenus(menu) -> None:
    """A submenu whose every entry is hidden (Update library) is hidden too, and back."""
    for action in menu.actions():
        sub = action.menu()
        if sub is not None:
            action.setVisible(any(a.isVisible() for a in sub.actions()))


def forget_clipboard(clipboard: QClipboard) -> None:
    """Empty every clipboard a visitor may have filled: the one Ctrl+C fills, and where the
    system has them, X11's selection (filled by selecting text, pasted by a middle click)
    and macOS's find buffer. All of them, whoever filled them: on a kiosk it was the visitor."""
    from reader.ui.qt import QClipboard  # its enums: a home reader's window never needs them

    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        clipboard.clear(QClipboard.Mode.FindBuffer)


def kiosk_wanted(clinic: ClinicConfig | None, flag: bool) -> bool:
    return flag or bool(clinic and clinic.kiosk)


def visit_stores(data_dir: Path, clinic: ClinicConfig | None, kiosk: bool):
    """(preferences, personal data) for the window: the files, or memory in kiosk mode."""
    machine = Preferences(data_dir)
    if not kiosk_wanted(clinic, kiosk):  # read-only: every change refused, and said
        # A full disk: each change tries again, so it is saved once there is room.
        store = partial(PersonalData, reopens_for_changes=True)
        return machine, opened_for_the_window(store, data_dir)
    return VisitPreferences(clinic or ClinicConfig(), machine), PersonalData(
        data_dir, in_memory=True
    )


def attach_kiosk(window, clinic: ClinicConfig | None, kiosk: bool) -> KioskMode | None:
    """Lock `window` down when kiosk mode is wanted; the mode, or None."""
    if not kiosk_wanted(clinic, kiosk):
        return None
    return KioskMode(window, clinic or ClinicConfig())


class KioskMode(QObject):
    """Kiosk mode for one window: what is blocked, the idle prompt, the reset, the admin door."""

    def __init__(self, window, clinic: ClinicConfig):
        from reader.core.kiosk_pin import PinAttempts
        from reader.ui.idle_prompt import IdlePrompt, IdleWatcher
        from reader.ui.kiosk_updates import ScheduledUpdates

        super().__init__(window)
        self.window = window
        self.clinic = clinic
        self.active = False
        self.attempts = PinAttempts()
        self.pin_dialog: PinDialog | None = None
        self.disclaimer: QDialog | None = None  # the one the reset showed
        self.watcher = IdleWatcher(self, int(clinic.idle_timeout_seconds * 1000))
        self.prompt = IdlePrompt(window, max(clinic.idle_prompt_seconds, PROMPT_FLOOR))
        self.watcher.idle.connect(self.ask_if_still_reading)
        self.watcher.answered.connect(self.prompt.keep_reading)
        self.prompt.kept.connect(self._kept)
        self.prompt.expired.connect(self.reset)
        self.updates = ScheduledUpdates(self, window.library.data_dir, clinic)
        self.updates.waiting.connect(self._update_waiting)
        self.updates.applied.connect(self._update_applied)
        self.admin_shortcut = QShortcut(QKeySequence(ADMIN_KEYS), window)
        self.admin_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.admin_shortcut.activated.connect(self.open_admin)
        self._handle = None  # the window's QWindow, watched from a second after it is shown
        self.hidden = QTimer(self)
        self.hidden.setSingleShot(True)
        self.hidden.setInterval(HIDDEN_MS)
        self.hidden.timeout.connect(self._show_again)
        self.lock()
        self.updates.start()

    # What a visitor cannot do
    def blocked_actions(self) -> list:
        c = self.window.commands
        blocked = [c.check_updates, c.update_file, c.update_folder, c.update_settings, c.export,
                   c.import_, c.quit]  # fmt: skip
        return blocked if self.clinic.allow_print else [*blocked, c.print]

    def lock(self) -> None:
        w = self.window
        self.active = True
        w.setProperty("kiosk", True)
        for action in self.blocked_actions():
            action.setVisible(False)
            action.setEnabled(False)  # a disabled action's shortcut does nothing
        _hide_empty_submenus(w.menu)
        w.menu_button.setToolTip("Bookmarks, notes, text size, theme and about")
        w.ctx.web_links = False
        w.ctx.printing = self.clinic.allow_print
        w.ctx.paper_only = True
        w.ctx.updates_offered = False
        w.commands.print.setText("Print…")
        w.ctx.open_link = self.show_link_as_text
        w.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        w.setWindowState(Qt.WindowState.WindowFullScreen)
        w.installEventFilter(self)

    def unlock(self) -> None:
        """Leave kiosk mode until the app restarts (the admin's choice)."""
        w = self.window
        self.active = False
        w.removeEventFilter(self)
        self.watcher.stop()
        self.updates.stop()
        w.setProperty("kiosk", False)
        for action in self.blocked_actions():
            action.setVisible(True)
            action.setEnabled(True)
        _hide_empty_submenus(w.menu)
        w.ctx.web_links = True
        w.ctx.printing = True
        w.ctx.paper_only = False
        w.ctx.updates_offered = True
        w.commands.print.setText("Print or save as PDF…")
        w.ctx.open_link = w.open_link
        w.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
        w.setWindowState(Qt.WindowState.WindowMaximized)
        w.show()
        w.navigator.show_again()
        w.statusBar().showMessage("Kiosk mode is off until the app restarts.", 10000)

    def quit(self) -> None:
        self.unlock()
        self.window.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and self.active:
            if event.type() == QEvent.Type.Close:
                event.ignore()
                return True  # closeEvent never runs
            if event.type() in (QEvent.Type.WindowStateChange, QEvent.Type.Show):
                QTimer.singleShot(0, self._back_to_full_screen)
                if self._handle is None:  # not before the first paint: a Qt object made by C++
                    self._handle = False
                    QTimer.singleShot(HIDDEN_MS, self, self._watch_handle)
        exposure = watched is self._handle and event.type() == QEvent.Type.Expose
        if exposure and self.active and not self._handle.isExposed():
            self.hidden.start()
        return False

    def _watch_handle(self) -> None:
        self._handle = self.window.windowHandle()
        if self._handle is not None:
            self._handle.installEventFilter(self)

    def _show_again(self) -> None:
        """The window manager hid the window (Openbox's Super+D, Ctrl+Alt+Right): mapped
        anew, the window and its open dialogs come back where one looks."""
        w = self.window
        if not self.active or not w.isVisible() or w.isMinimized() or self._handle.isExposed():
            return
        dialogs = [d for d in QApplication.topLevelWidgets()
                   if isinstance(d, QDialog) and d.isVisible()]  # fmt: skip
        for widget in (w, *dialogs):
            widget.hide()
            widget.show()

    def _back_to_full_screen(self) -> None:
        if not self.active:
            return
        # A window manager that iconifies the window (with a dialog's minimise button, which
        # takes its parent along) adds Minimized to FullScreen: isFullScreen() stays true.
        if self.window.windowState() != Qt.WindowState.WindowFullScreen:
            self.window.setWindowState(Qt.WindowState.WindowFullScreen)
        screen = self.window.screen()  # with no window manager, full screen is only a state
        if screen is not None and self.window.geometry() != screen.geometry():
            self.window.setGeometry(screen.geometry())

    def show_link_as_text(self, href: str) -> None:
        self.window.statusBar().showMessage(
            f"Links do not open on this computer. The address is: {href}", 30000
        )

    # Between visitors
    def ask_if_still_reading(self) -> None:
        if not self.active or self.prompt.isVisible() or self._admin_open():
            return
        self.watcher.paused = True
        self.prompt.start()

    def _kept(self) -> None:
        self.watcher.paused = False
        self.watcher.timer.start()

    def reset(self) -> None:
        """Clear the visit: Home, no history, no search, no dialogs, nothing personal, the
        clinic's look, and a waiting update installed."""
        w = self.window
        self.close_popups()
        w.search_timer.stop()
        w.search_field.setText("")  # not clear(): that is undoable, and Ctrl+Z brought it back
        w.navigator.history.clear()
        w.navigator.position = -1
        w.navigate(HOME)  # a note being typed is saved first, into the store forgotten next
        w.personal.forget_all()
        for page in w.pages.values():
            page.forget_visit()
            page.marks_changed()
        w.navigator.show_again()  # Home was drawn with the visit's bookmarks (its stars)
        w.prefs.restore()
        w.apply_look()
        forget_clipboard(QApplication.clipboard())
        w.statusBar().clearMessage()
        self.watcher.fresh()
        self.updates.apply()
        if self.disclaimer is not None:  # the last visit's: kept, one a visit stayed for good
            self.disclaimer.deleteLater()
        w.disclaimer_dialog = None
        w.show_disclaimer()
        self.disclaimer = w.disclaimer_dialog

    def close_popups(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible():
                continue
            if isinstance(widget, QProgressDialog):
                continue  # the first start's import: closing it would cancel it
            if isinstance(widget, QDialog):
                widget.reject()
            elif isinstance(widget, QMenu):
                widget.close()

    # Updates between visitors
    def _update_waiting(self) -> None:
        if not self.watcher.used:  # nobody here since the last reset
            self.updates.apply()

    def _update_applied(self, ok: bool, _message: str) -> None:
        if ok:
            self.window.refresh_all()

    # The staff door
    def _admin_open(self) -> bool:
        return self.pin_dialog is not None and self.pin_dialog.isVisible()

    def open_admin(self) -> None:
        if not self.active or self._admin_open():
            return
        if self.prompt.isVisible():
            self.prompt.keep_reading()
        self.watcher.paused = True
        from reader.ui.pin_dialog import PinDialog

        if self.pin_dialog is not None:  # closed; kept, each one stayed in the window for good
            self.pin_dialog.deleteLater()
        self.pin_dialog = PinDialog(self.window, self.clinic.admin_pin_hash, self.attempts)
        self.pin_dialog.leave_requested.connect(self.unlock)
        self.pin_dialog.quit_requested.connect(self.quit)
        self.pin_dialog.finished.connect(self._admin_closed)
        self.pin_dialog.start()

    def _admin_closed(self, _result: int) -> None:
        self.watcher.paused = False
        if self.active and self.watcher.used:
            self.watcher.timer.start()
