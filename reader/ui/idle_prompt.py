"""A kiosk's "Are you still reading?": noticing that nobody has touched the machine, then asking.

WCAG 2.2.1 (Timing Adjustable): before the kiosk clears a visit, the person
is warned, given at least 20 seconds (a visible countdown) and can extend as
often as they like with one simple action: the large "Keep reading" button,
any key, or a touch or click anywhere on the prompt. The prompt is announced
to screen readers the moment it opens.

`IdleWatcher` sees every key, click, touch and wheel turn in the application
(an event filter on the QApplication) and says `idle` after a quiet spell.
Only what a person begins counts: a key's press but not its repeats, a touch
or button going down or up, a pointer moved more than a few pixels. A touch
resting on the screen (a sleeve, a bag) or a button held down keeps sending
events where it is; counted, they kept the visit open for ever. So did a
jammed wheel: a wheel's stream counts only for the idle timeout.
`IdlePrompt` is the question; it covers the whole window, so a touch anywhere
lands on it.
"""

from __future__ import annotations

import time

from reader.ui.cover_dialog import CoverDialog
from reader.ui.qt import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QApplication,
    QDialog,
    QEvent,
    QEventPoint,
    QObject,
    QPointF,
    Qt,
    QTimer,
    QWidget,
    Signal,
)
from reader.ui.widgets import button, heading, text_label

# What counts as someone being there: something begun or ended. Not a key's
# own repeats: a key held down answered the prompt for ever, and the visit was
# never cleared.
BEGINS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchEnd,
        QEvent.Type.TouchCancel,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletRelease,
    }
)
# Moves count when they go somewhere: a person moving the pointer or scrolling
# by touch is reading; a resting touch or a held button jitters in place.
MOVES = frozenset({QEvent.Type.MouseMove, QEvent.Type.TouchUpdate, QEvent.Type.TabletMove})
STILL_PX = 10  # a touch's drift and a mouse's jitter stay under this
# A person turning a wheel pauses; a jammed wheel sends without a pause. A
# wheel's stream with no pause this long counts only until the idle timeout
# after it began: a wheel that sent for ever kept the visit open for ever.
WHEEL_PAUSE_S = 1.0
TOUCHES = frozenset(
    {QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel}
)
# What answers the prompt: a press or a key, not a release (the touch that
# was resting when the prompt came may lift) and not a move.
ANSWERS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
KEEP_READING = "Keep reading"
QUESTION = "Are you still reading?"
# (the box's margins, the space between its parts, Keep reading's least height) in px:
# roomy where all fits, tight where it would not (300% text on a laptop's screen).
ROOMY = (36, 20, 120)
TIGHT = (12, 8, 88)
EXPLANATION = (
    "Then this screen goes back to the start and clears this visit's bookmarks and notes. "
    "Touch the screen or press any key to keep reading."
)


class IdleWatcher(QObject):
    """`idle` after `timeout_ms` without input, unless `paused`.

    It waits for a first input before it counts: a machine nobody has used
    since the last reset is already fresh and has nothing to ask about.
    """

    idle = Signal()
    answered = Signal()  # a key, click or touch while paused (the prompt is up)

    def __init__(self, parent: QObject, timeout_ms: int):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self.idle)
        self.used = False  # input since the last reset
        self.paused = False  # the prompt (or the admin) is on screen: no counting
        self.anchors: dict[tuple[bool, int], QPointF] = {}  # (touch?, point id): last counted
        self.wheel_since = self.wheel_last = 0.0  # the wheel's stream (time.monotonic)
        QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()

    def fresh(self) -> None:
        """The visit was cleared: wait for the next person's first input."""
        self.used = False
        self.paused = False
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and event.isAutoRepeat():
            return False  # a key held down (a bag on the keyboard) is nobody reading
        if kind == QEvent.Type.Wheel and self._wheel_jammed():
            return False  # a wheel sending for the whole timeout is nobody reading
        if kind in BEGINS:
            self._note_points(event)
            self.used = True
            if not self.paused:
                self.timer.start()
            elif kind in ANSWERS:
                self.answered.emit()
        elif kind in MOVES and self._moved(event):
            self.used = True
            if not self.paused:  # a nudged mouse or a swipe is not an answer
                self.timer.start()
        return False

    def _wheel_jammed(self) -> bool:
        """The wheel has sent without a pause for longer than the idle timeout."""
        now = time.monotonic()
        if now - self.wheel_last > WHEEL_PAUSE_S:
            self.wheel_since = now  # a new turn of the wheel
        self.wheel_last = now
        return now - self.wheel_since > self.timer.interval() / 1000

    def _note_points(self, event: QEvent) -> None:
        """Where each touch or pointer is now: its moves are measured from here."""
        if event.type() in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            for key in [key for key in self.anchors if key[0]]:
                del self.anchors[key]  # every finger is off the screen
        elif hasattr(event, "points"):
            for point in event.points():
                self.anchors[(event.type() in TOUCHES, point.id())] = point.globalPosition()

    def _moved(self, event: QEvent) -> bool:
        """A finger put down or lifted, or a touch or pointer gone more than STILL_PX."""
        moved = False
        for point in event.points():
            key = (event.type() in TOUCHES, point.id())
            where = point.globalPosition()
            if point.state() == QEventPoint.State.Released:
                self.anchors.pop(key, None)
                moved = True
            elif key not in self.anchors or _far(self.anchors[key], where):
                self.anchors[key] = where
                moved = True
        return moved


