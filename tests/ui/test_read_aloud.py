"""Read aloud on Qt's mock engine: section order, marks, pause/resume, keys, stops, no engine.

The mock engine (shipped in PySide6-Addons' plugins/texttospeech) speaks
nothing but reports every word and state like a real engine, word by word
on a timer: tests wait for what a listener would hear. Rate 1.0 makes it
fastest (about 50 ms a word).
"""

from __future__ import annotations

import pytest

from reader.core.text.spoken import spoken_sections
from reader.ui import read_aloud, speech_engine
from reader.ui.focus import SETTLE_MS
from reader.ui.qt import QApplication, QPalette, QPoint, QRect, Qt, QTextEdit, QTextToSpeech
from reader.ui.read_aloud import IDLE, NO_ENGINE, NOT_INSTALLED, PAUSED, READING
from reader.ui.read_aloud_bar import SPEEDS
from reader.ui.settings import Preferences
from tests.ui import library_content as content
from tests.ui.helpers import go

Ready = QTextToSpeech.State.Ready
Paused = QTextToSpeech.State.Paused


def started(qtbot):
    """The mock voice, started (on its thread) before anything is pressed."""
    voice = speech_engine.start_voice()
    qtbot.waitUntil(lambda: voice.ready)
    return voice


@pytest.fixture
def mock_engine(qtbot):
    read_aloud.use_engine(read_aloud.MOCK)
    started(qtbot)
    yield
    read_aloud.use_engine(None)


@pytest.fixture
def fast(ui_data_dir):
    Preferences(ui_data_dir).speech_rate = 1.0
    return ui_data_dir


@pytest.fixture
def article(mock_engine, fast, make_window):
    window = make_window(fast)
    go(window, "article", content.FULL_ID)
    return window


class Heard:
    """Every word the engine says, and the section being read when it said it."""

    def __init__(self, reading):
        self.reading = reading
        self.words: list[tuple[int, str]] = []
        read_aloud.speech_engine().sayingWord.connect(self._word)

    def _word(self, word: str, *_):
        self.words.append((self.reading.section, word))

    def texts(self) -> list[str]:
        return [w for _s, w in self.words]


def bar(window):
    return window.article_page.read_aloud


def marked(window) -> str:
    """The text of the one section marked current (its heading first)."""
    views = [v for v in window.article_page.content.sections if v.property("current")]
    assert len(views) == 1
    # ... and drawn: a bar in the highlight colour beside it, none beside the others.
    bar_colour = views[0].palette().color(QPalette.ColorRole.Highlight)
    for view in window.article_page.content.sections:
        left = view.grab().toImage().pixelColor(2, view.height() // 2)
        assert (left == bar_colour) == (view is views[0]), view.heading.text()
    return "\n".join(
        w.toPlainText() if isinstance(w, QTextEdit) else w.text() for w in views[0].texts
    )


def heading_in_view(window, index: int) -> bool:
    """Section `index`'s heading lies wholly inside the page's visible area."""
    page = window.article_page
    view = page.content.sections[index]
    viewport = page.scroll.viewport()
    top_left = view.heading.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, view.heading.size()))


def words_of(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text)


def test_reads_every_section_in_order_marking_each_and_scrolling_to_it(qtbot, article):
    window = article
    window.resize(900, 500)  # short, so later sections need scrolling
    QApplication.processEvents()
    controls = bar(window)
    expected = spoken_sections(window.article_page.article)
    assert controls.play.accessibleName() == "Read aloud" and controls.play.isEnabled()
    seen: list[tuple[int, str, bool]] = []

    def note():
        reading = controls.reading
        if reading.state == READING and (not seen or seen[-1][0] != reading.section):
            seen.append((reading.section, marked(window), heading_in_view(window, reading.section)))

    controls.reading.changed.connect(note)
    qtbot.mouseClick(controls.play, Qt.MouseButton.LeftButton)
    heard = Heard(controls.reading)
    assert controls.reading.state == READING
    assert controls.play.accessibleName() == "Pause reading"
    assert controls.stop_button.isVisible() and controls.next.isVisible()
    assert not controls.status.isVisible()  # the marked section shows where
    qtbot.waitUntil(lambda: controls.reading.state == IDLE, timeout=15000)

    assert [s for s, _m, _v in seen] == list(range(len(expected))) == [0, 1, 2, 3, 4]
    for (_s, text, in_view), section in zip(seen, expected, strict=True):
        assert text.startswith(section.heading)
        assert in_view, f"{section.heading} was not scrolled into view"
    assert heard.texts() == [w for s in expected for w in words_of(s.utterance())]
    assert [s for s, _w in heard.words] == [
        i for i, s in enumerate(expected) for _w in words_of(s.utterance())
    ]
    assert controls.reading.message == "Finished reading this summary."
    assert controls.status.text() == "Finished reading this summary."
    assert controls.status.isVisible()
    assert controls.play.accessibleName() == "Read aloud"
    assert not controls.stop_button.isVisible()


