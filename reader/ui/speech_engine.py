"""The app's one speech engine, started on a thread of its own so the window never waits.

speech-dispatcher's engine takes 1.5-4 s to create (`spd_open`, then the
list of every voice), and PySide holds Python's lock through any call into
Qt, so a Python thread would freeze the window just the same. Here the
`QTextToSpeech` is made on the window's thread with Qt's instant "mock"
engine, moved to a `QThread`, and asked there, by a queued call that runs as
C++ with no Python lock, to load the real engine (`setEngine`). It then lives
on that thread for good: `Voice` is its face on the window's thread, passing
commands through queued signals and keeping copies of what read aloud asks
(state, voices, capabilities), so nothing on the window's thread ever blocks
on the engine. A speech-dispatcher stuck while shutting down never answers
`spd_open` at all: the window goes on, and read aloud says so after a while.

Qt always ships the mock engine, which speaks nothing; it is never the
reader's voice, only the tests' (`use_engine`).
"""

from __future__ import annotations

import atexit
from dataclasses import dataclass

from reader.ui.qt import (
    Q_ARG,
    SPEECH_PROBLEM,
    QApplication,
    QLocale,
    QMetaObject,
    QObject,
    Qt,
    QTextToSpeech,
    QThread,
    QVoice,
    Signal,
    Slot,
)

MOCK = "mock"  # Qt's silent engine: reports every word, speaks nothing
# Which engine to use when a platform has several (Qt's own order of preference).
PREFERRED = ("winrt", "darwin", "speechd", "flite", "sapi", "android")

NOT_INSTALLED = (
    "Read aloud is not installed. To add it: pip install 'sci-reader[speech]' (PySide6-Addons)."
)
# Said beside the Read aloud button, at 300% text in a third of a laptop's width:
# short enough for two lines there (a third line took the reading area under 55%).
NO_ENGINE = "No speech engine found. On Linux, install speech-dispatcher and espeak-ng."

_wanted: str | None = None  # None: the platform's own engine
_voice: Voice | None = None
_failed: str | None = None  # why the chosen engine did not start


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


def start_voice() -> Voice | None:
    """The app's one voice, starting it if need be (see `Voice.ready`); None: see why above."""
    global _voice
    if _voice is None and unavailable_reason() is None:
        _voice = Voice(_chosen_engine())
        QApplication.instance().aboutToQuit.connect(_voice.close)
    return _voice


def _close() -> None:
    global _voice
    if _voice is not None:
        _voice.close()
        _voice = None


# A QThread still running when Python lets go of it ends the process with a
# fatal error: the engine's thread ends with the app, or at the latest here.
atexit.register(_close)


def speech_engine() -> Voice | None:
    """The voice once it has started, else None (starts nothing)."""
    return _voice if _voice is not None and _voice.ready else None


def use_engine(name: str | None) -> None:
    """Speak with engine `name` from now on (tests: "mock"); None: the platform's own."""
    global _wanted, _failed
    _close()
    _wanted, _failed = name, None


def _engine_failed(reason: str) -> None:
    global _failed, _voice
    _failed, _voice = reason, None


class _Loader(QObject):
    """Lives on the engine's thread: once the engine has loaded, sets it up and reports."""

    loaded = Signal(object)  # a _Loaded, or the reason the engine failed (str)

    def __init__(self, tts: QTextToSpeech, engine: str) -> None:
        super().__init__()
        self.tts, self.engine = tts, engine

    @Slot()
    def finish(self) -> None:
        tts = self.tts
        if tts.engine() != self.engine or tts.state() == QTextToSpeech.State.Error:
            why = tts.errorString() or "no reason"
            self.loaded.emit(f"The speech engine did not start: {why}.")
            return
        english = _english(tts)
        if english is not None:
            tts.setLocale(english)
        voices = tts.availableVoices()
        voice = tts.voice().name()
        self.loaded.emit(_Loaded(tts.engineCapabilities(), voices, voice, tts.rate(), voice))


@dataclass
class _Loaded:
    capabilities: object  # QTextToSpeech.Capability flags
    voices: list
    voice: str
    rate: float
    default_voice: str  # the engine's own choice, which "Default voice" goes back to


