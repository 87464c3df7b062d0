"""The update settings: where "Check for updates" looks, and an optional proxy.

The source is a file, a folder or a web address, typed or chosen with
"Choose a file…" / "Choose a folder…"; it is kept in the reader's
Preferences. When the clinic configuration sets `update_source` (or
`proxy`), that is the one used: the field shows it read-only and says the
clinic set it. The proxy is for web updates only; empty means the system's
proxy settings. Each field
is named by its label (its buddy), every button is a 44-px target, and the
dialog works from the keyboard alone (Tab, Enter to save, Escape to cancel: asked
first when a field was changed, as the title bar's close is, unsaved.py).

The example address is in the hint under the field, not in the empty field:
a field's placeholder cannot wrap, and at 300% text on a narrow screen Qt
cut it to "https://example.org/sci…". A label wraps an address after its
"/"s. The proxy's example is short enough for its field at 300%.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from reader.core.bundle.source import is_web_source
from reader.ui.accessible import announce
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import QLineEdit, Qt, QVBoxLayout, QWidget
from reader.ui.screen_fit import DialogWords
from reader.ui.stock_dialogs import get_existing_directory, get_open_file_name
from reader.ui.unsaved import KeepsTyping, LossWords
from reader.ui.update_dialogs import buttons_row, fit
from reader.ui.widgets import button, text_label

TITLE = "Update settings"
SOURCE_LABEL = "Where updates come from"
SOURCE_EXAMPLE = "https://example.org/sci-library/"
SOURCE_HINT = f"A file, a folder or a web address, like {SOURCE_EXAMPLE}"
PROXY_EXAMPLE = "http://proxy:3128"
PROXY_LABEL = "Proxy for web updates (optional)"
SET_BY_CLINIC = "Set by your clinic. Ask the staff to change it."
PROXY_HINT = "Empty: this computer's own proxy settings."


LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def source_problem(text: str) -> str | None:
    """Why `text` cannot be an update source, or None ('' is allowed: no source).

    As in the clinic configuration: plain http:// only for this computer (what
    a reader downloads is nobody else's business on the way).
    """
    text = text.strip()
    if "://" in text and not is_web_source(text):
        return "A web address must start with https://."
    host = urlsplit(text).netloc.rsplit("@", 1)[-1]
    if text.lower().startswith("http://") and host.rsplit(":", 1)[0] not in LOOPBACK:
        return "A web address must start with https:// (http:// only for this computer)."
    return None


def proxy_problem(text: str) -> str | None:
    text = text.strip()
    if text and not text.lower().startswith(("http://", "https://", "socks5://")):
        return f"A proxy is written like {PROXY_EXAMPLE}."
    return None


class UpdateSettingsDialog(KeepsTyping):
    """Edits `prefs.update_source` and `prefs.update_proxy`; the clinic's values lock them.

    Escape, Cancel and the title bar's close ask before changed fields are thrown
    away (unsaved.py): a long web address typed with effort was lost to one Escape.
    """

    loss_words = LossWords(
        "Your changes to the update settings are not saved yet. Close the window and lose them?",
        "Keep editing",
    )

    def __init__(
        self,
        parent: QWidget,
        prefs,
        clinic_source: str | None = None,
        clinic_proxy: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.locked = bool(clinic_source)
        self.proxy_locked = bool(clinic_proxy)
        self.setWindowTitle(TITLE)
        self.setAccessibleName(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        words = DialogWords()  # scrolls only when the screen is too small for it
        words.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed Tab stop: its fields have it
        column = words.words
        column.setSpacing(6)
        layout.addWidget(words)

        self.source_label = text_label(SOURCE_LABEL)
        column.addWidget(self.source_label)
        self.source_field = QLineEdit(clinic_source or prefs.update_source)
        self.source_field.setAccessibleName(SOURCE_LABEL)
        self.source_field.setAccessibleDescription(SET_BY_CLINIC if self.locked else SOURCE_HINT)
        self.source_field.setReadOnly(self.locked)
        self.source_label.setBuddy(self.source_field)
        column.addWidget(self.source_field)
        self.locked_note = text_label(SET_BY_CLINIC if self.locked else SOURCE_HINT, role="muted")
        column.addWidget(self.locked_note)
        self.file_button = button(
            "Choose a file…", "Choose a file", "Pick an update file (.zip) on this computer"
        )
        self.file_button.clicked.connect(self.choose_file)
        self.folder_button = button(
            "Choose a folder…", "Choose a folder", "Pick an update folder on this computer"
        )
        self.folder_button.clicked.connect(self.choose_folder)
        choose = FlowLayout(spacing=8)
        column.addLayout(choose)
        for b in (self.file_button, self.folder_button):
            choose.addWidget(b)
            b.setVisible(not self.locked)

        self.proxy_label = text_label(PROXY_LABEL)
        column.addWidget(self.proxy_label)
        self.proxy_field = QLineEdit(clinic_proxy or prefs.update_proxy)
        self.proxy_field.setAccessibleName(PROXY_LABEL)
        hint = SET_BY_CLINIC if self.proxy_locked else PROXY_HINT
        self.proxy_field.setAccessibleDescription(hint)
        self.proxy_field.setReadOnly(self.proxy_locked)
        self.proxy_field.setPlaceholderText(PROXY_EXAMPLE)
        self.proxy_label.setBuddy(self.proxy_field)
        column.addWidget(self.proxy_field)
        if self.proxy_locked:  # else the hint is the field's description: room at 300%
            column.addWidget(text_label(hint, role="muted"))
        self.problem = text_label()
        self.problem.hide()
        column.addWidget(self.problem)

        self.save_button = button("Save", "Save", "Keep these settings", role="primary")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = button("Cancel", "Cancel", "Close without saving the changes")
        self.cancel_button.clicked.connect(self.cancel)
        buttons_row(layout, self.save_button, self.cancel_button)
        self.opened_with = self._typed()
        fit(self)

    def _typed(self) -> tuple[str, str]:
        return self.source_field.text(), self.proxy_field.text()

    def unsaved(self) -> bool:
        return self._typed() != self.opened_with

    def typing(self) -> QWidget:
        return self.proxy_field if self.locked else self.source_field

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.typing().setFocus()  # the first field the reader can change

    def choose_file(self) -> None:
        path, _ = get_open_file_name(
            self, "Choose an update file", self._start_folder(),
            "Library updates (*.zip);;All files (*)",
        )  # fmt: skip
        if path:
            self.source_field.setText(path)

    def choose_folder(self) -> None:
        start = self._start_folder()
        path = get_existing_directory(self, "Choose an update folder", start)
        if path:
            self.source_field.setText(path)

    def _start_folder(self) -> str:
        current = self.source_field.text().strip()
        if current and not is_web_source(current):
            folder = Path(current).expanduser()
            return str(folder if folder.is_dir() else folder.parent)
        return str(Path.home())

    def save(self) -> None:
        source = self.source_field.text().strip()
        why = (None if self.locked else source_problem(source)) or (
            None if self.proxy_locked else proxy_problem(self.proxy_field.text())
        )
        if why:
            self.problem.setText(why)
            self.problem.show()
            self.problem.setAccessibleName(why)
            announce(self, why, assertive=True)
            return
        if not self.locked:
            self.prefs.update_source = source
        if not self.proxy_locked:
            self.prefs.update_proxy = self.proxy_field.text().strip()
        self.accept()