def test_pause_and_resume_go_on_from_the_next_word(qtbot, article):
    controls = bar(article)
    controls.play.click()
    heard = Heard(controls.reading)
    engine = read_aloud.speech_engine()
    qtbot.waitUntil(lambda: len(heard.words) >= 3)
    controls.play.click()
    assert controls.reading.state == PAUSED
    assert controls.play.accessibleName() == "Resume reading"
    qtbot.waitUntil(lambda: engine.state() == Paused)
    count = len(heard.words)
    qtbot.wait(250)  # five words' time: none is said while paused
    assert len(heard.words) == count
    controls.play.click()
    assert controls.reading.state == READING
    assert controls.play.accessibleName() == "Pause reading"
    qtbot.waitUntil(lambda: len(heard.words) >= count + 3)
    expected = words_of(controls.reading.sections[0].utterance())
    assert heard.texts() == expected[: len(heard.words)]  # nothing skipped or said twice


def test_next_and_previous_section_keys(qtbot, article):
    window = article
    controls = bar(window)
    controls.play.click()
    heard = Heard(controls.reading)
    qtbot.waitUntil(lambda: len(heard.words) >= 2)
    qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert controls.reading.section == 1
    assert marked(window).startswith("Key Findings")
    qtbot.waitUntil(lambda: heard.words[-1][0] == 1)
    assert heard.words[-1] == (1, "Key")  # the section starts at its heading
    qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    assert controls.reading.section == 1
    qtbot.mouseClick(controls.previous, Qt.MouseButton.LeftButton)
    assert controls.reading.section == 0
    assert marked(window).startswith("Simple Explanation")
    qtbot.waitUntil(lambda: heard.words[-1] == (0, "Simple"))
    # Next from a pause reads the next section at once.
    controls.play.click()
    qtbot.mouseClick(controls.next, Qt.MouseButton.LeftButton)
    assert controls.reading.state == READING and controls.reading.section == 1
    assert window.commands.next_section.shortcut().toString() == "Ctrl+]"
    assert window.commands.previous_section.shortcut().toString() == "Ctrl+["


@pytest.mark.parametrize("away", ["home", "back", "other article", "stop"])
def test_leaving_the_article_stops_reading(qtbot, article, away):
    window = article
    controls = bar(window)
    controls.play.click()
    heard = Heard(controls.reading)
    qtbot.waitUntil(lambda: len(heard.words) >= 2)
    if away == "home":
        qtbot.mouseClick(window.home_button, Qt.MouseButton.LeftButton)
    elif away == "back":
        window.go_back()
    elif away == "other article":
        go(window, "article", content.SPARSE_ID)
    else:
        controls.stop_button.setFocus()
        qtbot.keyClick(controls.stop_button, Qt.Key.Key_Space)
        assert controls.play.hasFocus()  # the Stop button hides; focus stays in the bar
        assert controls.reading.message == "Stopped reading."
    assert controls.reading.state == IDLE
    qtbot.waitUntil(lambda: read_aloud.speech_engine().state() == Ready)
    count = len(heard.words)
    qtbot.wait(200)
    assert len(heard.words) == count


def test_a_new_look_keeps_reading_and_marks_again(qtbot, article):
    window = article
    window.resize(900, 500)  # short, so later sections need scrolling
    QApplication.processEvents()
    controls = bar(window)
    qtbot.mouseClick(controls.play, Qt.MouseButton.LeftButton)  # focus in the bar, as clicked
    qtbot.mouseClick(controls.next, Qt.MouseButton.LeftButton)
    window.set_theme("dark")  # the page is drawn again
    assert controls.reading.state == READING and controls.reading.section == 1
    assert marked(window).startswith("Key Findings")
    qtbot.mouseClick(controls.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controls.reading.section == 2)
    assert heading_in_view(window, 2)
    qtbot.mouseClick(controls.play, Qt.MouseButton.LeftButton)  # paused, so it stays there
    window.set_scale(3.0)  # all above it grows: the page follows the section being read
    qtbot.wait(SETTLE_MS + 100)  # the new size settles
    assert controls.reading.state == PAUSED and controls.reading.section == 2
    assert marked(window).startswith("Research Summary")
    assert heading_in_view(window, 2)


def choices(group) -> list[tuple[str, bool]]:
    return [(a.text(), a.isChecked()) for a in group.actions()]


def choose(group, text: str) -> None:
    action = next(a for a in group.actions() if a.text() == text)
    action.trigger()


