"""Read aloud: reading an article section by section with the app's one voice.

One engine serves the whole app (`speech_engine.Voice`), started on first use
on a thread of its own: speech-dispatcher takes seconds to start, so the first
press shows "Starting the voice…" (STARTING) and reading begins when the voice
is ready; the window answers throughout, and Stop cancels.

`ReadAloud` gives the engine one section per utterance and moves on when the
engine reports Ready (`stateChanged`): every engine reports its states, while
speech-dispatcher gives no `sayingWord`, and `aboutToSynthesize` reports the
previous utterance's id. `sayingWord`, where given, records how far a section
has been read, so that a new speed or voice goes on from the word being read.
The page is known only through `show_section(index)` and `section_count()`,
which number the sections as the page does (`SpokenSection.index`).
"""

from __future__ import annotations

from typing import Protocol

from reader.core.model import Article
from reader.core.text.spoken import SpokenSection, spoken_sections
from reader.ui.qt import QObject, QTextToSpeech, QTimer, Signal
from reader.ui.settings import Preferences
from reader.ui.speech_engine import (
    MOCK,
    NO_ENGINE,
    NOT_INSTALLED,
    Voice,
    speech_engine,
    start_voice,
    unavailable_reason,
    use_engine,
)

__all__ = [  # the engine's names, for the controls and the tests
    "MOCK",
    "NOT_INSTALLED",
    "NO_ENGINE",
    "ReadAloud",
    "speech_engine",
    "unavailable_reason",
    "use_engine",
]

IDLE, STARTING, READING, PAUSED = "idle", "starting", "reading", "paused"
STARTING_MESSAGE = "Starting the voice…"
# speech-dispatcher starts in 1.5-4 s; one stuck while shutting down never answers.
START_LIMIT_MS = 30_000
GAVE_UP = (
    "The voice did not start within 30 seconds: the speech service is not answering. "
    "Try again in a minute, or restart the computer."
)
# After a stop, an engine reports Ready at once; speech-dispatcher has been seen
# to say nothing. Waiting longer than this goes on as if it had said Ready.
STOP_LIMIT_MS = 2_000


def _from_utf16(text: str, position: int) -> int:
    """Qt counts positions in UTF-16 units; Python in code points (they differ past U+FFFF)."""
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
        return position
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


class SectionView(Protocol):
    """What read aloud needs of the article page."""

    def show_section(self, index: int) -> None: ...

    def section_count(self) -> int: ...


