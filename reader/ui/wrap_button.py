"""A push button whose words wrap onto more lines instead of being cut.

At 300% text on a 1024-px screen a label of some 33 characters is already
wider than the window ("Report a problem with this summary", a category
named in the readers' words). Qt's push button draws its text on one line
and cuts it; this one keeps the text, role, name and key handling of a
push button and only lays its words out over as many lines as its width
needs, asking its layout for the height (height-for-width).
"""

from __future__ import annotations

from reader.ui.accessible import Role
from reader.ui.qt import (
    QApplication,
    QFont,
    QFontMetrics,
    QPalette,
    QPushButton,
    QRect,
    QSize,
    QSizePolicy,
    QStyle,
    QStylePainter,
    Qt,
)
from reader.ui.widgets import Button, dress_button

_WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter


class WrapButton(Button):
    def __init__(self, parent=None):
        super().__init__(parent)
        # Layouts ask the policy, not hasHeightForWidth(), whether to ask for the
        # height. A push button's (Minimum, Fixed) would keep it as wide as its
        # words on one line and as tall as one line: Preferred lets layouts
        # narrow it to its longest word, Minimum lets it grow by lines.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    # Layouts ask for sizes thousands of times in a text-size step (2,304 size
    # hints and 5,760 paddings on Home in 36 steps): the style is asked again
    # only when Qt's own hint for the button, or its state, changed.
    _measured: tuple[tuple, QSize, QFontMetrics] | None = None  # (from what, padding, metrics)

    def _measures(self) -> tuple[QSize, QFontMetrics]:
        key = (QPushButton.sizeHint(self), self.text(), self.property("role"),
               self.isCheckable(), self.isChecked(), self.font().pointSizeF())  # fmt: skip
        if self._measured is None or self._measured[0] != key:
            self._measured = (key, self._style_padding(), self._metrics())
        return self._measured[1], self._measured[2]

    def _style_padding(self) -> QSize:
        """Space around the words: the style's (and style sheet's) frame and padding,
        the larger of unfocused and focused: the focus ring is thicker than the frame,
        and words that fit one line must not wrap as the reader tabs to them."""
        option = self._option()
        option.rect = QRect(0, 0, 1000, 1000)
        pad = QSize(0, 0)
        for focused in (False, True):
            if focused:
                option.state |= QStyle.StateFlag.State_HasFocus
            else:
                option.state &= ~QStyle.StateFlag.State_HasFocus
            inner = self.style().subElementRect(
                QStyle.SubElement.SE_PushButtonContents, option, self
            )
            pad = pad.expandedTo(QSize(1000 - inner.width(), 1000 - inner.height()))
        return pad

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # its words on one line, focused or not
        pad, metrics = self._measures()
        one_line = QRect(0, 0, 100_000, 100_000)
        words = metrics.boundingRect(one_line, int(_WRAP), self.text()).width()
        width = max(hint.width(), words + pad.width())
        return QSize(width, self._height(width, hint.height()))

    def heightForWidth(self, width: int) -> int:
        return self._height(width, super().sizeHint().height())

    def _height(self, width: int, one_line: int) -> int:
        pad, metrics = self._measures()
        bounds = QRect(0, 0, max(1, width - pad.width()), 100_000)
        words = metrics.boundingRect(bounds, int(_WRAP), self.text()).height()
        return max(one_line, words + pad.height())

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word: never wider than the window must be."""
        pad, metrics = self._measures()
        longest = max((metrics.horizontalAdvance(w) for w in self.text().split()), default=0)
        return QSize(longest + pad.width(), super().minimumSizeHint().height())

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = self._option()
        text = option.text
        option.text = ""  # the frame and background from the style, the words from us
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        painter.setPen(self._text_color(option.palette))
        painter.setFont(self._text_font())
        painter.drawText(inner, int(_WRAP), text.replace("&&", "&"))

    # The style sheet's font for the focused state (theme: a focused primary or
    # checked button's words are bold) reaches only the words the style draws
    # itself; these words are drawn here, so the rule is applied here.
    def _bold_when_focused(self) -> bool:
        return self.property("role") == "primary" or self.isChecked()

    def _text_font(self) -> QFont:
        font = QFont(self.font())
        if self.hasFocus() and self._bold_when_focused():
            font.setBold(True)
        return font

    def _text_color(self, palette: QPalette):
        """The style sheet's colour for the state: the widget's palette holds the
        plain and disabled ones; pressed (and checked) buttons are drawn in the
        accent colours (theme: HighlightedText on Highlight).

        A focused primary button turns light so that its ring shows (theme), but
        its palette keeps the unfocused rule's accent text, drawn on the light
        fill it is invisible: its words take the plain text colour, the
        application's palette (theme.palette)."""
        if not self.isEnabled():
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        if self.isDown() or (self.isChecked() and not self.hasFocus()):
            return palette.color(QPalette.ColorRole.HighlightedText)
        if self.hasFocus() and self.property("role") == "primary":
            return QApplication.palette().color(QPalette.ColorRole.ButtonText)
        return palette.color(QPalette.ColorRole.ButtonText)


def wrapping_button(
    text: str, name: str, description: str = "", role: str | None = None, a11y: Role | None = None
) -> WrapButton:
    """widgets.button, for a label that may be wider than the window (a category's name)."""
    b = WrapButton()
    dress_button(b, text, name, description, role, a11y)
    return b
