"""Read aloud's first press: the voice starts on its own thread and the window never waits.

speech-dispatcher takes seconds to start (and, stuck while shutting down,
never answers). Here Qt's mock engine is held at the gate on the engine's
thread (`speech_engine._english` runs there once the engine has loaded), so
the test decides when the voice is ready, and checks what the reader sees
and can do meanwhile.
"""

from __future__ import annotations

import re
import threading

import pytest

from reader.ui import read_aloud, speech_engine
from reader.ui.qt import QApplication, Qt, QTimer
from reader.ui.read_aloud import GAVE_UP, IDLE, READING, STARTING, STARTING_MESSAGE
from reader.ui.settings import Preferences
from tests.ui import library_content as content
from tests.ui.helpers import go


@pytest.fixture
def gate(monkeypatch):
    """The engine's thread waits here, after loading, until the test opens it."""
    opened = threading.Event()
    english = speech_engine._english

    def held(tts):
        assert threading.current_thread() is not threading.main_thread()
        opened.wait(30)
        return english(tts)

    monkeypatch.setattr(speech_engine, "_english", held)
    read_aloud.use_engine(read_aloud.MOCK)
    yield opened
    opened.set()  # never leave the engine's thread waiting
    read_aloud.use_engine(None)


@pytest.fixture
def article(gate, ui_data_dir, make_window):
    Preferences(ui_data_dir).speech_rate = 1.0  # fastest mock speech
    window = make_window(ui_data_dir)
    go(window, "article", content.FULL_ID)
    return window


def test_the_window_answers_while_the_voice_starts(qtbot, gate, article):
    window, controls = article, article.article_page.read_aloud
    qtbot.mouseClick(controls.play, Qt.MouseButton.LeftButton)
    assert controls.reading.state == STARTING
    assert controls.play.text() == "Starting…"
    assert controls.play.accessibleName() == "Starting the voice" and controls.play.hasFocus()
    assert controls.status.text() == STARTING_MESSAGE and controls.status.isVisible()
    assert controls.stop_button.isVisible() and not controls.next.isVisible()
    # The event loop runs: timers fire, clicks and keys work, a second press waits too.
    ticks = []
    timer = QTimer(interval=10, timeout=lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5)
    timer.stop()
    qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)
    assert window.personal.is_bookmarked(content.FULL_ID)
    qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    controls.play.click()
    assert controls.reading.state == STARTING and speech_engine.speech_engine() is None

    gate.set()
    qtbot.waitUntil(lambda: controls.reading.state == READING)
    assert controls.reading.section == 0  # from the start, whatever was pressed meanwhile
    assert controls.play.accessibleName() == "Pause reading"
    assert controls.next.isVisible() and not controls.status.isVisible()
    words = []
    speech_engine.speech_engine().sayingWord.connect(lambda word, *_: words.append(word))
    qtbot.waitUntil(lambda: len(words) >= 2)
    assert words[:2] == ["Simple", "Explanation"]


def test_stop_while_the_voice_starts_cancels_it(qtbot, gate, article):
    controls = article.article_page.read_aloud
    controls.play.click()
    qtbot.mouseClick(controls.stop_button, Qt.MouseButton.LeftButton)
    assert controls.reading.state == IDLE and controls.play.accessibleName() == "Read aloud"
    gate.set()
    voice = speech_engine.start_voice()
    qtbot.waitUntil(lambda: voice.ready)
    QApplication.processEvents()
    assert controls.reading.state == IDLE  # the voice started, and says nothing
    controls.play.click()  # now ready: reading begins at once
    assert controls.reading.state == READING


def test_a_voice_that_never_answers_is_given_up_calmly(qtbot, gate, article, monkeypatch):
    monkeypatch.setattr(read_aloud, "START_LIMIT_MS", 300)
    controls = article.article_page.read_aloud
    controls.play.click()
    qtbot.waitUntil(lambda: controls.reading.state == IDLE)
    assert controls.status.text() == GAVE_UP and controls.status.isVisible()
    assert controls.play.isEnabled() and controls.play.accessibleName() == "Read aloud"
    assert not controls.stop_button.isVisible()
    gate.set()  # it answers after all: the next press reads
    qtbot.waitUntil(lambda: speech_engine.speech_engine() is not None)
    controls.play.click()
    assert controls.reading.state == READING


def test_an_engine_silent_after_a_stop_is_not_waited_for_long(qtbot, gate, article, monkeypatch):
    """speech-dispatcher has been seen to report nothing after a stop: reading goes on."""
    monkeypatch.setattr(read_aloud, "STOP_LIMIT_MS", 300)
    gate.set()
    controls = article.article_page.read_aloud
    controls.play.click()
    qtbot.waitUntil(lambda: controls.reading.state == READING)
    voice = speech_engine.speech_engine()
    said: list[str] = []
    voice.sayingWord.connect(lambda word, *_: said.append(word))
    qtbot.waitUntil(lambda: len(said) >= 2)
    # The engine never reports Ready after this stop (it goes on speaking section 0).
    monkeypatch.setattr(voice, "stop", lambda: None)
    controls.next.click()
    assert controls.reading.section == 1  # shown at once
    qtbot.waitUntil(lambda: "Findings" in said, timeout=5000)
    assert controls.reading.state == READING
    first = controls.reading.sections[0].utterance()
    cut = said.index("Key")
    # Section 1 began before section 0 was over: the wait ended, not the section.
    assert said[:cut] == re.findall(r"\w+", first)[:cut]
    assert cut < len(re.findall(r"\w+", first))
