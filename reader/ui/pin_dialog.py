"""The kiosk's staff door: the admin PIN prompt, and what the right PIN allows.

Opened by the admin key sequence (see `kiosk.ADMIN_KEYS`). The PIN is
checked against the configuration's salted hash (`verify_pin`); wrong PINs
make the next try wait longer (`PinAttempts`), and the wait is shown. The
right PIN offers "Leave kiosk mode (until restart)" or "Quit". A prompt left
alone for a minute closes by itself, back to the kiosk, so a visitor never
finds it open. With no PIN configured there is no way out from here: the
prompt says that IT must set one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reader.core.kiosk_pin import PinAttempts, verify_pin
from reader.ui.accessible import announce
from reader.ui.cover_dialog import CoverDialog
from reader.ui.flow_layout import FlowLayout
from reader.ui.qt import (
    QApplication,
    QEvent,
    QGridLayout,
    QLineEdit,
    QObject,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from reader.ui.theme import KEYPAD
from reader.ui.widgets import button, heading, text_label
from reader.ui.wrap_button import wrapping_button

TIMEOUT_MS = 60_000
NO_PIN = (
    "No admin PIN is set on this computer, so kiosk mode cannot be left from here. "
    "IT can set one: run `sci-reader kiosk set-pin` and put the `admin_pin_hash` line it "
    "prints into the clinic configuration file, then restart the app."
)


class PinDialog(CoverDialog):
    """Asks for the admin PIN; `leave_requested` or `quit_requested` after the right one."""

    leave_requested = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        parent: QWidget,
        pin_hash: str | None,
        attempts: PinAttempts,
        *,
        timeout_ms: int | None = None,  # TIMEOUT_MS
        check: Callable[[str, str], bool] = verify_pin,
    ):
        super().__init__(parent, "Staff only: admin PIN", max_width=640)
        self.pin_hash = pin_hash
        self.attempts = attempts
        self.wrong_here = False  # a wrong PIN typed here (each opening is a new prompt)
        self._check = check
        layout = self.body
        layout.addWidget(heading("Staff only"))
        self.entry = QWidget()
        self.choices = QWidget()
        if pin_hash is None:
            self.message = text_label(NO_PIN)
            layout.addWidget(self.message)
            self.close_button = button("Back to the kiosk", "Back to the kiosk", role="primary")
            self.close_button.clicked.connect(self.reject)
            layout.addWidget(self.close_button)
        else:
            self._build_entry()
            self._build_choices()
            layout.addWidget(self.entry)
            layout.addWidget(self.choices)
            self.choices.hide()
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(TIMEOUT_MS if timeout_ms is None else timeout_ms)
        self.idle.timeout.connect(self.reject)
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(250)
        self.wait_timer.timeout.connect(self._show_wait)
        self.finished.connect(self._closed)
        QApplication.instance().installEventFilter(self)

    def _build_entry(self) -> None:
        layout = QVBoxLayout(self.entry)
        layout.setContentsMargins(0, 0, 0, 0)
        prompt = text_label("Enter the admin PIN to leave kiosk mode.")
        layout.addWidget(prompt)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Admin PIN")
        self.pin.setMinimumHeight(56)
        self.pin.returnPressed.connect(self.try_pin)
        prompt.setBuddy(self.pin)
        layout.addWidget(self.pin)
        # Named by its words, as a label is: a fixed name ("PIN status") hid them from a
        # screen reader. Hidden while it has none, so no blank label is met.
        self.status = text_label()
        self.status.hide()
        layout.addWidget(self.status)
        keypad = QGridLayout()
        keypad.setSpacing(8)
        self.keys = [self._key(d, f"Digit {d}", d) for d in "123456789"]
        self.keys += [self._key("⌫", "Delete the last digit", None), self._key("0", "Digit 0", "0")]
        for i, key in enumerate(self.keys):
            keypad.addWidget(key, i // 3, i % 3)
        self.ok_button = button("OK", "Check the PIN", role="primary")
        self.ok_button.setProperty(KEYPAD, True)
        self.ok_button.clicked.connect(self.try_pin)
        keypad.addWidget(self.ok_button, 3, 2)
        layout.addLayout(keypad)
        self.cancel_button = button("Back to the kiosk", "Back to the kiosk")
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.cancel_button)

    def _key(self, text: str, name: str, digit: str | None):
        key = button(text, name)
        key.setProperty(KEYPAD, True)  # 72 px at least (theme.KEY_TARGET_PX)
        key.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus in the PIN field
        if digit is None:
            key.clicked.connect(self.pin.backspace)
        else:
            key.clicked.connect(lambda: self.pin.insert(digit))
        return key

    def _build_choices(self) -> None:
        layout = QVBoxLayout(self.choices)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text_label("PIN accepted. What would you like to do?"))
        # At 300% text the three choices need some 1,600 px on one line, the prompt
        # is at most 640: they wrap onto more lines, and the long ones' words too.
        row = FlowLayout(spacing=8)
        self.leave_button = wrapping_button(
            "Leave kiosk mode (until restart)",
            "Leave kiosk mode (until restart)",
            "The window gets its frame, menu items and Quit back; the next start is a kiosk again",
            role="primary",
        )
        self.quit_button = button("Quit", "Quit the app")
        self.back_button = wrapping_button("Back to the kiosk", "Back to the kiosk")
        self.leave_button.clicked.connect(lambda: self._chosen(self.leave_requested))
        self.quit_button.clicked.connect(lambda: self._chosen(self.quit_requested))
        self.back_button.clicked.connect(self.reject)
        for b in (self.leave_button, self.quit_button, self.back_button):
            b.setProperty(KEYPAD, True)
            row.addWidget(b)
        layout.addLayout(row)

    def start(self) -> None:
        self.cover()
        self.idle.start()
        if self.pin_hash is None:
            self.close_button.setFocus()
        else:
            self.pin.setFocus()
            self._show_wait()

    def try_pin(self) -> None:
        if self.attempts.wait_seconds() > 0:
            self._show_wait()
            announce(self.pin, self.status.text())
            return
        typed = self.pin.text()
        self.pin.clear()
        if typed and self._check(typed, self.pin_hash):
            self.attempts.record_success()
            self.entry.hide()
            self.choices.show()
            self.leave_button.setFocus()
            return
        self.attempts.record_failure()
        self.wrong_here = True
        self._show_wait(wrong=True)
        # Said once, as it appears (not each second of the countdown): the focus is in
        # the PIN field, away from these words.
        announce(self.pin, self.status.text(), assertive=True)

    def _show_wait(self, wrong: bool = False) -> None:
        wait = math.ceil(self.attempts.wait_seconds())
        prefix = "Wrong PIN. " if wrong or (wait and self.attempts.failures) else ""
        if wait > 0:
            self.status.setText(f"{prefix}Try again in {wait} second{'s' * (wait != 1)}.")
            self.wait_timer.start()
        else:
            self.wait_timer.stop()
            # Still said once the wait is over: it went blank after a second, before
            # someone who reads slowly had read it.
            self.status.setText("Wrong PIN. Try again." if wrong or self.wrong_here else "")
        self.status.setVisible(bool(self.status.text()))
        # Nothing is typed during the wait: digits typed then piled up (Enter did not try
        # them) behind those typed again, and all were tried together once it ended.
        self.pin.setReadOnly(wait > 0)
        for key in [*self.keys, self.ok_button]:
            key.setEnabled(wait <= 0)

    def _chosen(self, signal) -> None:
        self.accept()
        signal.emit()

    def _closed(self, _result: int) -> None:
        if self.pin_hash is not None:
            self.pin.clear()  # nothing typed stays behind for the next person
        self.idle.stop()
        self.wait_timer.stop()
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Any key or press inside this prompt keeps it open another minute.
        pressed = event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
        if pressed and isinstance(watched, QWidget) and watched.window() is self:
            self.idle.start()
        return False
