"""The search's vocabulary read before the first keystroke, off the window's thread.

The first search of a 10,000-article library used to read the index's
words (0.4-0.6 s) while the reader waited for the first letter's results.
When the search field gets focus, that read starts on the library's
helper thread (`search.read_ahead`; one SQLite connection per thread),
and the window's thread goes on at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.ui.qt import QEvent, QObject, QWidget

if TYPE_CHECKING:
    from reader.core.library.store import Library


class ReadAheadOnFocus(QObject):
    """An event filter on the search field: each focus starts the read
    (which does nothing when the words read are current)."""

    def __init__(self, field: QWidget, library: Library):
        super().__init__(field)
        self._library = library
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            from reader.core.library.search import read_ahead  # not at window start

            read_ahead(self._library)
        return False
