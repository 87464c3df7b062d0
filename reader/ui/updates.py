"""Library updates from the window: choose a file or folder, the embedded first import,
and the status line that says which library version is installed.

The update itself runs in `sync_runner` off the window's thread; this module
starts it and tells the window when it is over (`finished`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.library.store import Library
from reader.core.paths import embedded_bundle_path
from reader.ui.qt import QObject, QWidget, Signal

if TYPE_CHECKING:  # the sync code loads with the first update, not with the window
    from reader.ui.sync_runner import SyncController


def status_line(library: Library) -> str:
    """'Library version 3 · Last updated 2026-11-24', and a warning when it has expired."""
    status = library.status()
    if status.library_version is None:
        return "Library: empty"
    when = (status.last_synced or "")[:10]
    text = f"Library version {status.library_version} · Last updated {when}"
    if status.may_be_out_of_date():
        text += " · This content may be out of date"
    return text


class Updates(QObject):
    """Starts updates for one window; `finished(ok, message)` when each is over."""

    finished = Signal(bool, str)

    def __init__(self, parent: QWidget, data_dir: Path):
        super().__init__(parent)
        self._parent = parent
        self.data_dir = data_dir
        self.controller: SyncController | None = None

    def choose_file(self) -> None:
        from reader.ui.qt import QFileDialog  # a dialog: loaded when one opens

        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            "Choose an update file",
            str(Path.home()),
            "Library updates (*.zip);;All files (*)",
        )
        if path:
            self.start(path)

    def choose_folder(self) -> None:
        from reader.ui.qt import QFileDialog  # a dialog: loaded when one opens

        path = QFileDialog.getExistingDirectory(
            self._parent, "Choose an update folder", str(Path.home())
        )
        if path:
            self.start(path)

    def start(self, source: str, quiet_success: bool = False) -> SyncController:
        from reader.ui.sync_runner import SyncController

        controller = SyncController(self._parent, self.data_dir, source, quiet_success)
        controller.done.connect(self.finished)
        self.controller = controller
        controller.start()
        return controller

    def import_embedded(self) -> SyncController:
        """The library shipped with the app, on the first start (no message on success)."""
        return self.start(str(embedded_bundle_path()), quiet_success=True)

    def stop(self) -> None:
        """Cancel a running update and wait for its thread (the window closes)."""
        if self.controller is not None and self.controller.worker.isRunning():
            self.controller.cancel()
            self.controller.worker.wait()
