"""Print or save as PDF and Report a problem as a keyboard and a screen reader meet them.

Each is opened by keys (Ctrl+P, Enter on the button): the focus lands on a
named control, every Tab stop has a name, and the area that holds the words
(screen_fit.DialogWords) is not a stop of its own. Before, the handout dialog
opened with focus on that area, an unnamed "filler" with no focus ring, and
Tab met it again in both dialogs. Keys still scroll the words when they are
taller than the dialog (300% text, a long headline).
"""

from __future__ import annotations

from reader.ui.qt import QAccessible, QApplication, Qt, QWidget
from reader.ui.screen_fit import DialogWords
from reader.ui.widgets import HeadingLabel
from tests.ui.helpers import CELLS, focus, open_article, title_bar_close


def _tab_stops(qtbot, dialog: QWidget, limit: int = 30) -> list[QWidget]:
    """The widgets Tab visits in `dialog`, from the one focused, until it comes back."""
    start = QApplication.focusWidget()
    seen = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is start:
            break
        seen.append(now)
    assert all(dialog.isAncestorOf(w) for w in seen), "Tab left the dialog"
    return seen


def _name(widget: QWidget) -> str:
    """What a screen reader reads as its name (a label's is its text)."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _unnamed(stops: list[QWidget]) -> list[str]:
    return [type(w).__name__ for w in stops if not _name(w).strip()]


def _handout_by_keys(window, qtbot):
    """Ctrl+P on an article: its handout dialog, once the focus is in it."""
    open_article(window, CELLS)
    qtbot.keyClick(window.current_page().first_focus(), Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    dialog = window.handout_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def _report_by_keys(window, qtbot):
    """Enter on an article's Report a problem: its dialog, once its box has the focus."""
    open_article(window, CELLS)
    page = window.article_page
    focus(qtbot, page.report_button)
    qtbot.keyClick(page.report_button, Qt.Key.Key_Return)
    dialog = page.report_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.edit)
    return dialog


def test_the_handout_dialog_opens_on_a_named_control_and_every_stop_is_named(window, qtbot):
    dialog = _handout_by_keys(window, qtbot)

    first = QApplication.focusWidget()
    assert not isinstance(first, DialogWords)
    assert _name(first) == "Print or save as PDF"  # its heading
    stops = _tab_stops(qtbot, dialog)
    assert _unnamed(stops) == []
    assert not [w for w in stops if isinstance(w, DialogWords)]
    assert {dialog.print_button, dialog.pdf_button, dialog.cancel_button} <= set(stops)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_report_a_problem_has_no_unnamed_stop(window, qtbot):
    dialog = _report_by_keys(window, qtbot)
    qtbot.waitExposed(dialog)

    stops = _tab_stops(qtbot, dialog)

    assert _unnamed(stops) == []
    assert not [w for w in stops if isinstance(w, DialogWords)]
    dialog.reject()


def test_keys_still_scroll_words_taller_than_the_dialog(window, qtbot):
    open_article(window, CELLS)
    window.print_current()
    dialog = window.handout_dialog
    qtbot.waitExposed(dialog)
    # As short as it goes (its words' area at its least): words taller than the room scroll.
    dialog.resize(dialog.width(), dialog.minimumSizeHint().height())
    words = dialog.findChild(DialogWords)
    bar = words.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    heading = words.widget().findChild(HeadingLabel)
    focus(qtbot, heading)

    qtbot.keyClick(heading, Qt.Key.Key_PageDown)

    assert bar.value() > 0
    dialog.reject()


def test_report_a_problem_says_what_became_of_the_report(window, qtbot, monkeypatch):
    """Before, nothing was heard: not "describe the problem first" (shown under the
    box, where the focus already was), and not that the report was saved."""
    from reader.ui import report_problem

    said: list[str] = []
    record = lambda _w, text, **_k: said.append(text)  # noqa: E731
    monkeypatch.setattr(report_problem, "announce", record, raising=False)
    dialog = _report_by_keys(window, qtbot)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.save_button

    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)  # nothing typed yet

    assert said == ["Please describe the problem first."]
    assert QApplication.focusWidget() is dialog.edit
    qtbot.keyClicks(dialog.edit, "The dose looks wrong")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    assert window.statusBar().currentMessage() == "Report saved in your notes for this summary."
    assert window.personal.get_note(CELLS).text.endswith("The dose looks wrong")


def test_enter_where_the_handout_dialog_opens_prints(window, qtbot):
    """The dialog opens on its heading (read first); Enter there did nothing, though
    Print… is drawn as the dialog's main button. It is now the default: Enter prints."""
    dialog = _handout_by_keys(window, qtbot)
    assert isinstance(QApplication.focusWidget(), HeadingLabel)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert dialog.print_dialog is not None
    qtbot.waitUntil(dialog.print_dialog.isVisible, timeout=5000)
    dialog.print_dialog.reject()
    qtbot.waitUntil(lambda: not dialog.print_dialog.isVisible(), timeout=5000)


def _report_typed(window, qtbot, words: str):
    dialog = _report_by_keys(window, qtbot)
    qtbot.keyClicks(dialog.edit, words)
    return dialog


def test_escape_asks_before_a_typed_report_is_thrown_away(window, qtbot):
    """Before, Escape (or Cancel) closed the dialog and the report typed, perhaps slowly
    and with effort, was gone. Now a question comes first, and Escape there keeps it."""
    dialog = _report_typed(window, qtbot, "The dose looks wrong")

    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)

    assert dialog.isVisible()
    question = dialog.question
    qtbot.waitUntil(question.isVisible)
    assert question.accessibleName() == question.windowTitle()
    # The box's own focus: offscreen, the window system makes no window active.
    assert question.focusWidget() is question.defaultButton()
    assert question.defaultButton().text() == "Keep writing"
    qtbot.keyClick(question.focusWidget(), Qt.Key.Key_Escape)  # keeps writing
    qtbot.waitUntil(lambda: not question.isVisible())
    assert dialog.focusWidget() is dialog.edit
    assert dialog.isVisible() and dialog.edit.toPlainText() == "The dose looks wrong"

    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # the same question
    qtbot.waitUntil(lambda: dialog.question.isVisible())
    close = next(b for b in dialog.question.buttons() if b.text() == "Close without saving")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.personal.get_note(CELLS) is None


def test_escape_closes_a_report_with_nothing_typed_at_once(window, qtbot):
    dialog = _report_typed(window, qtbot, "   ")

    qtbot.keyClick(dialog.edit, Qt.Key.Key_Escape)

    assert not dialog.isVisible()
    assert dialog.question is None


def test_the_title_bar_s_close_asks_too(window, qtbot):
    """Before, the title bar's close (QDialog's closeEvent, reject()) threw a typed
    report away unasked, though Escape and Cancel asked."""
    dialog = _report_typed(window, qtbot, "The dose looks wrong")

    title_bar_close(dialog)

    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    assert dialog.isVisible()
    qtbot.keyClick(dialog.question.focusWidget(), Qt.Key.Key_Escape)  # keeps writing
    qtbot.waitUntil(lambda: not dialog.question.isVisible())
    assert dialog.isVisible() and dialog.edit.toPlainText() == "The dose looks wrong"
    dialog.edit.clear()
    title_bar_close(dialog)  # nothing to lose: closes at once
    assert not dialog.isVisible()
