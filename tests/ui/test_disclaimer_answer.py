"""The disclaimer is answered, never dismissed: "I understand", or the app closes cleanly.

Before, Escape (or the title bar's close) closed "Before you start" without
the acknowledgement: the window was then used as if it had been read, and
it was not shown again until the next start (in a kiosk, until the next
visitor). Now Escape keeps it open and says what to do; "Close the app" and
the title bar's close end the app, its settings saved and the disclaimer
due again at the next start. In a kiosk, where a visitor cannot close the
app, only "I understand" ends it.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from reader.ui import dialogs, screen_fit
from reader.ui.qt import QApplication, QPushButton, QRect, Qt
from reader.ui.settings import Preferences
from tests.ui.helpers import set_prefs, title_bar_close

REPO = Path(__file__).resolve().parents[2]


def _disclaimer(window, qtbot):
    qtbot.waitUntil(lambda: window.disclaimer_dialog is not None)
    dialog = window.disclaimer_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _buttons(dialog) -> list[str]:
    return [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]


def _unread(make_window, data_dir, **options):
    Preferences(data_dir).disclaimer_acknowledged = False
    return make_window(data_dir, **options)


def test_escape_keeps_the_disclaimer_and_says_what_to_do(make_window, ui_data_dir, qtbot):
    window = _unread(make_window, ui_data_dir)
    dialog = _disclaimer(window, qtbot)
    assert _buttons(dialog) == ["I understand", "Close the app"]
    understood = dialog.understood
    qtbot.waitUntil(lambda: QApplication.focusWidget() is understood)

    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)

    assert dialog.isVisible() and window.isVisible()
    assert dialog.hint.isVisible()
    assert (
        dialog.hint.text()
        == "To start reading, choose I understand. To leave, choose Close the app."
    )
    assert QApplication.focusWidget() is understood
    assert not Preferences(ui_data_dir).disclaimer_acknowledged
    qtbot.keyClick(understood, Qt.Key.Key_Return)  # Enter: the default, I understand
    assert not dialog.isVisible() and window.disclaimer_dialog is None
    assert Preferences(ui_data_dir).disclaimer_acknowledged


def test_close_the_app_closes_it_cleanly_and_asks_again_next_time(make_window, ui_data_dir, qtbot):
    window = _unread(make_window, ui_data_dir)
    dialog = _disclaimer(window, qtbot)
    qtbot.mouseClick(dialog.leave, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not Preferences(ui_data_dir).disclaimer_acknowledged


def test_the_title_bar_s_close_closes_the_app_not_only_the_disclaimer(
    make_window, ui_data_dir, qtbot
):
    window = _unread(make_window, ui_data_dir)
    dialog = _disclaimer(window, qtbot)
    title_bar_close(dialog)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not dialog.isVisible()
    assert not Preferences(ui_data_dir).disclaimer_acknowledged


def test_a_kiosk_visitor_answers_it_and_cannot_slip_past(make_window, ui_data_dir, qtbot):
    from reader.core.config import ClinicConfig

    window = make_window(ui_data_dir, clinic=ClinicConfig(kiosk=True))
    dialog = _disclaimer(window, qtbot)
    assert _buttons(dialog) == ["I understand"]  # a visitor cannot close the app
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    title_bar_close(dialog)
    QApplication.processEvents()
    assert dialog.isVisible() and window.isVisible()
    assert dialog.hint.text() == "To start reading, choose I understand."
    # The reset between visitors still replaces it with a fresh one.
    window.kiosk.reset()
    fresh = _disclaimer(window, qtbot)
    assert fresh is not dialog and not dialog.isVisible() and window.isVisible()
    fresh.understood.click()
    assert window.disclaimer_dialog is None and window.prefs.disclaimer_acknowledged
    window.kiosk.unlock()


def test_at_300_percent_on_a_1024x768_screen_its_words_have_room(
    make_window, ui_data_dir, qtbot, monkeypatch
):
    """Before, the dialog was a fixed 720x560: at 300% text its heading and button left
    two lines and a half of the shipped disclaimer in view, the third cut through its
    middle. Now it is as wide and as tall as its text needs, within the screen."""
    monkeypatch.setattr(screen_fit, "available", lambda _widget: QRect(0, 0, 1024, 768))
    set_prefs(ui_data_dir, acknowledged=False, scale=3.0)
    window = make_window(ui_data_dir)
    window.resize(1024, 768)
    _disclaimer(window, qtbot).understood.click()
    # The shipped disclaimer (a page of some 220 words), not the test library's two lines.
    shipped = (REPO / "data" / "library" / "pages" / "disclaimer.md").read_text("utf-8")
    page = SimpleNamespace(title="Disclaimer", body=shipped)
    dialog = dialogs.disclaimer_dialog(window, page, window.ctx.css())
    qtbot.waitUntil(dialog.isVisible)

    assert dialog.width() <= 1024 - 16 and dialog.height() <= 768 - 48
    shown = dialog.text.viewport().height()
    assert shown >= 0.6 * (768 - 48), f"{shown} px of the disclaimer in view"
    for button in (dialog.understood, dialog.leave):
        corner = button.mapTo(dialog, button.rect().bottomRight())
        assert dialog.rect().contains(corner) and button.height() >= 44
    dialog.understood.click()
