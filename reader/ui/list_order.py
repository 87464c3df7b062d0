"""The two orders the All summaries list offers, as a pair of large buttons.

"Newest research first" (the date each card shows: Published, else Year) is
the window's order everywhere. "New in this library first" uses the date a
summary was added to the library, the one place the window uses it, and
then each card says that date under that name (issue 15: the added date is
labelled as such wherever it is used).
"""

from __future__ import annotations

from reader.core.library.store import ADDED, PUBLISHED
from reader.core.text.messages import NEW_IN_LIBRARY
from reader.ui.qt import QHBoxLayout, QWidget, Signal
from reader.ui.wrap_button import wrapping_button

CHOICES = (
    (PUBLISHED, "Newest research first", "By the date each paper was published"),
    (ADDED, f"{NEW_IN_LIBRARY} first", "By the date each summary was added to this library"),
)


class OrderChoice(QWidget):
    """Two checkable buttons, one checked; `changed` gives the chosen order."""

    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.order = PUBLISHED
        self.buttons = {}
        for order, text, description in CHOICES:
            # Words that wrap: at 300% text the two labels need some 1,400 px on one line.
            b = wrapping_button(text, text, description)
            b.setCheckable(True)
            b.setChecked(order == self.order)
            b.clicked.connect(lambda _=False, o=order: self.choose(o))
            row.addWidget(b)
            self.buttons[order] = b
        row.addStretch(1)

    def choose(self, order: str) -> None:
        for each, b in self.buttons.items():
            b.setChecked(each == order)  # clicking the checked one keeps it checked
        if order != self.order:
            self.order = order
            self.changed.emit(order)
