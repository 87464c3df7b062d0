"""Kiosk mode on a touchscreen or with a mouse: what a person begins keeps the visit open,
a touch resting on the screen, a button held down or a jammed wheel does not.

A sleeve or a bag resting on a touchscreen, or something on a trackball's button, keeps
sending events where it rests; counted as reading, they kept a visit open for ever and
the next visitor saw the last one's pages. The events here are Qt's own, through QTest.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QInputDevice, QWheelEvent
from PySide6.QtTest import QTest

from reader.ui.context import HOME
from reader.ui.qt import QApplication, QPoint, QPointF, Qt, QTimer
from tests.ui import library_content as content
from tests.ui.helpers import go


@pytest.fixture(scope="module")
def screen():
    """A touchscreen, registered with Qt once for these tests."""
    return QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)


def bookmarked_article(make_kiosk, qtbot, **keys):
    window = make_kiosk(**keys)
    go(window, "article", content.FULL_ID)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.personal.is_bookmarked(content.FULL_ID)
    return window, window.pages["article"]


def every(window, ms: int, job) -> QTimer:
    timer = QTimer(window)
    timer.timeout.connect(job)
    timer.start(ms)
    return timer


def jitter(start: QPoint):
    """Where a resting touch or a held mouse reports itself: a few pixels around `start`."""
    steps = [QPoint(3, 0), QPoint(0, 4), QPoint(-2, 2), QPoint(0, 0)]
    n = 0

    def next_point() -> QPoint:
        nonlocal n
        n += 1
        return start + steps[n % len(steps)]

    return next_point


def assert_visit_cleared(window, qtbot) -> None:
    prompt = window.kiosk.prompt
    qtbot.waitUntil(prompt.isVisible, timeout=3000)  # the timeout came while it rested
    qtbot.waitUntil(lambda: not window.personal.list_bookmarks(), timeout=4000)
    assert window.current_location() == HOME and window.history == [HOME]
    assert not prompt.isVisible()


def test_a_touch_resting_on_the_screen_is_nobody_reading(make_kiosk, qtbot, short_prompt, screen):
    window, page = bookmarked_article(
        make_kiosk, qtbot, idle_timeout_seconds=0.3, idle_prompt_seconds=1
    )
    touch = QTest.touchEvent(page, screen)
    touch.press(0, page.rect().center(), page).commit()  # the sleeve lands: that counts
    near = jitter(page.rect().center())
    resting = every(window, 50, lambda: touch.move(0, near(), page).commit())
    assert_visit_cleared(window, qtbot)
    resting.stop()
    touch.release(0, page.rect().center(), page).commit()


def test_a_mouse_button_held_down_is_nobody_reading(make_kiosk, qtbot, short_prompt):
    window, page = bookmarked_article(
        make_kiosk, qtbot, idle_timeout_seconds=0.3, idle_prompt_seconds=1
    )
    where = page.rect().center()
    QTest.mousePress(page, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    near = jitter(where)
    held = every(window, 50, lambda: QTest.mouseMove(page, near()))
    assert_visit_cleared(window, qtbot)
    held.stop()
    QTest.mouseRelease(page, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)


def test_scrolling_by_touch_is_reading(make_kiosk, qtbot, short_prompt, screen):
    window, page = bookmarked_article(
        make_kiosk, qtbot, idle_timeout_seconds=1, idle_prompt_seconds=1
    )
    prompt = window.kiosk.prompt
    touch = QTest.touchEvent(page, screen)
    top = page.rect().center() + QPoint(0, 100)
    touch.press(0, top, page).commit()
    for step in range(1, 26):  # 2.5 s of a finger moving 12 px each 0.1 s: past the timeout
        touch.move(0, top - QPoint(0, 12 * (step % 16)), page).commit()
        qtbot.wait(100)
        assert not prompt.isVisible()
    touch.release(0, top, page).commit()
    qtbot.waitUntil(prompt.isVisible, timeout=3000)  # then, with the finger lifted, it asks
    assert window.personal.is_bookmarked(content.FULL_ID)


def test_keep_reading_by_touch(make_kiosk, qtbot, short_prompt, screen):
    window, _page = bookmarked_article(
        make_kiosk, qtbot, idle_timeout_seconds=0.3, idle_prompt_seconds=30
    )
    prompt = window.kiosk.prompt
    for _ in range(2):  # as often as needed
        qtbot.waitUntil(prompt.isVisible, timeout=3000)
        qtbot.waitUntil(prompt.isActiveWindow, timeout=2000)
        button = prompt.keep_button
        touch = QTest.touchEvent(button, screen)
        touch.press(0, button.rect().center(), button).commit()
        touch.release(0, button.rect().center(), button).commit()
        qtbot.waitUntil(lambda: not prompt.isVisible(), timeout=2000)
        assert window.current_location().key == content.FULL_ID
        assert window.personal.is_bookmarked(content.FULL_ID)


def turn_wheel(page) -> None:
    where = QPointF(page.rect().center())
    wheel = QWheelEvent(
        where,
        QPointF(page.mapToGlobal(where)),
        QPoint(0, 0),
        QPoint(0, -120),  # one notch down
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(page, wheel)


def test_a_jammed_wheel_is_nobody_reading(make_kiosk, qtbot, short_prompt):
    window, page = bookmarked_article(
        make_kiosk, qtbot, idle_timeout_seconds=0.3, idle_prompt_seconds=1
    )
    jammed = every(window, 50, lambda: turn_wheel(page))  # never a pause
    assert_visit_cleared(window, qtbot)
    jammed.stop()


def test_turning_the_wheel_is_reading(make_kiosk, qtbot, short_prompt, monkeypatch):
    monkeypatch.setattr("reader.ui.idle_prompt.WHEEL_PAUSE_S", 0.15)
    window, page = bookmarked_article(
        make_kiosk, qtbot, idle_timeout_seconds=1, idle_prompt_seconds=1
    )
    prompt = window.kiosk.prompt
    for _ in range(8):  # 2.4 s of a person's scrolling, past the timeout: a turn, a pause
        for _ in range(3):
            turn_wheel(page)
            qtbot.wait(20)
        qtbot.wait(240)
        assert not prompt.isVisible()
    qtbot.waitUntil(prompt.isVisible, timeout=3000)
    assert window.personal.is_bookmarked(content.FULL_ID)
