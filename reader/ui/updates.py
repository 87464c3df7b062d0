"""Library updates from the window: choose a file or folder, the embedded first import,
the status line that says which library version is installed, and the calm
notice when its publisher's review date has passed.

The update itself runs in `sync_runner` off the window's thread; this module
starts it and tells the window when it is over (`finished`). Checks of the
update source (Menu > Check for updates, the clinic's schedule, web
downloads) are `web_updates.WebUpdates`, made on first use (`web()`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.config import ClinicConfig
from reader.core.library.private_copy import is_private
from reader.core.library.signing_status import signing_status
from reader.core.library.store import Library
from reader.core.paths import embedded_bundle_path, read_only_folder
from reader.core.text.update_words import out_of_date_notice, out_of_date_short
from reader.ui.notice_bar import OUT_OF_DATE, READ_ONLY, UPDATE_AVAILABLE
from reader.ui.qt import QObject, QTimer, QWidget, Signal

if TYPE_CHECKING:  # the sync code loads with the first update, not with the window
    from reader.ui.sync_runner import SyncController
    from reader.ui.web_updates import WebUpdates


def never_synced(library: Library) -> bool:
    """Nothing installed yet (the first start imports the embedded library); a read
    of the library, so the window makes it through its guard (library_trouble)."""
    return library.status().library_version is None


def status_line(library: Library) -> str:
    """'Library version 3 · Last updated 2026-11-24', and a warning when it has expired."""
    status = library.status()
    if status.library_version is None:
        return "Library: empty"
    when = (status.last_synced or "unknown")[:10]  # unknown: damaged or edited (meta.py)
    return f"Library version {status.library_version} · Last updated {when}"


READ_ONLY_SHORT = "What you change here is not kept: nothing can be saved"
FULL_DISK_SHORT = "Disk full: changes are kept again once there is room"


def read_only_notice(data_dir: Path) -> str:
    """Why the window opened its files read-only (paths.opened_for_the_window), and so what.

    A full disk needs no restart once there is room: the personal data file is
    opened for writing again before the next change, settings are written whole
    at each change, and an update opens the library for itself.
    """
    if read_only_folder(data_dir):
        why = f"This computer does not let the reader save in its folder ({data_dir})"
        then = "Ask whoever looks after this computer"
    else:
        why = f"The disk that holds the reader's folder ({data_dir}) is full"
        then = (
            "Free some space: then what you change is kept again, and library updates "
            "work, with no need to restart the reader"
        )
    return (
        f"{why}: you can read and search, but bookmarks, notes and settings you change are "
        f"not kept. {then}."
    )


def read_only_short(data_dir: Path) -> str:
    """`read_only_notice` in the words of one row (what the status line mostly shows)."""
    return READ_ONLY_SHORT if read_only_folder(data_dir) else FULL_DISK_SHORT


def show_library_status(window) -> None:
    """The status line's library version, and the notice when the library may be out of date.

    The notice never blocks: the reader keeps reading, and may check for
    updates from its button (not in kiosk mode, where staff update).
    """
    library = window.library
    kiosk = getattr(window, "kiosk", None) is not None
    # Opened read-only (paths.opened_for_the_window), or a private copy of the embedded
    # library (private_copy); a kiosk's visits are never kept anyway. Personal data
    # opened for writing again (room on the disk again): changes are kept.
    unkept = library.read_only or is_private(library, window.data_dir)
    if unkept and window.personal.read_only and not kiosk:
        words, short = read_only_notice(window.data_dir), read_only_short(window.data_dir)
        window.statusBar().notices.show_notice(READ_ONLY, words, short=short)
    read = window.trouble.read(lambda: (status_line(library), signing_status(library)), None)
    if read is None:  # the library cannot be read (reader.ui.library_trouble says why)
        window.status_label.setText("Library: cannot be read right now")
        return
    line, status = read
    window.status_label.setText(line)
    notices = window.statusBar().notices
    # An update waiting says more (it is the remedy): one notice, not two lines of them.
    if not status.out_of_date or notices.shown(UPDATE_AVAILABLE):
        notices.hide_notice(OUT_OF_DATE)
        return
    check = None if kiosk else (lambda: window.updates.web().check())
    words, short = out_of_date_notice(status.expires), out_of_date_short(status.expires)
    notices.show_notice(OUT_OF_DATE, words, "Check for updates", check, short)


class Updates(QObject):
    """Starts updates for one window; `finished(ok, message)` when each is over."""

    finished = Signal(bool, str)

    def __init__(self, parent: QWidget, data_dir: Path, clinic: ClinicConfig | None = None):
        super().__init__(parent)
        self._parent = self.window = parent
        self.data_dir = data_dir
        self.clinic = clinic  # its keys and `require_signatures` govern every update
        self.controller: SyncController | None = None
        self._web: WebUpdates | None = None
        if clinic is not None and clinic.update_check in ("start", "daily"):
            QTimer.singleShot(0, self._scheduled)  # once the window (and its kiosk) is built

    def web(self) -> WebUpdates:
        """Checks of the update source and web downloads (made on first use)."""
        if self._web is None:
            from reader.ui.web_updates import WebUpdates

            self._web = WebUpdates(self, self.clinic)
        return self._web

    def _scheduled(self) -> None:
        if getattr(self.window, "kiosk", None) is None:  # a kiosk has its own (kiosk_updates)
            self.web().start_schedule()

    def choose_file(self) -> None:
        from reader.ui.stock_dialogs import get_open_file_name  # loaded when one opens

        path, _ = get_open_file_name(
            self._parent,
            "Choose an update file",
            str(Path.home()),
            "Library updates (*.zip);;All files (*)",
        )
        if path:
            self.start(path)

    def choose_folder(self) -> None:
        from reader.ui.stock_dialogs import get_existing_directory  # loaded when one opens

        path = get_existing_directory(self._parent, "Choose an update folder", str(Path.home()))
        if path:
            self.start(path)

    def start(self, source: str, quiet_success: bool = False) -> SyncController:
        from reader.core.bundle.signature import trust_for
        from reader.ui.sync_runner import SyncController

        trust = trust_for(self.clinic)
        controller = SyncController(self._parent, self.data_dir, source, quiet_success, trust)
        controller.done.connect(self.finished)
        self.controller = controller
        controller.start()
        return controller

    def import_embedded(self) -> SyncController:
        """The library shipped with the app, on the first start (no message on success)."""
        return self.start(str(embedded_bundle_path()), quiet_success=True)

    def stop(self) -> None:
        """Cancel a running update or check and wait for its thread (the window closes)."""
        if self._web is not None:
            self._web.stop()
        if self.controller is not None and self.controller.worker.isRunning():
            self.controller.cancel()
            self.controller.worker.wait()
