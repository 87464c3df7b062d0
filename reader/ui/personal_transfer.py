"""Moving personal data (bookmarks, feedback, notes) to and from a file, from the window.

The file format and its checks live in reader.core.personal.store; this
module asks where, and says what happened (a failed import changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.core.errors import LibraryUnusable, ReaderError
from reader.core.personal.store import PersonalData
from reader.core.text import messages
from reader.ui.qt import QWidget

# (title, message, ok) -> the message; the window shows it in a box and the status bar.
Tell = Callable[[str, str, bool], str]


class PersonalTransfer:
    """Export and import for one window; `tell` shows the outcome, `imported` refreshes."""

    def __init__(
        self,
        parent: QWidget,
        personal: PersonalData,
        tell: Tell,
        imported: Callable[[], None],
        before: Callable[[], None] = lambda: None,
    ):
        self._parent = parent
        self.personal = personal
        self._tell = tell
        self._imported = imported  # called after a successful import
        # Saves a note typed a moment ago, so that an export has it and an
        # import merges with it (later wins) instead of being overwritten by it.
        self._before = before

    def export_with_dialog(self) -> None:
        from reader.ui.stock_dialogs import get_save_file_name  # loaded when one opens

        path, _ = get_save_file_name(
            self._parent,
            "Export bookmarks and notes",
            str(Path.home() / "sci-reader-personal-data.json"),
            "Personal data (*.json)",
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> str:
        self._before()
        try:
            # force: the file dialog asked before replacing a file (never the data folder's)
            counts = self.personal.export_file(path, force=True)
        except ReaderError as exc:
            return self._tell("Export did not work", f"{exc}. Nothing was written.", False)
        return self._tell("Export finished", messages.exported(counts, path, "Saved"), True)

    def import_with_dialog(self) -> None:
        from reader.ui.stock_dialogs import get_open_file_name  # loaded when one opens

        path, _ = get_open_file_name(
            self._parent, "Import bookmarks and notes", str(Path.home()), "Personal data (*.json)"
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> str:
        self._before()
        try:
            result = self.personal.import_file(path)
        except ReaderError as exc:
            # The reader's own file refused it (a read-only folder, a full disk): the
            # file chosen is fine, and the title must not send them to look at it.
            ours = isinstance(exc, LibraryUnusable)
            return self._tell(
                "Import did not work" if ours else "This file cannot be imported",
                f"{exc}.\n\nNothing was changed: your bookmarks and notes are as they were.",
                False,
            )
        self._imported()
        return self._tell("Import finished", messages.import_counts(result), True)
