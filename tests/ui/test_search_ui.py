"""Search from the toolbar: focus keys, results as you type, Enter, clear messages."""

from __future__ import annotations

from reader.ui.context import Location
from reader.ui.main_window import SEARCH_DELAY_MS
from reader.ui.models import ArticleIdRole, DetailRole, TextRole, TitleRole
from reader.ui.qt import QApplication, Qt
from tests.ui import library_content as content
from tests.ui.helpers import current, go


def search_page(window):
    return window.pages["search"]


def type_and_wait(window, qtbot, text: str) -> None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, text)
    qtbot.waitUntil(
        lambda: window.current_location() == Location("search", window.search_field.text())
    )


def test_ctrl_f_focuses_the_search_field(window, qtbot):
    go(window, "category", "pain")
    window.search_field.setText("old words")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search_field
    assert window.search_field.selectedText() == "old words"  # typing replaces them


def test_slash_focuses_the_search_field_but_types_inside_it(window, qtbot):
    go(window, "article", content.FULL_ID)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Slash)
    assert QApplication.focusWidget() is window.search_field
    assert window.search_field.text() == ""
    qtbot.keyClick(window.search_field, Qt.Key.Key_Slash)
    assert window.search_field.text() == "/"


def test_results_appear_as_you_type_after_a_pause(window, qtbot):
    assert window.search_timer.interval() == SEARCH_DELAY_MS
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "zebra")
    # Debounced: nothing has been searched yet while the timer runs.
    assert window.search_timer.isActive()
    assert current(window) is window.pages["home"]
    qtbot.waitUntil(lambda: current(window) is search_page(window))
    page = search_page(window)
    assert page.model.rowCount() == 1
    index = page.model.index(0, 0)
    assert index.data(TitleRole) == content.FULL_TITLE
    assert index.data(ArticleIdRole) == content.FULL_ID
    assert "<mark>zebrafish</mark>" in index.data(TextRole)  # matched word highlighted
    assert index.data(DetailRole) == "General, Walking"  # its categories
    assert page.message.text() == "1 summary matches “zebra”."
    assert page.list.isVisible()
    # Typing stays in the field.
    assert QApplication.focusWidget() is window.search_field


def test_typing_refines_one_history_entry(window, qtbot):
    type_and_wait(window, qtbot, "recov")
    type_and_wait(window, qtbot, "ery")
    assert window.history == [Location("home"), Location("search", "recovery")]
    page = search_page(window)
    titles = {page.model.hit(r).title for r in range(page.model.rowCount())}
    assert titles == {content.filler_title(i) for i in range(1, 9)}  # only they say "recovery"


def test_many_results_show_count_and_highlights(window, qtbot):
    type_and_wait(window, qtbot, "filler")
    page = search_page(window)
    n = page.model.rowCount()
    assert n == 8
    assert page.message.text() == "8 summaries match “filler”."
    for row in range(n):
        assert "<mark>" in page.model.index(row, 0).data(TextRole)


def test_enter_opens_the_first_result(window, qtbot):
    type_and_wait(window, qtbot, "quokka")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.current_location() == Location("article", content.SPARSE_ID)
    assert QApplication.focusWidget() is current(window).heading


def test_enter_before_the_pause_still_opens_the_first_result(window, qtbot):
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "armadillo")
    assert window.search_timer.isActive()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.current_location() == Location("article", content.AMP_ID)
    assert window.history[-2] == Location("search", "armadillo")


