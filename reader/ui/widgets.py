"""Small accessible building blocks shared by the pages.

Each one exists because the stock widget fell short for this app's readers:
rows that wrap instead of clipping at 300% text, buttons big enough for a
shaky hand with words that wrap, and a focusable heading that screen readers
announce after each navigation. The text browser that never follows a link
or loads a resource by itself is `safe_browser.SafeTextBrowser`.
"""

from __future__ import annotations

from reader.ui.accessible import Role, mark
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import (
    QEvent,
    QFont,
    QFontMetrics,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSize,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    Qt,
    QVBoxLayout,
    QWidget,
)


class WrapRow(QWidget):
    """A row of controls that wraps onto more lines when the window is narrow.

    Its height follows the wrapped layout's height for the current width, so
    at 300% text the toolbar grows to two or three lines instead of clipping.
    """

    def __init__(
        self,
        accessible_name: str,
        spacing: int = 8,
        parent=None,
        wrap: bool = True,
        role: Role | None = None,
    ):
        super().__init__(parent)
        if role is not None:
            mark(self, role)  # before the name: naming makes Qt create the interface
        self.setAccessibleName(accessible_name)
        self.flow = FlowLayout(self, spacing=spacing, wrap=wrap)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _fit(self) -> None:
        height = self.flow.heightForWidth(max(1, self.width()))
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def relayout(self) -> None:
        self.flow.invalidate()
        self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().event(event)

    def minimumSizeHint(self) -> QSize:
        return QSize(44, 44)


# Left at the end of words kept, before the "…": "Case report ·…" says less than
# "Case report…".
_TRAILING = " ,;:·-–—"


def whole_words(text: str, metrics, width: float) -> str:
    """`text` if it fits `width` (px, in `metrics`: QFontMetrics or QFontMetricsF), else
    the whole words of it that fit, then "…". Qt's own elision cuts inside a word
    ("a man with paralyzed legs sto…": stood? stopped?); only a first word wider than
    `width` is still cut so."""
    cut = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if cut == text or not cut.endswith("…"):
        return cut
    kept = cut[:-1]
    if text.startswith(kept) and not text[len(kept)].isspace() and " " in kept.strip():
        kept = kept[: kept.rstrip().rfind(" ")]  # back to the end of the last whole word
    kept = kept.rstrip(_TRAILING)
    return f"{kept}…" if kept else cut