class Voice(QObject):
    """The window's side of the one engine: commands queued to its thread, state copied back."""

    started = Signal()  # ready, or failed (then `unavailable_reason()` says why)
    stateChanged = Signal(object)  # QTextToSpeech.State
    sayingWord = Signal(str, int, int, int)  # word, utterance id, start, length (UTF-16)
    _say = Signal(str)
    _stop = Signal()
    _pause = Signal()
    _resume = Signal()
    _rate = Signal(float)
    _choose = Signal(QVoice)

    def __init__(self, engine: str) -> None:
        super().__init__(QApplication.instance())
        self.ready = False
        self._error = ""
        self._state = QTextToSpeech.State.Ready
        self._loaded = _Loaded(QTextToSpeech.Capability.None_, [], "", 0.0, "")
        self._thread = QThread()
        self._thread.setObjectName("speech engine")
        # Made here with the instant mock engine, so that the object exists at
        # once; the real one loads on the engine's thread (see the docstring).
        self._tts = QTextToSpeech(MOCK)
        self._loader = _Loader(self._tts, engine)
        for thing in (self._tts, self._loader):
            thing.moveToThread(self._thread)
        self._loader.loaded.connect(self._engine_loaded)
        self._tts.stateChanged.connect(self._engine_state)
        self._tts.sayingWord.connect(self._engine_word)
        for signal, slot in (
            (self._say, self._tts.say),
            (self._stop, self._tts.stop),
            (self._pause, self._tts.pause),
            (self._resume, self._tts.resume),
            (self._rate, self._tts.setRate),
            (self._choose, self._tts.setVoice),
        ):
            signal.connect(slot)
        self._thread.start()
        # Parameters, or setEngine returns at once without loading when the
        # name is the placeholder's (the tests' mock engine).
        QMetaObject.invokeMethod(
            self._tts,
            "setEngine",
            Qt.ConnectionType.QueuedConnection,
            Q_ARG(str, engine),
            Q_ARG("QVariantMap", {"started_by": "sci-reader"}),
        )
        QMetaObject.invokeMethod(self._loader, "finish", Qt.ConnectionType.QueuedConnection)

    # What read aloud asks, answered from the copies (never waits)
    def state(self) -> QTextToSpeech.State:
        return self._state

    def engineCapabilities(self) -> QTextToSpeech.Capability:
        return self._loaded.capabilities

    def availableVoices(self) -> list[QVoice]:
        return list(self._loaded.voices)

    def voice_name(self) -> str:
        return self._loaded.voice

    def default_voice_name(self) -> str:
        return self._loaded.default_voice

    def rate(self) -> float:
        return self._loaded.rate

    def errorString(self) -> str:
        return self._error

    # Commands, carried out on the engine's thread in the order given
    def say(self, text: str) -> None:
        self._say.emit(text)

    def stop(self) -> None:
        self._stop.emit()

    def pause(self) -> None:
        self._pause.emit()

    def resume(self) -> None:
        self._resume.emit()

    def setRate(self, rate: float) -> None:
        self._loaded.rate = rate
        self._rate.emit(rate)

    def setVoice(self, voice: QVoice) -> None:
        self._loaded.voice = voice.name()
        self._choose.emit(voice)

    def close(self) -> None:
        """Stop speaking and end the engine's thread (tests, and the app's end)."""
        if not self._thread.isRunning():
            return
        self._stop.emit()
        for thing in (self._tts, self._loader):
            thing.deleteLater()  # on the engine's thread, before that thread ends
        self._thread.quit()
        if not self._thread.wait(3000):  # stuck in spd_open: nothing else ends it
            self._thread.terminate()
            self._thread.wait()
        self.deleteLater()

    # Reports from the engine's thread (queued: they run on the window's thread)
    def _engine_loaded(self, loaded: _Loaded | str) -> None:
        if isinstance(loaded, str):
            _engine_failed(loaded)
            self.close()
        else:
            self._loaded, self.ready = loaded, True
        self.started.emit()

    def _engine_state(self, state: QTextToSpeech.State) -> None:
        self._state = state
        if state == QTextToSpeech.State.Error:
            self._error = self._tts.errorString()
        if self.ready:
            self.stateChanged.emit(state)

    def _engine_word(self, word: str, utterance: int, start: int, length: int) -> None:
        if self.ready:
            self.sayingWord.emit(word, utterance, start, length)


def _english(tts: QTextToSpeech) -> QLocale | None:
    """An English locale when the engine's is another (the summaries are in English)."""
    english = QLocale.Language.English
    if tts.locale().language() == english:
        return None
    locales = [loc for loc in tts.availableLocales() if loc.language() == english]
    if not locales:
        return None
    system = QLocale.system()
    return system if system in locales else locales[0]