def test_a_result_opens_on_click_or_enter(window, qtbot):
    type_and_wait(window, qtbot, "filler")
    view = search_page(window).list
    first_id = view.model().index(0, 0).data(ArticleIdRole)
    rect = view.visualRect(view.model().index(0, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_location() == Location("article", first_id)
    window.go_back()
    view.setFocus()
    view.setCurrentIndex(view.model().index(1, 0))
    second_id = view.model().index(1, 0).data(ArticleIdRole)
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert window.current_location() == Location("article", second_id)


def test_no_results_is_said_plainly(window, qtbot):
    type_and_wait(window, qtbot, "xylophone")
    page = search_page(window)
    assert page.model.rowCount() == 0
    assert page.message.text() == "No summaries match “xylophone”. Try fewer or different words."
    assert not page.list.isVisible()
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)  # nothing to open
    assert window.current_location() == Location("search", "xylophone")


def test_odd_input_never_breaks_search(window, qtbot):
    for text in ('"', '""', "*", "NEAR(", " - ", "AND OR", "\\"):
        window.search_field.setText(text)
        window.run_search()
        assert current(window) is search_page(window)
        assert search_page(window).message.text()


def test_cleared_field_asks_for_a_word(window, qtbot):
    type_and_wait(window, qtbot, "otter")
    window.search_field.clear()
    window.run_search()
    assert search_page(window).message.text() == "Type a word in the search box to find summaries."


def test_empty_library_says_there_is_nothing_to_search(make_window, empty_data_dir, qtbot):
    window = make_window(empty_data_dir)
    type_and_wait(window, qtbot, "walking")
    assert (
        search_page(window)
        .message.text()
        .startswith("The library is empty, so there is nothing to search yet.")
    )
    assert not search_page(window).list.isVisible()


# A keystroke updates the results in place: the page is not shown anew.


def test_a_keystroke_on_the_results_page_only_updates_the_results(window, qtbot, monkeypatch):
    type_and_wait(window, qtbot, "fill")
    crumbs = [window.breadcrumb.itemAt(i).widget() for i in range(window.breadcrumb.count())]
    counted, flushed = [], []
    monkeypatch.setattr(
        window.library, "count_articles", lambda *a: counted.append(a) or 1, raising=True
    )
    monkeypatch.setattr(window.article_page.note, "flush", lambda: flushed.append(True))

    type_and_wait(window, qtbot, "er")

    page = search_page(window)
    assert page.message.text() == "8 summaries match “filler”."
    assert page.model.rowCount() == 8
    # No article counting, no note save, no new breadcrumb, no new history step.
    assert counted == []
    assert flushed == []
    after = [window.breadcrumb.itemAt(i).widget() for i in range(window.breadcrumb.count())]
    assert after == crumbs
    assert window.history == [Location("home"), Location("search", "filler")]
    assert QApplication.focusWidget() is window.search_field


def test_back_and_forward_around_a_search_show_its_latest_query(window, qtbot):
    go(window, "category", "pain")
    type_and_wait(window, qtbot, "zeb")
    type_and_wait(window, qtbot, "ra")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.current_location() == Location("article", content.FULL_ID)
    assert window.history == [
        Location("home"),
        Location("category", "pain"),
        Location("search", "zebra"),
        Location("article", content.FULL_ID),
    ]
    window.go_back()
    assert window.current_location() == Location("search", "zebra")
    assert search_page(window).message.text() == "1 summary matches “zebra”."
    window.go_back()
    assert window.current_location() == Location("category", "pain")
    window.go_forward()
    assert current(window) is search_page(window)
    assert search_page(window).model.hit(0).id == content.FULL_ID


def test_an_update_while_on_the_results_is_seen_by_the_next_keystroke(
    make_window, empty_data_dir, ui_bundles, qtbot
):
    """What the results page keeps between keystrokes (is the library empty?) is
    read again when the page is shown anew, as after an update."""
    window = make_window(empty_data_dir)
    type_and_wait(window, qtbot, "zeb")
    assert search_page(window).message.text().startswith("The library is empty")
    with qtbot.waitSignal(window.updates.start(str(ui_bundles.v1), quiet_success=True).done):
        pass
    type_and_wait(window, qtbot, "ra")
    assert search_page(window).message.text() == "1 summary matches “zebra”."


def test_a_held_key_or_a_long_paste_keeps_the_sentence_on_the_screen(window, qtbot):
    """A key held down made a 5,000-letter "word": the sentence repeating it ran
    past the window's right edge; a long paste pushed the results screens down."""
    window.resize(1024, 768)
    window.set_scale(3.0)
    page = search_page(window)
    for typed in ("e" * 5000, "bladder training " * 400):
        window.search_field.setText(typed)
        window.run_search()
        QApplication.processEvents()
        assert window.search_field.text() == typed  # the box keeps every letter
        room = page.scroll.viewport().width()
        line = page.message.fontMetrics().height()
        assert page.message.width() <= room, (page.message.width(), room)
        assert page.message.height() <= 4 * line, (page.message.height(), line)
        assert page.message.text().endswith("”. Try fewer or different words.") or (
            page.list.isVisible()
        )
