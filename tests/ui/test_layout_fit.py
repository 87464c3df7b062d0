"""Large text that fits a laptop screen: every page and dialog at 100/200/300%, 1024 and 1366 wide,
with the comfort settings off and all on (1.5x line spacing and larger click targets).

One window per screen size walks every page at every size and collects what
is wrong, so that a failure lists all of it at once: a widget past the
window's edge, a button whose words are cut, a second line of toolbar or
breadcrumb, a horizontal scroll bar, a list scrolling inside the page, or a
reading area under 55% of the window's height. The pages show four real
summaries of the shipped library (long words, a facts table), bookmarked
and with a note, so the saved pages have rows.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea

from reader.ui import theme as themes
from reader.ui.context import HOME, Location
from reader.ui.dialogs import disclaimer_dialog
from reader.ui.qt import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QPoint,
    QPushButton,
    QRect,
    QStyle,
    QStyleOptionButton,
    Qt,
    QWidget,
)
from reader.ui.stock_dialogs import fit_print_dialog
from reader.ui.widgets import CardButton
from reader.ui.wrap_button import WrapButton
from tests.ui.helpers import ARTICLES, CATEGORY, CELLS, EPIDURAL, SHOWN, describe, window_rect

SIZES = [(1024, 768), (1366, 768)]
SCALES = [1.0, 2.0, 3.0]
# The comfort settings (line spacing, larger click targets): as they come, and all
# on, as a reader with low vision and a tremor sets them.
COMFORTS = [(1.0, False), (1.5, True)]
READING_SHARE = 0.55
GONE = "withdrawn-long-ago-2009"
GONE_NOTE = "\n".join(f"Line {i} of a long note, kept after its summary went." for i in range(12))
WORD_WRAP = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)
PAGES = [
    HOME,
    Location("category", CATEGORY),
    Location("category", ""),  # All summaries: the two orders' buttons
    Location("article", CELLS),
    Location("article", EPIDURAL),  # the longest title
    Location("search", "spinal cord stimulation"),
    Location("bookmarks"),
    Location("notes"),
    Location("withdrawn", GONE),  # a note about an article no longer in the library
    Location("page", "about"),
    Location("page", "how-to-read"),
]


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def cut_button(button: QPushButton) -> str | None:
    """Why a button's words do not fit it, or None."""
    if isinstance(button, CardButton) or not button.text():
        return None
    text = button.text().replace("&&", "&")
    if isinstance(button, WrapButton):
        return cut_words(button, text)
    needed = button.fontMetrics().horizontalAdvance(text)
    if needed > button.contentsRect().width() or button.width() < button.sizeHint().width():
        return f"{describe(button)} cuts its text: {button.width()} px for {needed} px of words"
    return None