def test_speed_and_voice_are_remembered_and_used(qtbot, mock_engine, ui_data_dir, make_window):
    from tests.ui.helpers import dispose

    window = make_window(ui_data_dir)
    go(window, "article", content.FULL_ID)
    controls = bar(window)
    controls.play.click()  # the engine starts: its voices are listed
    controls.voice_menu.aboutToShow.emit()
    assert choices(controls.voices) == [("Default voice", True), ("Bob", False), ("Anne", False)]
    assert [t for t, _c in choices(controls.speeds)] == [label for label, _r in SPEEDS]
    assert ("Normal", True) in choices(controls.speeds)
    choose(controls.speeds, "Fast")
    choose(controls.voices, "Anne")
    engine = read_aloud.speech_engine()
    assert (engine.rate(), engine.voice_name()) == (0.3, "Anne")
    tts = engine._tts  # the engine itself, on its thread, has them too
    qtbot.waitUntil(lambda: (tts.rate(), tts.voice().name()) == (0.3, "Anne"))
    assert controls.reading.state == READING
    dispose(window)

    read_aloud.use_engine(read_aloud.MOCK)  # as after a restart: a new engine
    started(qtbot)
    again = make_window(ui_data_dir)
    go(again, "article", content.FULL_ID)
    controls = bar(again)
    assert ("Fast", True) in choices(controls.speeds)
    assert ("Anne", True) in choices(controls.voices)  # remembered before the engine starts
    controls.play.click()
    engine = read_aloud.speech_engine()
    assert (engine.rate(), engine.voice_name()) == (0.3, "Anne")
    qtbot.waitUntil(lambda: (engine._tts.rate(), engine._tts.voice().name()) == (0.3, "Anne"))


def test_a_new_speed_goes_on_from_the_word_being_read(qtbot, article):
    controls = bar(article)
    controls.play.click()
    heard = Heard(controls.reading)
    qtbot.waitUntil(lambda: len(heard.words) >= 4)
    controls.reading.set_rate(0.9)
    qtbot.waitUntil(lambda: len(heard.words) >= 8)
    expected = words_of(controls.reading.sections[0].utterance())
    said = heard.texts()
    # The word being said when the speed changed is said again; nothing before it.
    restart = next(i for i in range(1, len(said)) if said[i] == said[i - 1])
    assert said[:restart] == expected[:restart] and restart >= 4
    assert said[restart:] == expected[restart - 1 : len(said) - 1]


def test_one_engine_for_the_whole_app(qtbot, mock_engine, ui_data_dir, make_window):
    first = make_window(ui_data_dir)
    go(first, "article", content.FULL_ID)
    bar(first).play.click()
    engine = read_aloud.speech_engine()
    assert bar(first).reading.engine is engine
    bar(first).reading.stop()
    bar(first).play.click()
    assert bar(first).reading.engine is engine is read_aloud.speech_engine()
    assert len(QApplication.instance().findChildren(speech_engine.Voice)) == 1


def test_without_an_engine_the_control_says_why(qtbot, make_window, ui_data_dir):
    read_aloud.use_engine("no-such-engine")
    try:
        window = make_window(ui_data_dir)
        go(window, "article", content.FULL_ID)
        controls = bar(window)
        assert not controls.play.isEnabled()
        assert controls.play.accessibleDescription() == NO_ENGINE
        assert controls.status.text() == NO_ENGINE and controls.status.isVisible()
        assert not controls.voice_button.isVisible()
        controls.play.click()  # disabled: nothing happens, nothing fails
        controls.play_or_pause()  # even if asked directly
        assert controls.reading.state == IDLE
        assert controls.reading.message == NO_ENGINE
        qtbot.keyClick(window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
        # The rest of the page works.
        qtbot.mouseClick(window.article_page.bookmark, Qt.MouseButton.LeftButton)
        assert window.personal.is_bookmarked(content.FULL_ID)
    finally:
        read_aloud.use_engine(None)


def test_reasons_without_qt_speech_or_a_real_engine(monkeypatch):
    monkeypatch.setattr(speech_engine, "QTextToSpeech", None)
    monkeypatch.setattr(speech_engine, "SPEECH_PROBLEM", "No module named 'PySide6.QtTextToSpeech'")
    assert read_aloud.unavailable_reason() == NOT_INSTALLED
    assert read_aloud.speech_engine() is None
    assert speech_engine.start_voice() is None
    missing = "libpulse.so.0: cannot open shared object file: No such file or directory"
    monkeypatch.setattr(speech_engine, "SPEECH_PROBLEM", missing)
    assert read_aloud.unavailable_reason() == (
        f"Read aloud cannot start: {missing}. On Linux, install libpulse0."
    )

    class OnlyMock(QTextToSpeech):  # a machine where only Qt's silent engine loads
        @staticmethod
        def availableEngines():
            return ["mock"]

    monkeypatch.setattr(speech_engine, "QTextToSpeech", OnlyMock)
    read_aloud.use_engine(None)
    assert read_aloud.unavailable_reason() == NO_ENGINE  # never the silent mock


def test_word_positions_count_utf16_units_as_qt_does():
    assert read_aloud._from_utf16("plain text", 6) == 6
    # "😀" is one code point but two UTF-16 units.
    assert read_aloud._from_utf16("a😀 b", 4) == 3
