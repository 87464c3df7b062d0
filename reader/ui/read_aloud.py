"""Read aloud: the app's one speech engine, and reading an article section by section.

One QTextToSpeech serves the whole app (`speech_engine`), made on first use:
speech-dispatcher's engine takes seconds to start, and engines misbehave when
several instances share a process. Qt always ships its "mock" engine, which
speaks nothing; it is never the reader's voice, only the tests' (`use_engine`).

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
from reader.ui.qt import (
    SPEECH_PROBLEM,
    QApplication,
    QLocale,
    QObject,
    Qt,
    QTextToSpeech,
    Signal,
)
from reader.ui.settings import Preferences

MOCK = "mock"  # Qt's silent engine: reports every word, speaks nothing
# Which engine to use when a platform has several (Qt's own order of preference).
PREFERRED = ("winrt", "darwin", "speechd", "flite", "sapi", "android")

NOT_INSTALLED = (
    "Read aloud is not installed. To add it: pip install 'sci-reader[speech]' (PySide6-Addons)."
)
NO_ENGINE = (
    "Read aloud needs a speech engine and none was found. "
    "On Linux, install speech-dispatcher and espeak-ng."
)

IDLE, READING, PAUSED = "idle", "reading", "paused"

_wanted: str | None = None  # None: the platform's own engine
_engine: QTextToSpeech | None = None
_failed: str | None = None  # why the chosen engine did not start


def use_engine(name: str | None) -> None:
    """Speak with engine `name` from now on (tests: "mock"); None: the platform's own."""
    global _wanted, _engine, _failed
    if _engine is not None:
        _engine.stop()
        _engine.deleteLater()
    _wanted, _engine, _failed = name, None, None


def _chosen_engine() -> str | None:
    engines = QTextToSpeech.availableEngines()
    if _wanted is not None:
        return _wanted if _wanted in engines else None
    real = [e for e in engines if e != MOCK]
    real.sort(key=lambda e: PREFERRED.index(e) if e in PREFERRED else len(PREFERRED))
    return real[0] if real else None


def unavailable_reason() -> str | None:
    """Why read aloud cannot work here, or None. Starts no engine (cheap)."""
    if QTextToSpeech is None:
        if SPEECH_PROBLEM and "No module named" in SPEECH_PROBLEM:
            return NOT_INSTALLED
        hint = " On Linux, install libpulse0." if "libpulse" in (SPEECH_PROBLEM or "") else ""
        return f"Read aloud cannot start: {SPEECH_PROBLEM}.{hint}"
    if _failed:
        return _failed
    return None if _chosen_engine() else NO_ENGINE


def speech_engine() -> QTextToSpeech | None:
    """The app's one engine, started on first use; None when there is none (see why above)."""
    global _engine, _failed
    if _engine is None and unavailable_reason() is None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # speechd: seconds
        try:
            engine = QTextToSpeech(_chosen_engine(), QApplication.instance())
        finally:
            QApplication.restoreOverrideCursor()
        if engine.state() == QTextToSpeech.State.Error:
            _failed = f"The speech engine did not start: {engine.errorString() or 'no reason'}."
            engine.deleteLater()
            return None
        _use_english(engine)
        _engine = engine
    return _engine


def _use_english(engine: QTextToSpeech) -> None:
    """The summaries are in English: a voice for another language would garble them."""
    english = QLocale.Language.English
    if engine.locale().language() == english:
        return
    locales = [loc for loc in engine.availableLocales() if loc.language() == english]
    if locales:
        system = QLocale.system()
        engine.setLocale(system if system in locales else locales[0])


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
        self.engine: QTextToSpeech | None = None
        self._jump: tuple[int, int] | None = None  # (section, position) once the engine stops
        self._start = 0  # where in the section's utterance the engine's text starts
        self._word = 0  # where the word being said starts, in the section's utterance
        self._pause_stop = False  # the engine was stopped to pause (no pause of its own)
        self._section_done = False  # the section ended while paused

    # What the controls ask
    def read(self, article: Article, start: int = 0) -> None:
        """Read `article` aloud from section `start`."""
        if not self._attach():
            return
        self.article = article
        count = self.view.section_count()
        self.sections = [s for s in spoken_sections(article) if s.index < count]
        self._go_to(start)

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
        self.message = message
        if self.engine is not None:
            self.engine.stop()
        self._detach()
        self.changed.emit()

    def next_section(self) -> None:
        if self.state != IDLE:
            self._go_to(self.section + 1)

    def previous_section(self) -> None:
        if self.state != IDLE:
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
        engine = self.engine or _engine
        return [voice.name() for voice in engine.availableVoices()] if engine else []

    # The engine
    def _attach(self) -> bool:
        if self.engine is None:
            engine = speech_engine()
            if engine is None:
                self.message = unavailable_reason() or NO_ENGINE
                self.changed.emit()
                return False
            engine.stateChanged.connect(self._engine_state)
            engine.sayingWord.connect(self._saying_word)
            engine.setRate(self.prefs.speech_rate)
            self._apply_voice(engine)
            self.engine = engine
        return True

    def _detach(self) -> None:
        """Let go of the shared engine: another page or window may read next."""
        if self.engine is not None:
            self.engine.stateChanged.disconnect(self._engine_state)
            self.engine.sayingWord.disconnect(self._saying_word)
            self.engine = None

    def _apply_voice(self, engine: QTextToSpeech) -> bool:
        wanted = self.prefs.speech_voice
        for voice in engine.availableVoices():
            if voice.name() == wanted and engine.voice().name() != wanted:
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
        engine = self.engine
        if engine is None or engine.state() != state:
            return  # reported late: the engine has moved on since
        if state == QTextToSpeech.State.Ready:
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
        if self.state == IDLE or not self.sections:
            return
        said = self.sections[self.section].utterance()[self._start :]
        self._word = self._start + _from_utf16(said, start)
