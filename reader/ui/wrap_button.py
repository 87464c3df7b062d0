"""A push button whose words wrap onto more lines instead of being cut.

At 300% text on a 1024-px screen a label of some 33 characters is already
wider than the window ("Report a problem with this summary", a category
named in the readers' words). Qt's push button draws its text on one line
and cuts it; this one keeps the text, role, name and key handling of a
push button and only lays its words out over as many lines as its width
needs, asking its layout for the height (height-for-width).
"""

from __future__ import annotations

from reader.ui.qt import QRect, QSize, QStyle, QStyleOptionButton, QStylePainter, Qt
from reader.ui.widgets import Button

_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter


class WrapButton(Button):
    def hasHeightForWidth(self) -> bool:
        return True

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def _padding(self) -> QSize:
        """Space around the words: the style's (and style sheet's) frame and padding."""
        option = self._option()
        option.rect = QRect(0, 0, 1000, 1000)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        return QSize(1000 - inner.width(), 1000 - inner.height())

    def _words_height(self, width: int) -> int:
        bounds = QRect(0, 0, max(1, width), 100_000)
        return self.fontMetrics().boundingRect(bounds, int(_WRAP), self.text()).height()

    def heightForWidth(self, width: int) -> int:
        pad = self._padding()
        one_line = super().sizeHint().height()
        return max(one_line, self._words_height(width - pad.width()) + pad.height())

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word: never wider than the window must be."""
        pad = self._padding()
        longest = max(
            (self.fontMetrics().horizontalAdvance(w) for w in self.text().split()), default=0
        )
        return QSize(longest + pad.width(), super().minimumSizeHint().height())

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = self._option()
        text = option.text
        option.text = ""  # the frame and background from the style, the words from us
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        painter.setPen(option.palette.buttonText().color())
        painter.drawText(inner, int(_WRAP), text.replace("&&", "&"))
