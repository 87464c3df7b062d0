"""The "Print or save as PDF" dialog for a handout (an article, or the bookmarks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.ui import printing
from reader.ui.accessible import announce
from reader.ui.flow_layout import FlowLayout
from reader.ui.printing import not_saved_why, print_with_dialog, save_pdf
from reader.ui.qt import QCheckBox, QDialog, QVBoxLayout, QWidget, Signal
from reader.ui.screen_fit import DialogWords, fit_height, fit_own_dialog
from reader.ui.stock_dialogs import get_save_file_name
from reader.ui.widgets import button, heading, text_label


def safe_file_name(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return " ".join(cleaned.split())[:80] or "handout"


class HandoutDialog(QDialog):
    """Choose paper or PDF; optionally include the reader's notes."""

    saved = Signal(str)  # the PDF's path

    def __init__(
        self,
        parent: QWidget,
        title: str,
        make_html: Callable[[bool], str],
        has_notes: bool = False,
    ):
        super().__init__(parent)
        # A clinic kiosk (the window's "kiosk" property): its printer only, never a file.
        self.direct = bool(parent.window().property("kiosk"))
        name = "Print" if self.direct else "Print or save as PDF"
        self.setWindowTitle(name)
        self.setAccessibleName(name)
        self._title = title
        self._make_html = make_html
        layout = QVBoxLayout(self)
        scrolling = DialogWords()  # a long headline at 300% is taller than the screen
        layout.addWidget(scrolling)
        words = scrolling.words
        words.addWidget(heading(name))
        words.addWidget(text_label(f"A clean handout of “{title}”."))
        self.include_notes = QCheckBox("Include my notes")
        self.include_notes.setAccessibleName("Include my notes")
        self.include_notes.setMinimumHeight(44)
        self.include_notes.setChecked(has_notes)
        self.include_notes.setVisible(has_notes)
        words.addWidget(self.include_notes)
        row = FlowLayout(spacing=8)  # wraps at 300% instead of pushing past the screen
        self.print_button = button("Print…", "Print", "Opens the print dialog", role="primary")
        # Enter on the heading the dialog opens on prints, as the main button drawn promises.
        self.print_button.setDefault(True)
        self.pdf_button = button("Save as PDF…", "Save as PDF", "Choose where to save the PDF")
        self.cancel_button = button("Cancel", "Cancel")
        for b in (self.print_button, self.pdf_button, self.cancel_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.print_button.clicked.connect(self._print)
        self.pdf_button.clicked.connect(self._choose_pdf)
        self.cancel_button.clicked.connect(self.reject)
        self.print_dialog = None
        self.pdf_button.setVisible(not self.direct)
        self.outcome = text_label()
        self.outcome.hide()  # until it has words: empty, a screen reader met a blank label
        layout.addWidget(self.outcome)
        if self.direct:
            self.print_button.setText("Print")
            self.print_button.setAccessibleDescription("Prints on this clinic's printer")
        fit_own_dialog(self)

    def html(self) -> str:
        return self._make_html(self.include_notes.isVisible() and self.include_notes.isChecked())

    def _print(self) -> None:
        if self.direct:
            printer = printing.print_on_default_printer(self.html())
            if printer is None:
                self._say("No printer is set up here. Please ask at the reception desk.")
                return
            window = self.parentWidget().window()
            window.statusBar().showMessage(f"Printing on {printer}.", 10000)
            self.accept()
            return
        self.print_dialog = print_with_dialog(self.parentWidget(), self.html())
        self.accept()

    def _choose_pdf(self) -> None:
        if self.direct:
            return
        suggested = str(Path.home() / f"{safe_file_name(self._title)}.pdf")
        path, _ = get_save_file_name(self, "Save as PDF", suggested, "PDF files (*.pdf)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        """Save the PDF and close; None, the dialog still open and saying why, if it failed."""
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            save_pdf(self.html(), path)
        except OSError as exc:
            self._say(
                f"The PDF was not saved: {not_saved_why(exc)}. Choose another place and try again."
            )
            return None
        self.saved.emit(str(path))
        self.accept()
        return path

    def _say(self, words: str) -> None:
        """Why nothing was printed or saved: shown under the buttons, and said out loud,
        since the focus stays on the button pressed, away from these words."""
        self.outcome.setText(words)
        self.outcome.show()
        fit_height(self)
        announce(self, words, assertive=True)


def print_page(window) -> None:
    """Print or save what the current page offers (the dialog: `window.handout_dialog`)."""
    say = window.statusBar().showMessage
    if not window.ctx.printing:  # a kiosk with allow_print = false: no page may print
        say("Printing is turned off on this computer.")
        return
    # Bookmarks' handout reads the library: False when it cannot (said why).
    handout = window.trouble.read(window.current_page().handout, False)
    if handout is False:
        return
    if handout is None:
        say("Open a summary or the Bookmarks page to print it.")
        return
    if window.handout_dialog is not None:  # closed (it is modal); kept, each one stayed in
        window.handout_dialog.deleteLater()  # the window for good, restyled with it
    window.handout_dialog = HandoutDialog(
        window, handout.title, handout.html, has_notes=handout.has_notes
    )
    window.handout_dialog.saved.connect(lambda path: say(f"Saved {path}"))
    window.handout_dialog.open()
