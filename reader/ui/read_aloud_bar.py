"""The read-aloud controls under an article: read, pause, resume, stop, sections, speed, voice.

One button reads, pauses and resumes (its words say which), so keyboard
focus stays put while the state changes; the others appear while an article
is being read. Where read aloud cannot work the button is disabled and the
line beside it says why, instead of failing when pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.core.model import Article
from reader.ui.qt import QComboBox, QSizePolicy, Qt
from reader.ui.read_aloud import IDLE, PAUSED, READING, ReadAloud, SectionView, unavailable_reason
from reader.ui.settings import Preferences
from reader.ui.widgets import WrapRow, button, text_label

# Speeds offered, as Qt rates (-1.0 slowest, 1.0 fastest).
SPEEDS = (("Very slow", -0.6), ("Slow", -0.3), ("Normal", 0.0), ("Fast", 0.3), ("Very fast", 0.6))
DEFAULT_VOICE = "Default voice"
KEYS = "Previous section: Ctrl+[ · Next section: Ctrl+]"
WHAT_IT_DOES = "Reads this summary aloud, section by section"


class ReadAloudBar(WrapRow):
    """The controls, and the `ReadAloud` they drive."""

    def __init__(
        self, view: SectionView, prefs: Preferences, article: Callable[[], Article | None]
    ):
        super().__init__("Read aloud")
        self.reading = ReadAloud(view, prefs, self)
        self.reading.changed.connect(self.update_controls)
        self._article = article
        self.play = button(
            "🔊 Read aloud", "Read aloud", "Reads this summary aloud, section by section"
        )
        self.play.clicked.connect(self.play_or_pause)
        self.stop_button = button("■ Stop", "Stop reading", "Stops reading aloud")
        self.stop_button.clicked.connect(lambda: self.reading.stop())
        self.previous = button(
            "◀ Previous section", "Previous section", "Reads the section before (Ctrl+[)"
        )
        self.previous.clicked.connect(self.reading.previous_section)
        self.next = button("Next section ▶", "Next section", "Reads the next section (Ctrl+])")
        self.next.clicked.connect(self.reading.next_section)
        self.speed = QComboBox()
        self.speed.setAccessibleName("Reading speed")
        self.speed.setToolTip("Reading speed")
        for label, rate in SPEEDS:
            self.speed.addItem(f"Speed: {label}", rate)
        self.speed.setCurrentIndex(_nearest_speed(prefs.speech_rate))
        self.speed.activated.connect(lambda i: self.reading.set_rate(self.speed.itemData(i)))
        self.voice = QComboBox()
        self.voice.setAccessibleName("Voice")
        self.voice.setToolTip("Voice")
        self.voice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.voice.activated.connect(self._voice_chosen)
        self.status = text_label("", "muted")
        self.status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.status.setMinimumHeight(44)
        self.status.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        for widget in (self.play, self.stop_button, self.previous, self.next):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for widget in (
            self.play,
            self.stop_button,
            self.previous,
            self.next,
            self.speed,
            self.voice,
            self.status,
        ):
            self.flow.addWidget(widget)
        self.update_controls()

    def play_or_pause(self) -> None:
        if self.reading.state == READING:
            self.reading.pause()
        elif self.reading.state == PAUSED:
            self.reading.resume()
        else:
            article = self._article()
            if article is not None:
                self.reading.read(article)

    def _voice_chosen(self, index: int) -> None:
        name = self.voice.itemData(index)
        self.reading.set_voice(name or "")

    def _fill_voices(self) -> None:
        names = self.reading.voices()
        wanted = self.reading.prefs.speech_voice
        if not names:  # the engine starts on the first reading: show what is remembered
            names = [wanted] if wanted else []
        if [self.voice.itemData(i) for i in range(1, self.voice.count())] == names:
            return
        self.voice.clear()
        self.voice.addItem(DEFAULT_VOICE, "")
        for name in names:
            self.voice.addItem(f"Voice: {name}", name)
        self.voice.setCurrentIndex(max(0, self.voice.findData(wanted)) if wanted else 0)

    def update_controls(self) -> None:
        state = self.reading.state
        problem = unavailable_reason()
        self.play.setEnabled(problem is None)
        text, name = {
            IDLE: ("🔊 Read aloud", "Read aloud"),
            READING: ("⏸ Pause", "Pause reading"),
            PAUSED: ("▶ Resume", "Resume reading"),
        }[state]
        self.play.setText(text)
        self.play.setAccessibleName(name)
        self.play.setAccessibleDescription(
            problem or "Reads this summary aloud, section by section"
        )
        self.play.setToolTip(problem or "Reads this summary aloud, section by section")
        for widget in (self.stop_button, self.previous, self.next):
            widget.setVisible(state != IDLE)
        self.speed.setVisible(problem is None)
        self.voice.setVisible(problem is None)
        if problem is None:
            self._fill_voices()
        message = problem or self.reading.message or KEYS
        self.status.setText(message)
        self.status.setAccessibleName(message)
        self.relayout()


def _nearest_speed(rate: float) -> int:
    return min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i][1] - rate))
