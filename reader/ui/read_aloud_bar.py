"""The read-aloud controls under an article: read, pause, resume, stop, sections, speed, voice.

One button reads, pauses and resumes (its words say which), so keyboard
focus stays put while the state changes; the others appear while an article
is being read. Where read aloud cannot work the button is disabled and the
line beside it says why, instead of failing when pressed. The bar keeps one
row, in the chrome's text size, so that at 300% text on a 768-px screen more
than half the window is left to read while reading aloud.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.model import Article
from reader.ui.qt import QActionGroup, QLabel, QMenu, QSize, QSizePolicy, Qt, QWidget
from reader.ui.read_aloud import (
    IDLE,
    PAUSED,
    READING,
    STARTING,
    ReadAloud,
    SectionView,
    unavailable_reason,
)
from reader.ui.settings import Preferences
from reader.ui.theme import COMPACT
from reader.ui.widgets import WrapRow, button

# Speeds offered, as Qt rates (-1.0 slowest, 1.0 fastest).
SPEEDS = (("Very slow", -0.6), ("Slow", -0.3), ("Normal", 0.0), ("Fast", 0.3), ("Very fast", 0.6))
DEFAULT_VOICE = "Default voice"
KEYS = "Previous section: Ctrl+[ · Next section: Ctrl+]"
WHAT_IT_DOES = "Reads this summary aloud, section by section"
GAP = 8  # between the controls, in px
# The state line's few words, when the whole sentence has no room beside the buttons.
SHORT = {PAUSED: "Paused", STARTING: "Starting"}
# The section buttons' words, and their arrows alone when the words leave no room for
# the short line (1024 px at 300% text): "Paused" must be seen, not only heard.
PREVIOUS, NEXT = "◀ Section", "Section ▶"
PREVIOUS_TERSE, NEXT_TERSE = "◀◀", "▶▶"
PAUSE, RESUME = "‖ Pause", "▶ Resume"  # the first button's words while reading, paused
ONE_ROW = 100_000  # px: wide enough for every control on one row


class ReadAloudBar(WrapRow):
    """The controls, and the `ReadAloud` they drive."""

    def __init__(
        self, view: SectionView, prefs: Preferences, article: Callable[[], Article | None]
    ):
        super().__init__("Read aloud", spacing=GAP)
        # Like the toolbar: the chrome's text size, which grows less than the summary's,
        # and small padding (theme: compact). In the summary's size, at 300% text the
        # bar took two rows and a line (256 px) and left 36% of a 768-px window to read.
        self.setObjectName("chrome")
        self.reading = ReadAloud(view, prefs, self)
        self.reading.changed.connect(self.update_controls)
        self._article = article
        self.play = button("▶ Read aloud", "Read aloud", WHAT_IT_DOES)
        self.play.clicked.connect(self.play_or_pause)
        self.stop_button = button("■ Stop", "Stop reading", "Stops reading aloud")
        self.stop_button.clicked.connect(lambda: self.reading.stop())
        # Short words, so that the bar keeps to one or two rows at 300% text.
        self.previous = button(PREVIOUS, "Previous section", "Reads the section before (Ctrl+[)")
        self.previous.clicked.connect(self.reading.previous_section)
        self.next = button(NEXT, "Next section", "Reads the next section (Ctrl+])")
        self.next.clicked.connect(self.reading.next_section)
        self.voice_button = button(
            "Voice…", "Voice and speed", "Choose the reading speed and voice"
        )
        self.voice_menu = QMenu("Voice and speed", self)
        self.voice_menu.setAccessibleName("Voice and speed")
        self.voice_menu.aboutToShow.connect(self._fill_menu)
        self.voice_button.setMenu(self.voice_menu)
        self.speeds = QActionGroup(self)
        self.voices = QActionGroup(self)
        self.status = _Line(self.play)
        for widget in (
            self.play,
            self.stop_button,
            self.previous,
            self.next,
            self.voice_button,
            self.status,
        ):
            widget.setProperty(COMPACT, True)
            self.flow.addWidget(widget)
        self._fill_menu()
        self.update_controls()

    def play_or_pause(self) -> None:
        if self.reading.state == READING:
            self.reading.pause()
        elif self.reading.state == PAUSED:
            self.reading.resume()
        elif self.reading.state == IDLE:  # while the voice starts: nothing more to do
            article = self._article()
            if article is not None:
                self.reading.read(article)

    def _fill_menu(self) -> None:
        """Speeds and voices as two groups of choices; voices once the engine has started."""
        prefs = self.reading.prefs
        self.voice_menu.clear()
        for old in self.voice_menu.findChildren(QMenu):
            old.deleteLater()
        for group in (self.speeds, self.voices):
            for action in group.actions():
                group.removeAction(action)
        speed_menu = self.voice_menu.addMenu("Speed")
        current = _nearest_speed(prefs.speech_rate)
        for i, (label, rate) in enumerate(SPEEDS):
            action = speed_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(i == current)
            action.triggered.connect(lambda _=False, r=rate: self.reading.set_rate(r))
            self.speeds.addAction(action)
        voice_menu = self.voice_menu.addMenu("Voice")
        names = self.reading.voices() or ([prefs.speech_voice] if prefs.speech_voice else [])
        for name in ["", *names]:
            action = voice_menu.addAction(name or DEFAULT_VOICE)
            action.setCheckable(True)
            action.setChecked(name == prefs.speech_voice)
            action.triggered.connect(lambda _=False, n=name: self.reading.set_voice(n))
            self.voices.addAction(action)

    def update_controls(self) -> None:
        state = self.reading.state
        problem = unavailable_reason()
        self.play.setEnabled(problem is None)
        text, name = {
            IDLE: ("▶ Read aloud", "Read aloud"),
            READING: (PAUSE, "Pause reading"),
            PAUSED: (RESUME, "Resume reading"),
            STARTING: ("Starting…", "Starting the voice"),  # pressed again: nothing
        }[state]
        self.play.setText(text)
        self.play.setAccessibleName(name)
        self.play.setAccessibleDescription(problem or WHAT_IT_DOES)
        self.play.setToolTip(problem or WHAT_IT_DOES)
        hiding = (self.stop_button, self.previous, self.next)
        if state == IDLE and any(widget.hasFocus() for widget in hiding):
            self.play.setFocus(Qt.FocusReason.OtherFocusReason)  # not lost with a hidden button
        for widget in hiding:
            widget.setVisible(state != IDLE and (widget is self.stop_button or state != STARTING))
        self.voice_button.setVisible(problem is None)
        # While reading, the marked section says where; the line tells what else happened.
        message = problem or ("" if state == READING else self.reading.message)
        self.status.say(message, message if problem else SHORT.get(state, message))
        self.setAccessibleDescription(self.reading.message or KEYS)
        self.relayout()

    def _fit(self) -> None:
        self._place_line()
        if self.isVisible():
            super()._fit()
        else:
            # Hidden, its width is not known (640 px before it is first laid out: the
            # line wrapped in that made the bar 352 px tall at 300% text, and the window
            # grew past a 768-px screen). One row until it is shown, at its own width.
            height = self.flow.heightForWidth(ONE_ROW)
            if height != self.height() or self.minimumHeight() != height:
                self.setFixedHeight(height)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.relayout()  # a size step while it was hidden left it one row

    def _place_line(self) -> None:
        """The line beside the buttons, whole; under them only while the bar is idle.

        While an article is read, a line under the buttons cost a row of the
        reading area (under 55% of a 768-px window at 250% text and more), so it
        stays beside them: whole, or in its few words (the bar's description and
        the line's name keep all of it for screen readers), and where even those
        have no room, the section buttons show their arrows only. Idle, the line
        may say why read aloud cannot work: it wraps beside the button, or under it.
        """
        line = self.status
        chosen, terse = line.whole, False
        if self.reading.state != IDLE:
            others = (self.stop_button, self.voice_button)
            used = sum(_width(w) + GAP for w in others if not w.isHidden())
            used += max(_width_with(self.play, words) for words in (PAUSE, RESUME)) + GAP
            sections = [(b, words, arrows) for b, words, arrows in (
                (self.previous, PREVIOUS, PREVIOUS_TERSE), (self.next, NEXT, NEXT_TERSE),
            ) if not b.isHidden()]  # fmt: skip
            used += sum(_width_with(b, words) + GAP for b, words, _ in sections)
            # Reading or paused, the same buttons: nothing moves as the reader pauses.
            if used + line.needs(SHORT[PAUSED]) > self.width():
                terse = True
                used -= sum(_width_with(b, words) - _width_with(b, arrows)
                            for b, words, arrows in sections)  # fmt: skip
            room = self.width() - used
            fits = [t for t in (line.whole, line.short) if t and line.needs(t) <= room]
            chosen = fits[0] if fits else ""
        self.previous.setText(PREVIOUS_TERSE if terse else PREVIOUS)
        self.next.setText(NEXT_TERSE if terse else NEXT)
        if line.text() != chosen:
            line.setText(chosen)
        if line.isHidden() == bool(chosen):
            line.setVisible(bool(chosen))


class _Line(QLabel):
    """The state line: beside the buttons, wrapped in the room they leave when that holds
    20 characters a line, else under them. It shows its whole sentence or its short
    words (`say`); its name and tooltip are always the whole."""

    def __init__(self, beside: QWidget) -> None:
        super().__init__()
        self.whole = self.short = ""
        self._beside = beside  # one line is as tall as this button, its words level with its
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setProperty("role", "muted")
        self.setMinimumHeight(44)
        # Ignored: the flow layout gives it what is left of the row (flow_layout.py).
        # Under the button, why read aloud cannot work took a row more at 300% text.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def say(self, whole: str, short: str) -> None:
        self.whole, self.short = whole, short
        self.setText(whole)  # until the bar chooses, as it lays out, what it has room for
        self.setAccessibleName(whole)
        self.setToolTip(whole)

    def needs(self, text: str) -> int:
        """The width `text` takes on one line."""
        return self.fontMetrics().horizontalAdvance(text) + 8

    def _row(self) -> int:
        self._beside.ensurePolished()
        return max(44, self.fontMetrics().height(), self._beside.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.needs(self.text()), self._row())

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self._row())  # more lines: taller

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        words = [metrics.horizontalAdvance(word) for word in self.text().split()]
        least = max([20 * metrics.averageCharWidth(), *words])
        return QSize(min(least, self.sizeHint().width()), 44)


def _width(widget: QWidget) -> int:
    widget.ensurePolished()  # a button never shown yet has no style sheet size
    return widget.sizeHint().width()


def _width_with(button: QWidget, words: str) -> int:
    """`button`'s width with `words` on it instead of its text, its padding and frame
    as they are (a minimum width larger than arrows and padding would be missed: the
    arrows are wider than the 44-px minimum from 200% text on, and terse is for 300%)."""
    metrics = button.fontMetrics()
    now = metrics.horizontalAdvance(button.text())
    return _width(button) + metrics.horizontalAdvance(words) - now


def _nearest_speed(rate: float) -> int:
    return min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i][1] - rate))