class ElidedLabel(QLabel):
    """One line of text cut after a whole word with "…" to the width it gets; the full
    text is its name."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.setAccessibleName(text)
        self.setToolTip(text)
        self._elide()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self._full) + 4 + self._around_words()
        return QSize(width, max(44, metrics.height()))

    def _around_words(self) -> int:
        """What QLabel adds to its words' width: a style sheet's padding counts twice
        (it pads the box and indents the words again), so Qt's own hint is asked."""
        words = self.fontMetrics().horizontalAdvance(self.text())
        return max(0, super().sizeHint().width() - words)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("Mmmmmm…"), max(44, metrics.height()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        text = whole_words(self._full, metrics, max(10, self.width() - self._around_words()))
        if text != self.text():
            self.setText(text)


HEADING_LEVELS = {"heading": 1, "subheading": 2, "minor-heading": 3}


class HeadingLabel(QLabel):
    """A label a screen reader hears as a heading: a class of its own, so `mark` reaches it."""


def heading(text: str = "", role: str = "heading") -> QLabel:
    """A heading with its level for screen readers (`role`: heading 1, subheading 2, minor 3).

    A page's main heading is focusable, so focus can land on it after navigation.
    """
    label = mark(HeadingLabel(), Role.Heading, level=HEADING_LEVELS.get(role, 2))
    label.setText(text)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    # The theme gives a heading a border (transparent until it has the focus), and Qt
    # indents the text of a label with a frame by half an "x": at 300% text a page's
    # heading started 32 px right of the words under it.
    label.setIndent(0)
    # First: QLabel.setTextInteractionFlags resets the focus policy (to NoFocus here).
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if role == "heading":
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return label


def text_label(text: str = "", role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    return label


class Button(QPushButton):
    """A push button that Enter activates too, not only Space, and as wide as its
    words are when it has the focus.

    People who navigate by keyboard expect Enter to press the focused
    control; Qt's buttons outside dialogs ignore it.
    """

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)

    # Qt sizes a push button for its unfocused look: the widget's font and the
    # unfocused frame. The theme draws a focused primary or checked button's words
    # in bold, inside a focus ring thicker than the frame, so at its natural width
    # a focused "Save the report" showed "ave the repor". Sized for the focused
    # look too, a button is as wide focused as not, and its words are never cut.
    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # Qt's: kept until the text, font or style changes
        if not self.text():
            return hint
        # Layouts ask often (the toolbar on every resize): the style is asked again
        # only when Qt's answer changed (a text size step, a new look) or whether the
        # words can turn bold did; 10 us a call instead of 60 at 300% text.
        key = (hint, self.text(), self.property("role"), self.isCheckable())
        if self._focused_hint is None or self._focused_hint[0] != key:
            self._focused_hint = (key, QSize(self._focused_width(), hint.height()))
        return self._focused_hint[1].expandedTo(hint)

    _focused_hint: tuple[tuple, QSize] | None = None  # (what it was worked out from, size)

    def _focused_width(self) -> int:
        option = self._option()
        option.state |= QStyle.StateFlag.State_HasFocus
        words = self._metrics().size(int(Qt.TextFlag.TextShowMnemonic), self.text())
        width = words.width()
        if not self.icon().isNull():
            width += self.iconSize().width() + 4  # as QPushButton.sizeHint: icon, gap, words
        if self.menu() is not None:
            width += self.style().pixelMetric(
                QStyle.PixelMetric.PM_MenuButtonIndicator, option, self
            )
        focused = self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, QSize(width, words.height()), self
        )
        return focused.width()

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        return option

    def _metrics(self) -> QFontMetrics:
        """The words measured in the widest weight they are drawn in: bold, for a button
        that turns bold when focused (theme: primary, or checked), so they never wrap or
        get cut as the reader tabs to it."""
        if not (self.property("role") == "primary" or self.isCheckable()):
            return self.fontMetrics()
        font = QFont(self.font())
        font.setBold(True)
        return QFontMetrics(font)


def button(
    text: str, name: str, description: str = "", role: str | None = None, a11y: Role | None = None
) -> QPushButton:
    """A push button; `text` is shown literally (an & is not a shortcut marker).

    `a11y`: the role screen readers get, when not a push button's (a radio button).
    A label that may be wider than the window: wrap_button.wrapping_button.
    """
    return dress_button(Button(), text, name, description, role, a11y)


def dress_button(
    b: QPushButton,
    text: str,
    name: str,
    description: str = "",
    role: str | None = None,
    a11y: Role | None = None,
) -> QPushButton:
    """`b` with its text, name, description, style role, focus and no auto-default."""
    if a11y is not None:
        mark(b, a11y)
    b.setText(text.replace("&", "&&"))
    b.setAccessibleName(name)
    if description:
        b.setAccessibleDescription(description)
        b.setToolTip(description)
    if role:
        b.setProperty("role", role)
    b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    b.setAutoDefault(False)
    return b


class CardButton(Button):
    """A large button whose words wrap: a title and a few lines under it."""

    def __init__(self, title: str, lines: list[str], accessible_name: str, parent=None):
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setAccessibleName(accessible_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(4)
        self._labels = []
        for i, text in enumerate([title, *[line for line in lines if line]]):
            label = text_label(text, "subheading" if i == 0 else ("muted" if i == 1 else None))
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
            self._labels.append(label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def sizeHint(self) -> QSize:
        return self.layout().sizeHint().expandedTo(QSize(44, 44))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(44, self.layout().heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(44, 44)


def undo_bar(undo) -> tuple[QWidget, QLabel, QPushButton]:
    """The row that says what was just removed, with "Undo" (hidden until then):
    (row, its words, its button). `undo` is called when the button is pressed."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    words = text_label()
    undo_button = button("Undo", "Undo remove", "Put it back (Ctrl+Z)")
    undo_button.clicked.connect(undo)
    layout.addWidget(words, 1)
    layout.addWidget(undo_button)
    row.hide()
    return row, words, undo_button