class ReadAloud(QObject):
    """Reads one article aloud, section by section, marking the section being read."""

    changed = Signal()  # state, section or message changed

    def __init__(self, view: SectionView, prefs: Preferences, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.prefs = prefs
        self.state = IDLE
        self.section = -1  # the section being read (or last read)
        self.message = ""  # one line: what is being read, or why it cannot be
        self.article: Article | None = None
        self.sections: list[SpokenSection] = []
        self.engine: Voice | None = None
        self._waiting = QTimer(self, singleShot=True)  # for a voice that does not answer
        self._waiting.timeout.connect(self._no_answer)
        self._heard_from: Voice | None = None  # the voice whose start is listened to
        self._jump: tuple[int, int] | None = None  # (section, position) once the engine stops
        self._start = 0  # where in the section's utterance the engine's text starts
        self._word = 0  # where the word being said starts, in the section's utterance
        self._pause_stop = False  # the engine was stopped to pause (no pause of its own)
        self._section_done = False  # the section ended while paused

    # What the controls ask
    def read(self, article: Article, start: int = 0) -> None:
        """Read `article` aloud from section `start` (once the voice has started)."""
        voice = start_voice()
        if voice is None:
            self.message = unavailable_reason() or NO_ENGINE
            self.changed.emit()
            return
        self.article = article
        count = self.view.section_count()
        self.sections = [s for s in spoken_sections(article) if s.index < count]
        if voice.ready:
            self._attach(voice)
            self._go_to(start)
            return
        self.state, self.message, self._jump = STARTING, STARTING_MESSAGE, (start, 0)
        if self._heard_from is not voice:
            voice.started.connect(self._voice_started)
            self._heard_from = voice
        self._waiting.start(START_LIMIT_MS)
        self.changed.emit()

    def pause(self) -> None:
        if self.state != READING or self.engine is None:
            return
        self.state = PAUSED
        self._section_done = False
        capabilities = self.engine.engineCapabilities()
        if capabilities & QTextToSpeech.Capability.PauseResume:
            self.engine.pause()
        else:
            self._pause_stop = True
            self.engine.stop()
        self.message = f"Paused: section {self.section + 1} of {len(self.sections)}"
        self.changed.emit()

    def resume(self) -> None:
        if self.state != PAUSED or self.engine is None:
            return
        if self.engine.state() == QTextToSpeech.State.Paused:
            self.state = READING
            self._say_message()
            self.engine.resume()
        elif self._section_done:
            self._go_to(self.section + 1)
        else:
            self._go_to(self.section, self._word)

    def stop(self, message: str = "Stopped reading.") -> None:
        if self.state == IDLE:
            return
        self.state = IDLE
        self._jump = None
        self._waiting.stop()
        self.message = message
        if self.engine is not None:
            self.engine.stop()
        self._detach()
        self.changed.emit()

    def forget(self) -> None:
        """A kiosk's next visitor: stopped, and nothing said of the last one's reading
        (their "Stopped reading." or "Paused: section 3 of 5" beside the button)."""
        self.stop()
        self.message, self.section, self.article, self.sections = "", -1, None, []
        self.changed.emit()

    def next_section(self) -> None:
        if self.state in (READING, PAUSED):
            self._go_to(self.section + 1)

    def previous_section(self) -> None:
        if self.state in (READING, PAUSED):
            self._go_to(max(0, self.section - 1))

    def article_shown(self, article: Article) -> None:
        """The page showed `article` anew (new look) or another one (stop)."""
        if self.state == IDLE:
            return
        if self.article is not None and article.id == self.article.id:
            self._show()  # the page was drawn again, or laid out anew
        else:
            self.stop()

    def set_rate(self, rate: float) -> None:
        self.prefs.speech_rate = rate
        if self.engine is not None:
            self.engine.setRate(self.prefs.speech_rate)
            self._again_from_word()

    def set_voice(self, name: str) -> None:
        self.prefs.speech_voice = name
        if self.engine is not None and self._apply_voice(self.engine):
            self._again_from_word()

    def voices(self) -> list[str]:
        """The engine's voices for English (empty until the engine has started)."""
        engine = self.engine or speech_engine()
        return [voice.name() for voice in engine.availableVoices()] if engine else []

    # The engine
    def _voice_started(self) -> None:
        if self.state != STARTING:
            return  # stopped, or the page left, while it started
        self._waiting.stop()
        voice = speech_engine()
        if voice is None:  # the engine failed to load
            self.stop(unavailable_reason() or NO_ENGINE)
            return
        (index, _position), self._jump = self._jump, None
        self._attach(voice)
        self._go_to(index)

    def _no_answer(self) -> None:
        """The voice has not started, or has not said Ready after a stop, in good time."""
        if self.state == STARTING:
            self.stop(GAVE_UP)
        elif self._jump is not None:
            (index, position), self._jump = self._jump, None
            self._say(index, position)

    def _attach(self, engine: Voice) -> None:
        if self.engine is None:
            engine.stateChanged.connect(self._engine_state)
            engine.sayingWord.connect(self._saying_word)
            engine.setRate(self.prefs.speech_rate)
            self._apply_voice(engine)
            self.engine = engine

    def _detach(self) -> None:
        """Let go of the shared engine: another page or window may read next."""
        if self.engine is not None:
            self.engine.stateChanged.disconnect(self._engine_state)
            self.engine.sayingWord.disconnect(self._saying_word)
            self.engine = None

    def _apply_voice(self, engine: Voice) -> bool:
        # "" is "Default voice": the engine's own, also after another was chosen (a kiosk's
        # next visitor, or a reader going back to it).
        wanted = self.prefs.speech_voice or engine.default_voice_name()
        for voice in engine.availableVoices():
            if voice.name() == wanted and engine.voice_name() != wanted:
                engine.setVoice(voice)
                return True
        return False

    def _go_to(self, index: int, position: int = 0) -> None:
        if index >= len(self.sections):
            self.stop("Finished reading this summary.")
            return
        self.state = READING
        self._pause_stop = False
        if self.engine.state() in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Paused):
            self._jump = (index, position)
            self.engine.stop()  # the Ready that follows goes on (see _engine_state)
            self._waiting.start(STOP_LIMIT_MS)
            self.section = index  # shown at once; said once the engine has stopped
            self._show()
            self._say_message()
        else:
            self._say(index, position)

    def _again_from_word(self) -> None:
        if self.state == READING:
            self._go_to(self.section, self._word)

    def _say(self, index: int, position: int = 0) -> None:
        self.section = index
        self._start = self._word = position
        self._section_done = False
        self._show()
        self._say_message()
        self.engine.say(self.sections[index].utterance()[position:])

    def _show(self) -> None:
        """Mark the section being read on the page, by the page's numbering."""
        if 0 <= self.section < len(self.sections):
            self.view.show_section(self.sections[self.section].index)

    def _say_message(self) -> None:
        heading = self.sections[self.section].heading
        self.message = f"Reading section {self.section + 1} of {len(self.sections)}: {heading}"
        self.changed.emit()

    def _engine_state(self, state: QTextToSpeech.State) -> None:
        """Where the engine is now; reports overtaken by a later command are passed over."""
        engine = self.engine
        if engine is None or engine.state() != state:
            return  # reported late: the engine has moved on since
        if state == QTextToSpeech.State.Ready:
            self._waiting.stop()
            if self._jump is not None:
                (index, position), self._jump = self._jump, None
                self._say(index, position)
            elif self.state == READING:
                self._go_to(self.section + 1)
            elif self.state == PAUSED and not self._pause_stop:
                self._section_done = True  # paused after the last word: resume goes on
            self._pause_stop = False
        elif state == QTextToSpeech.State.Error:
            self.stop(f"Read aloud stopped: {engine.errorString() or 'the engine failed'}.")

    def _saying_word(self, _word: str, _id: int, start: int, _length: int) -> None:
        if self.state == IDLE or not self.sections or self._jump is not None:
            return  # a word of the utterance being stopped
        said = self.sections[self.section].utterance()[self._start :]
        self._word = self._start + _from_utf16(said, start)