def cut_words(button: WrapButton, text: str) -> str | None:
    """A button whose words wrap fits when its longest word fits a line of the
    space inside its frame and padding, and the wrapped lines fit its height."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    inside = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
    metrics = button.fontMetrics()
    longest = max(metrics.horizontalAdvance(word) for word in text.split())
    if longest > inside.width():
        return f"{describe(button)} cuts a word: {inside.width()} px for {longest} px"
    wrapped = metrics.boundingRect(QRect(0, 0, inside.width(), 100_000), WORD_WRAP, text)
    if wrapped.height() > inside.height():
        return f"{describe(button)} cuts its lines: {inside.height()} px for {wrapped.height()} px"
    return None


def scrolls_into_view(widget: QWidget, top: QWidget) -> bool:
    """Whether `widget` is inside a scroll area of `top` (a dialog's words that scroll):
    below the bottom it is scrolled to, not lost; the scroll area itself must fit."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def problems_in(top: QWidget, vertical: bool = False) -> list[str]:
    """What does not fit inside the top-level widget `top` (a window or dialog);
    `vertical`: the bottom edge counts too (a dialog; a page scrolls instead)."""
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        rect = window_rect(widget)
        if rect.left() < 0 or rect.right() >= top.width():
            found.append(f"{describe(widget)} at {rect.x()}..{rect.right()} is past the edge")
        if vertical and rect.bottom() >= top.height() and not scrolls_into_view(widget, top):
            found.append(f"{describe(widget)} at {rect.y()}..{rect.bottom()} is past the bottom")
        wraps = isinstance(widget, QLabel) and widget.wordWrap() and widget.text()
        if wraps and widget.height() < widget.heightForWidth(widget.width()):
            found.append(f"label {widget.text()[:30]!r} is cut at the bottom")
        if isinstance(widget, QPushButton) and (why := cut_button(widget)):
            found.append(why)
        if isinstance(widget, QAbstractScrollArea) and widget.horizontalScrollBar().isVisible():
            found.append(f"{describe(widget)} scrolls sideways")
    return found


def page_problems(window, where: str) -> list[str]:
    found = [f"{where}: {p}" for p in problems_in(window)]
    for name, row in (("toolbar", window.toolbar_row), ("breadcrumb", window.breadcrumb_row)):
        tops = {w.y() for w in row.findChildren(QWidget) if w.isVisible() and w.parent() is row}
        if len(tops) > 1:
            found.append(f"{where}: the {name} takes {len(tops)} lines")
    page = window.current_page()
    share = page.scroll.viewport().height() / window.height()
    if share < READING_SHARE:
        found.append(f"{where}: the reading area is {share:.0%} of the window's height")
    for inner in page.inner.findChildren(QAbstractScrollArea):
        if inner.isVisible() and inner.verticalScrollBar().maximum() > 0:
            found.append(f"{where}: {describe(inner)} scrolls inside the scrolling page")
    return found


def dialog_problems(dialog: QDialog, window, where: str) -> list[str]:
    """As the dialog opened: no adjustSize() here, the dialog must size itself."""
    settle()
    found = [f"{where}: {p}" for p in problems_in(dialog, vertical=True)]
    screen = window.size()  # the screen being simulated
    if dialog.width() > screen.width() or dialog.height() > screen.height():
        found.append(f"{where}: {dialog.width()}x{dialog.height()} is larger than the screen")
    return found


@pytest.fixture
def saved_window(make_window, make_shipped_data_dir):
    data = make_shipped_data_dir()
    window = make_window(data)
    for article_id in (CELLS, EPIDURAL):
        window.personal.add_bookmark(article_id, ARTICLES[article_id], "2026-01-01T00:00:00Z")
    window.personal.set_note(CELLS, ARTICLES[CELLS], "Ask about this at the next visit.")
    window.personal.set_note(GONE, "A paper title the library no longer has", GONE_NOTE)
    return window


def comfort_id(comfort: tuple[float, bool]) -> str:
    return "plain" if comfort == COMFORTS[0] else "wide-spacing-large-targets"


def set_comfort(window, comfort: tuple[float, bool]) -> None:
    window.prefs.line_spacing, window.prefs.large_targets = comfort
    window.apply_look()


@pytest.mark.parametrize("comfort", COMFORTS, ids=comfort_id)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_fits_at_every_text_size(saved_window, size, comfort):
    window = saved_window
    window.resize(*size)
    set_comfort(window, comfort)
    problems = []
    for scale in SCALES:
        window.set_scale(scale)
        for location in PAGES:
            assert window.navigate(location), location
            settle()
            assert window.size().width() == size[0]  # the window did not grow
            problems += page_problems(window, f"{round(scale * 100)}% {location}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("comfort", COMFORTS, ids=comfort_id)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_own_and_stock_dialogs_fit_at_300_percent(saved_window, size, qtbot, comfort):
    window = saved_window
    window.resize(*size)
    set_comfort(window, comfort)
    window.set_scale(3.0)
    window.navigate(Location("article", CELLS))
    problems = []
    window.print_current()
    handout = window.handout_dialog
    assert handout.include_notes.isVisible()
    problems += dialog_problems(handout, window, "print or save")
    handout.reject()
    window.article_page.report_button.click()
    problems += dialog_problems(window.article_page.report_dialog, window, "report a problem")
    window.article_page.report_dialog.reject()
    disclaimer = disclaimer_dialog(window, window.library.get_page("disclaimer"), window.ctx.css())
    problems += dialog_problems(disclaimer, window, "disclaimer")
    disclaimer.accept()
    window.tell("Library updated", "Library version 3 installed: 12 new summaries. " * 3, True)
    problems += dialog_problems(window.message_box, window, "message")
    window.message_box.done(0)
    # Qt's own dialogs cannot wrap: they fit the screen (reader.ui.stock_dialogs).
    files = QFileDialog(window, "Choose an update file")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    hint = files.sizeHint()
    if hint.width() > size[0] or hint.height() > size[1]:
        problems.append(f"the file dialog wants {hint.width()}x{hint.height()}")
    from reader.ui.qt import print_support

    printer = print_support().QPrinter()
    printing = fit_print_dialog(print_support().QPrintDialog(printer, window))
    qtbot.addWidget(printing)
    QDialog.open(printing)  # fitted as it is shown
    settle()
    if printing.width() > size[0] or printing.height() > size[1]:
        problems.append(f"the print dialog is {printing.width()}x{printing.height()}")
    printing.reject()
    assert problems == [], "\n".join(problems)


def test_the_menu_keeps_one_column_on_a_768_px_screen(saved_window):
    window = saved_window
    window.set_scale(3.0)
    window.prefs.large_targets = True
    window.apply_look()
    window.menu.aboutToShow.emit()  # About and help: the library's pages
    menus = [window.menu, *(a.menu() for a in window.menu.actions() if a.menu())]
    for menu in menus:
        menu.ensurePolished()
        menu.adjustSize()
        actions = [a for a in menu.actions() if a.isVisible()]
        height = sum(menu.actionGeometry(a).height() for a in actions)
        assert (
            height + 2 * menu.style().pixelMetric(menu.style().PixelMetric.PM_MenuPanelWidth) <= 768
        ), f"{menu.title()} is {height} px tall"


def test_the_default_window_fits_the_screen(make_window, make_shipped_data_dir):
    window = make_window(make_shipped_data_dir())
    room = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert frame.width() <= room.width() and frame.height() <= room.height()


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_the_toolbar_keeps_one_row_and_offers_the_rest_under_more(saved_window, scale):
    window = saved_window
    window.resize(1024, 768)
    window.set_scale(scale)
    settle()
    row = window.toolbar_row
    hidden = row.overflow
    assert window.search_field.isVisible() and window.menu_button.isVisible()
    assert row.more_button.isVisible() == bool(hidden)
    if scale == 3.0:
        assert hidden, "at 300% on 1024 px something must go under More"
        row.more_menu.aboutToShow.emit()
        names = [a.text() for a in row.more_menu.actions()]
        assert names == [w.accessibleName() for w in hidden]
        smaller = next(a for a in row.more_menu.actions() if a.text() == "A− Smaller text")
        smaller.trigger()
        assert window.prefs.scale == 2.5
    # The chrome grows less than the text.
    assert row.height() < 2.2 * 44


def test_the_breadcrumb_is_one_line_with_the_full_path_in_its_tooltip(saved_window):
    window = saved_window
    window.resize(1024, 768)
    window.set_scale(3.0)
    window.navigate(Location("article", EPIDURAL))
    settle()
    crumb = window.breadcrumb_row
    assert crumb.toolTip().endswith(SHOWN[EPIDURAL])
    assert crumb.toolTip().startswith("Home › ")
    assert crumb.height() < 2 * crumb.fontMetrics().height() + 20


@pytest.mark.parametrize("scale", [3.0, 1.0])
def test_a_size_step_is_laid_out_before_the_next_frame(saved_window, scale):
    """Right after the step, before the event loop turns (no frame drawn yet),
    Home's cards already have their new heights and none lies on another."""
    window = saved_window
    window.resize(1024, 768)
    window.set_scale(2.0)
    settle()
    window.set_scale(scale)  # no events processed after this
    home = window.pages["home"]
    cards = home.latest_cards + home.category_buttons
    assert cards
    for card in home.latest_cards:
        assert card.height() >= card.heightForWidth(card.width()), describe(card)
    rects = [window_rect(c) for c in cards]
    overlaps = [
        (describe(a), describe(b))
        for i, (a, ra) in enumerate(zip(cards, rects, strict=True))
        for b, rb in zip(cards[i + 1 :], rects[i + 1 :], strict=True)
        if ra.intersects(rb)
    ]
    assert overlaps == []


def test_every_step_between_fits_the_article(saved_window):
    """The steps between 100, 200 and 300% too, on the page with the most chrome."""
    window = saved_window
    problems = []
    for size in SIZES:
        window.resize(*size)
        for scale in themes.SCALES:
            window.set_scale(scale)
            window.navigate(Location("article", EPIDURAL))
            settle()
            problems += page_problems(window, f"{size} {round(scale * 100)}%")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_update_dialogs_and_notices_fit_at_300_percent(saved_window, size, qtbot):
    from reader.core.library.web_update import UpdatePlan
    from reader.core.text.update_words import out_of_date_notice
    from reader.ui.notice_bar import OUT_OF_DATE, UPDATE_AVAILABLE
    from reader.ui.update_dialogs import CostDialog, DownloadDialog

    window = saved_window
    window.resize(*size)
    window.set_scale(3.0)
    window.navigate(Location("article", CELLS))
    problems = []
    settings = window.updates.web().open_settings()
    problems += dialog_problems(settings, window, "update settings")
    settings.reject()
    plan = UpdatePlan("https://example.org/library/", 3, 12, 4, 1, 3_400_000, False, None)
    cost = CostDialog(window, plan)
    cost.open()
    problems += dialog_problems(cost, window, "cost")
    cost.reject()
    progress = DownloadDialog(window, clock=iter(range(0, 100, 10)).__next__)
    progress.open()
    progress.set_progress(0, 3_400_000)
    progress.set_progress(1_200_000, 3_400_000)
    problems += dialog_problems(progress, window, "download")
    progress.finish()
    # A notice costs one row of buttons, no more: the reading area may drop below
    # READING_SHARE while one shows (Hide gives the room back), but by little.
    page = window.current_page()
    reading = page.scroll.viewport().height()
    notices = window.statusBar().notices
    words = out_of_date_notice("2026-03-01")
    notices.show_notice(OUT_OF_DATE, words, "Check for updates", print, "May be out of date.")
    for key in (OUT_OF_DATE, UPDATE_AVAILABLE):
        if key == UPDATE_AVAILABLE:
            window.updates.web()._offer(plan)  # as a scheduled check does: replaces the other
        else:
            notices.show_notice(key, words, "Check for updates", print, "May be out of date.")
        settle()
        settle()  # the words chosen for the width the row gave them, laid out again
        notice = notices.shown(key)
        assert [n for n in notices.notices.values() if not n.isHidden()] == [notice]
        row = max(notice.hide_button.height(), notice.action_button.height())
        if notice.height() > row + 8 or notice.label.height() > row:
            problems.append(f"{key} notice: {notice.height()} px for buttons {row} px high")
        if reading - page.scroll.viewport().height() > row + 12:
            problems.append(f"{key} notice takes {reading - page.scroll.viewport().height()} px")
        share = page.scroll.viewport().height() / window.height()
        problems += [p for p in page_problems(window, f"{key} notice") if "reading area" not in p]
        assert share > 0.4, share
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_kiosk_pin_dialog_fits_at_300_percent(saved_window, size):
    """Before, the right PIN's three choices shared one 640-px row at 300% text and
    cut all their words: "Leave kiosk mode (until restart)" had 300 px for 963."""
    from reader.core.kiosk_pin import PinAttempts
    from reader.ui.pin_dialog import PinDialog

    window = saved_window
    window.resize(*size)
    window.set_scale(3.0)
    problems = []
    for pin_hash in ("a hash", None):  # a PIN set; none set (IT must set one)
        dialog = PinDialog(window, pin_hash, PinAttempts(), check=lambda _pin, _hash: True)
        dialog.start()
        problems += dialog_problems(dialog, window, f"PIN {pin_hash}")
        if pin_hash is not None:
            dialog.pin.setText("1234")
            dialog.try_pin()  # the right PIN: the choices
            problems += dialog_problems(dialog, window, "PIN accepted")
        dialog.reject()
    assert problems == [], "\n".join(problems)


READ_ALOUD_STATES = ("reading", "paused", "stopped")


@pytest.mark.parametrize("comfort", COMFORTS, ids=comfort_id)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reading_aloud_leaves_room_to_read_at_every_text_size(saved_window, size, comfort, qtbot):
    """While a summary is read aloud its controls (Pause, Stop, the sections, Voice and
    the line that says where it is) sit under the page and keep one row: at 300% text
    they took two rows and a line (about 170 px), and the reading area fell to 36-47%
    of a 768-px window."""
    from reader.ui import read_aloud, speech_engine

    window = saved_window
    window.resize(*size)
    set_comfort(window, comfort)
    target = themes.LARGE_TARGET_PX if comfort[1] else themes.MIN_TARGET_PX
    window.navigate(Location("article", CELLS))
    controls = window.article_page.read_aloud
    read_aloud.use_engine(read_aloud.MOCK)
    problems = []
    try:
        voice = speech_engine.start_voice()
        qtbot.waitUntil(lambda: voice.ready)
        controls.play.click()
        qtbot.waitUntil(lambda: controls.reading.state == read_aloud.READING)
        for scale in themes.SCALES:
            window.set_scale(scale)
            for state in READ_ALOUD_STATES:
                if state == "paused":
                    controls.play.click()
                elif state == "stopped":
                    controls.stop_button.click()
                settle()
                where = f"{round(scale * 100)}% {state}"
                problems += page_problems(window, where)
                shown = [w for w in controls.findChildren(QWidget) if w.isVisible()]
                if len({w.y() for w in shown if w.parentWidget() is controls}) > 1:
                    problems.append(f"{where}: the read-aloud controls take more than one row")
                problems += [
                    f"{where}: {describe(b)} is {b.width()}x{b.height()}"
                    for b in shown
                    if isinstance(b, QPushButton) and min(b.width(), b.height()) < target
                ]
                # A line with no room beside the buttons is not shown: its words are
                # still the bar's description, for screen readers.
                assert controls.status.isVisible() or controls.reading.message in (
                    "",
                    controls.accessibleDescription(),
                )
            controls.play.click()  # reading again, for the next size
            qtbot.waitUntil(lambda: controls.reading.state == read_aloud.READING)
    finally:
        controls.reading.stop()
        read_aloud.use_engine(None)
    assert problems == [], "\n".join(problems)


def ink_left(widget: QWidget) -> int:
    """Where, in window x, the first drawn words of `widget` start: the leftmost pixel
    inside its frame that stands out from its background."""
    image = widget.grab().toImage()
    inside = widget.contentsRect()
    background = image.pixelColor(inside.left() + 1, inside.top() + 1).lightness()
    for x in range(inside.left(), inside.right()):
        for y in range(inside.top(), inside.bottom()):
            if abs(image.pixelColor(x, y).lightness() - background) > 100:
                return widget.mapTo(widget.window(), QPoint(x, 0)).x()
    raise AssertionError(f"{describe(widget)} draws nothing")


def test_a_pages_heading_starts_where_its_words_start_at_300_percent(saved_window):
    """A heading has a border for its focus ring, and Qt indents a framed label's text
    by half an "x": at 300% a summary's headline started 32 px right of the line under
    it. Now only the ring's width (9 px) and the letters' own margins differ."""
    from reader.ui.qt import QTextBrowser

    window = saved_window
    window.resize(1024, 768)
    window.set_scale(3.0)
    window.navigate(Location("article", CELLS))
    settle()
    page = window.article_page
    offsets = {"summary": ink_left(page.heading) - ink_left(page.facts)}
    window.navigate(Location("page", "about"))
    settle()
    page = window.current_page()
    body = next(b for b in page.findChildren(QTextBrowser) if b.isVisible())
    offsets["about"] = ink_left(page.heading) - ink_left(body.viewport())
    assert all(abs(offset) <= 10 for offset in offsets.values()), offsets


@pytest.mark.parametrize("comfort", COMFORTS, ids=comfort_id)
def test_why_read_aloud_cannot_work_fits_beside_its_button_at_300_percent(saved_window, comfort):
    """Where no speech engine is found the bar says why. That sentence went under the
    button, wrapped at the 640 px the bar has before it is first laid out: a 268-px bar
    (the reading area 34%), and with the comfort settings the window grew to 837 px, past
    the 768-px screen. It now wraps beside the button, at the bar's own width."""
    from reader.ui import read_aloud

    window = saved_window
    window.resize(1024, 768)
    set_comfort(window, comfort)
    window.set_scale(3.0)
    read_aloud.use_engine("no-such-engine")
    try:
        window.navigate(Location("article", CELLS))  # the page is made now, at 300%
        settle()
        controls = window.article_page.read_aloud
        line = controls.status
        assert line.isVisible() and line.text() == read_aloud.NO_ENGINE
        assert window.size().height() == 768
        assert line.y() == controls.play.y()  # beside it, one row
        problems = page_problems(window, "no engine")  # the reading area >= 55% too
    finally:
        read_aloud.use_engine(None)
    assert problems == [], "\n".join(problems)