def _far(a: QPointF, b: QPointF) -> bool:
    return abs(a.x() - b.x()) > STILL_PX or abs(a.y() - b.y()) > STILL_PX


class IdlePrompt(CoverDialog):
    """The question with its countdown; `kept` (someone answered) or `expired`."""

    kept = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget, seconds: int):
        super().__init__(parent, QUESTION)
        self.seconds = seconds
        self.remaining = seconds
        layout = self.body
        self.title = heading(QUESTION)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.countdown = text_label(role="subheading")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.countdown)
        self.keep_button = button(
            KEEP_READING, KEEP_READING, "Stay on this page; nothing is cleared", role="primary"
        )
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.keep_reading)
        layout.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignCenter)
        # Under the button, so that at 300% text on a small screen the button still shows.
        self.explanation = text_label(EXPLANATION)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.explanation)
        self._space(ROOMY)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self._show_remaining()

    def start(self) -> None:
        """Open over the whole window, focus "Keep reading", tell screen readers."""
        self.remaining = self.seconds
        self._show_remaining()
        self._space(ROOMY)
        self.cover()
        self._fit_unscrolled()
        self.keep_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.tick.start()
        event = QAccessibleAnnouncementEvent(self, f"{QUESTION} {self.accessibleDescription()}")
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def _space(self, spacing: tuple[int, int, int]) -> None:
        margins, between, least = spacing
        self.body.setContentsMargins(margins, margins, margins, margins)
        self.body.setSpacing(between)
        self.scroll.widget().layout().setContentsMargins(0, margins // 3, 0, margins // 3)
        # Its own style sheet: the application's sets every button's minimum height.
        self.keep_button.setStyleSheet(
            f"min-width: 360px; min-height: {least}px; font-weight: bold;"
        )

    def _fit_unscrolled(self) -> None:
        """All of it on the screen, for nothing here can be scrolled to: any key, wheel
        or touch answers the prompt. At 300% text on a 1024x768 (and a 1366x768) screen
        the words under the button ran past the screen's edge, their last line cut."""
        room = self.scroll.viewport().height()
        if self.box.layout().totalHeightForWidth(self.box.width()) > room:
            self._space(TIGHT)

    def _show_remaining(self) -> None:
        n = self.remaining
        self.countdown.setText(f"{n} second{'s' * (n != 1)} left")
        self.setAccessibleDescription(f"{self.countdown.text()}. {EXPLANATION}")

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.tick.stop()
            self.done(QDialog.DialogCode.Rejected)
            self.expired.emit()
        else:
            self._show_remaining()

    def keep_reading(self) -> None:
        if not self.isVisible():
            return
        self.tick.stop()
        self.done(QDialog.DialogCode.Accepted)
        self.kept.emit()

    # Any key, click or touch on the prompt is an answer (Escape too: it must not reset).
    def keyPressEvent(self, event) -> None:
        self.keep_reading()

    def mousePressEvent(self, event) -> None:
        self.keep_reading()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.TouchBegin:
            self.keep_reading()
            return True
        return super().event(event)
