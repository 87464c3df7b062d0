"""The staff PIN's line is heard in its own words, and said as it appears.

It was named "PIN status" whatever it said: a screen reader heard that name,
never "Wrong PIN. Try again in 1 second.", and nothing when a PIN was wrong
(the focus stays in the cleared PIN field). It also met that name over an
empty line as the dialog opened.
"""

from __future__ import annotations

from reader.core.kiosk_pin import PinAttempts
from reader.ui import pin_dialog
from tests.ui.helpers import announcements
from tests.ui.kiosk.test_kiosk_admin import FakeClock, open_door, pin_hash, press  # noqa: F401
from tests.ui.personal.test_dialog_status_words import labels_heard


def test_a_wrong_pin_is_heard_in_its_own_words(make_kiosk, qtbot, pin_hash, monkeypatch):  # noqa: F811
    said = announcements(monkeypatch, pin_dialog)
    window = make_kiosk(admin_pin_hash=pin_hash)
    dialog = open_door(window, qtbot)
    assert "" not in labels_heard(dialog)
    assert "PIN status" not in labels_heard(dialog)

    press(dialog, qtbot, "1111")

    words = dialog.status.text()
    assert words.startswith("Wrong PIN.")
    assert said == [words]
    assert words in labels_heard(dialog)
    dialog.reject()


def test_wrong_pin_stays_said_after_the_wait(make_kiosk, qtbot, pin_hash):  # noqa: F811
    """It went blank once the one-second wait was over, before a slow reader read it."""
    window = make_kiosk(admin_pin_hash=pin_hash)
    clock = FakeClock()
    window.kiosk.attempts = PinAttempts(clock)
    dialog = open_door(window, qtbot)
    press(dialog, qtbot, "1111")
    clock.now += 1
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=1000)

    assert dialog.status.text() == "Wrong PIN. Try again."
    assert dialog.status.isVisible()

    dialog.reject()  # the next person to open it is not told of it
    window.kiosk.open_admin()
    dialog = window.kiosk.pin_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.status.text() == "" and dialog.status.isHidden()
    dialog.reject()
