"""Handouts to paper or PDF: what a page offers to print, Qt's print dialog, a PDF file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.identity import DISPLAY_NAME
from reader.ui.qt import (
    QDialog,
    QMarginsF,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QWidget,
    print_support,
)
from reader.ui.screen_fit import fit_stock_dialog

RESOLUTION_DPI = 300


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html)
    return document


def save_pdf(html: str, path: Path) -> Path:
    """Write the handout to a PDF file (A4, 15 mm margins)."""
    writer = QPdfWriter(str(path))
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
    del writer  # the file is finished when the writer goes away
    return Path(path)


def print_with_dialog(parent: QWidget, html: str):
    """Open Qt's print dialog (window-modal, never blocking); print when accepted."""
    support = print_support()
    QPrintDialog, QPrinter = support.QPrintDialog, support.QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    fit_stock_dialog(dialog)
    dialog.accepted.connect(lambda: _document(html).print_(printer))
    QDialog.open(dialog)  # PySide6's QPrintDialog.open() wants (receiver, member)
    return dialog


@dataclass(frozen=True)
class Handout:
    """What a page offers to print: a title and its HTML, with or without notes."""

    title: str
    html: Callable[[bool], str]  # include_notes -> the handout's HTML
    has_notes: bool = False


def print_on_default_printer(html: str) -> str | None:
    """Print with no dialog on the system's default printer (a clinic kiosk: no file
    dialog, no "print to file"); its name, or None when no printer is set up."""
    support = print_support()
    info = support.QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    printer = support.QPrinter(info, support.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(support.QPrinter.OutputFormat.NativeFormat)
    _document(html).print_(printer)
    return info.printerName()
