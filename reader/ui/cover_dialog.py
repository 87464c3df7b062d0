"""A kiosk dialog that covers the whole window: the idle prompt and the staff PIN prompt.

Frameless and modal, the size of the window it belongs to, so that a touch
anywhere lands on it and nothing of the page shows around it. Its content
sits in a centred box that scrolls, so that at 300% text on a small screen
nothing overlaps or is cut off.
"""

from __future__ import annotations

from reader.ui.qt import QDialog, QFrame, QHBoxLayout, QScrollArea, Qt, QVBoxLayout, QWidget


class CoverDialog(QDialog):
    """Lay the content out in `self.body`; `cover()` opens it over the whole window."""

    def __init__(self, parent: QWidget, name: str, max_width: int = 900):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(name)
        self.setAccessibleName(name)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        holder.setObjectName("page")
        column = QVBoxLayout(holder)
        self.box = QWidget()
        self.max_width = max_width
        self.body = QVBoxLayout(self.box)
        self.body.setContentsMargins(36, 36, 36, 36)
        self.body.setSpacing(20)
        # Centred by stretches, not by alignment: an aligned item is asked its height
        # for the whole width, and wrapped text would be cut off.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.box)
        row.addStretch(1)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.scroll.setWidget(holder)
        outer.addWidget(self.scroll)

    def cover(self) -> None:
        geometry = self.parentWidget().window().geometry()
        # A fixed width, so that wrapped text gets the height it needs at that width.
        room = geometry.width() - 2 * self.scroll.verticalScrollBar().sizeHint().width() - 24
        self.box.setFixedWidth(max(200, min(self.max_width, room)))
        self.setGeometry(geometry)
        self.open()
        self.raise_()
        self.activateWindow()
