"""The read-aloud bar's "Paused" line is seen at every large text size on a laptop screen.

At 1024x768 and 250% or 300% text the line "Paused: section 1 of 5" had no
room beside the five buttons and was hidden: only a screen reader (the bar's
description) still said it. A sighted reader with low vision saw "▶ Resume"
and had to guess. Now the line shows its short words ("Paused"), and at 300%
the section buttons show their arrows only, so that those words have room.
"""

from __future__ import annotations

import pytest

from reader.ui import read_aloud, speech_engine
from reader.ui import theme as themes
from reader.ui.context import Location
from reader.ui.qt import QApplication, QPushButton
from tests.ui.helpers import CELLS, describe, window_rect

SIZES = [(1024, 768), (1366, 768)]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


@pytest.fixture
def reading(make_window, make_shipped_data_dir, qtbot):
    """An article read aloud by Qt's mock engine, and its read-aloud bar."""
    window = make_window(make_shipped_data_dir())
    read_aloud.use_engine(read_aloud.MOCK)
    controls = None
    try:
        window.navigate(Location("article", CELLS))
        controls = window.article_page.read_aloud
        voice = speech_engine.start_voice()
        qtbot.waitUntil(lambda: voice.ready)
        controls.play.click()
        qtbot.waitUntil(lambda: controls.reading.state == read_aloud.READING)
        yield window, controls
    finally:
        if controls is not None:
            controls.reading.stop()
        read_aloud.use_engine(None)


def resume(controls, qtbot) -> None:
    controls.play.click()
    qtbot.waitUntil(lambda: controls.reading.state == read_aloud.READING)
    settle()


def section_words(controls) -> tuple[str, str]:
    return controls.previous.text(), controls.next.text()


@pytest.mark.parametrize("large_targets", [False, True], ids=["targets", "larger-targets"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_paused_is_seen_whole_inside_the_window(reading, qtbot, size, large_targets):
    window, controls = reading
    window.resize(*size)
    window.prefs.large_targets = large_targets
    window.apply_look()
    target = themes.LARGE_TARGET_PX if large_targets else themes.MIN_TARGET_PX
    problems = []
    for scale in (2.5, 3.0):
        window.set_scale(scale)
        settle()
        where = f"{size[0]}x{size[1]} {round(scale * 100)}%"
        words_reading = section_words(controls)
        controls.play.click()  # pause
        settle()
        assert controls.reading.state == read_aloud.PAUSED
        line = controls.status
        whole = controls.reading.message
        assert whole.startswith("Paused: section ")
        assert line.accessibleName() == whole and line.toolTip() == whole
        if not line.isVisible():
            problems.append(f"{where}: the paused line is hidden")
            resume(controls, qtbot)
            continue
        if not line.text().startswith("Paused"):
            problems.append(f"{where}: the line says {line.text()!r}")
        rect, room = window_rect(line), window.rect()
        if not room.contains(rect):
            problems.append(f"{where}: the line at {rect.getRect()} leaves the window")
        metrics = line.fontMetrics()
        if line.visibleRegion().boundingRect() != line.rect():
            problems.append(f"{where}: the line is clipped to {line.visibleRegion()}")
        if metrics.horizontalAdvance(line.text()) > line.contentsRect().width():
            problems.append(f"{where}: {line.text()!r} is cut at {line.width()} px")
        if metrics.height() > line.contentsRect().height():
            problems.append(f"{where}: the line is {line.height()} px for its words")
        if line.y() != controls.play.y():
            problems.append(f"{where}: the line is not beside the buttons")
        elif abs(line.geometry().center().y() - controls.play.geometry().center().y()) > 1:
            problems.append(f"{where}: the line's words are not level with the buttons'")
        problems += [f"{where}: {describe(b)} is {b.width()}x{b.height()}"
                     for b in controls.findChildren(QPushButton)
                     if b.isVisible() and min(b.width(), b.height()) < target]  # fmt: skip
        if section_words(controls) != words_reading:  # nothing jumps as the reader pauses
            problems.append(f"{where}: {words_reading} became {section_words(controls)}")
        resume(controls, qtbot)  # reading again, for the next size
    assert problems == [], "\n".join(problems)
