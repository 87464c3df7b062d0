"""Handouts to paper or PDF: what a page offers to print, Qt's print dialog, a PDF file."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import no_room
from reader.core.identity import DISPLAY_NAME
from reader.core.logfile import logger
from reader.ui.qt import (
    QBuffer,
    QDialog,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QWidget,
    print_support,
)
from reader.ui.stock_dialogs import fit_print_dialog, on_a_kiosk

RESOLUTION_DPI = 300
_log = logger(__name__)  # IT reads why a kiosk did not print in the data folder's log


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html)
    return document


def save_pdf(html: str, path: Path) -> Path:
    """Write the handout to a PDF file (A4, 15 mm margins); OSError if it could not be.

    Made in memory, then written whole beside `path` and renamed over it: a
    full disk or a read-only folder leaves the file that was there (an
    earlier handout) as it was, never a cut-off PDF under its name.
    """
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(_document(html).metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    writer.setCreator(DISPLAY_NAME)
    _document(html).print_(writer)
    del writer  # the PDF is finished when the writer goes away
    _write_whole(Path(path), buffer.data().data())
    return Path(path)


def _write_whole(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def not_saved_why(exc: OSError) -> str:
    """Why a file could not be written, in words a reader can act on."""
    if no_room(exc):
        return "the disk is full (or the file is larger than this account may write)"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "that folder cannot be written to"
    return exc.strerror or str(exc)


def print_with_dialog(parent: QWidget, html: str):
    """Open the print dialog (window-modal, never blocking) at the reader's text size where
    Qt draws it (reader.ui.stock_dialogs); print when accepted. None on a kiosk."""
    if on_a_kiosk(parent):  # its "..." and Properties reach files: a kiosk prints direct
        return None
    support = print_support()
    QPrintDialog, QPrinter = support.QPrintDialog, support.QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    fit_print_dialog(dialog)
    dialog.accepted.connect(lambda: _document(html).print_(printer))
    QDialog.open(dialog)  # PySide6's QPrintDialog.open() wants (receiver, member)
    return dialog


@dataclass(frozen=True)
class Handout:
    """What a page offers to print: a title and its HTML, with or without notes."""

    title: str
    html: Callable[[bool], str]  # include_notes -> the handout's HTML
    has_notes: bool = False


# Printers that make a file or a message, not paper: on Windows "Microsoft Print to PDF",
# the XPS Document Writer, OneNote and Fax each open a window of the system's own (a
# "Save as" file dialog: the whole file system, from a kiosk); CUPS-PDF quietly writes
# the handout, notes and all, into the account's home folder. Matched by word in the name.
FILE_PRINTER_WORDS = frozenset({"xps", "onenote", "fax", "file"})


def makes_a_file(printer_name: str) -> bool:
    """Whether a printer's name says it saves a file (or sends a fax) instead of printing."""
    words = re.findall(r"[a-z0-9]+", printer_name.lower())
    return any("pdf" in word or word in FILE_PRINTER_WORDS for word in words)


def print_on_default_printer(html: str) -> str | None:
    """Print with no dialog on the system's default printer (a clinic kiosk: no file
    dialog, no "print to file"); its name, or None when no printer is set up, or when
    the default one saves files (`makes_a_file`), which a kiosk never uses."""
    support = print_support()
    info = support.QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    if makes_a_file(info.printerName()):
        _log.warning("kiosk: not printing on %r, which saves files, not paper", info.printerName())
        return None
    printer = support.QPrinter(info, support.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(support.QPrinter.OutputFormat.NativeFormat)
    _document(html).print_(printer)
    return info.printerName()
