"""Large text that fits a laptop screen, on what a library's trouble leaves on screen.

test_layout_fit.py walks every page once; a withdrawn summary's note has
states a walk does not reach (a bookmark's date, the Undo bar after Delete),
and a library that cannot be read brings a notice with Try again under the
page. The same checks (its page_problems), at 300% text, 1024 and 1366 wide.
"""

from __future__ import annotations

import pytest

from reader.ui.context import Location
from reader.ui.library_trouble import LIBRARY_UNREADABLE
from tests.ui.helpers import CATEGORY
from tests.ui.test_layout_fit import GONE, GONE_NOTE, SIZES, page_problems, settle

TITLE = "A paper title the library no longer has"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_withdrawn_note_s_undo_and_the_library_notice_fit_at_300_percent(
    make_window, make_shipped_data_dir, size
):
    window = make_window(make_shipped_data_dir())
    window.personal.set_note(GONE, TITLE, GONE_NOTE)
    window.personal.add_bookmark(GONE, TITLE, "2026-01-01T00:00:00Z")
    window.resize(*size)
    window.set_scale(3.0)
    assert window.navigate(Location("withdrawn", GONE))
    settle()
    page = window.current_page()
    assert page.saved.isVisible()
    problems = page_problems(window, "withdrawn")
    page.delete_button.click()
    settle()
    assert page.undo_button.isVisible()
    problems += page_problems(window, "withdrawn, undo")
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (window.data_dir / name).unlink(missing_ok=True)
    window.navigate(Location("category", CATEGORY))  # cannot be read: the notice
    settle()
    settle()  # the words chosen for the width the row gave them, laid out again
    notice = window.statusBar().notices.shown(LIBRARY_UNREADABLE)
    row = max(notice.hide_button.height(), notice.action_button.height())
    if notice.height() > row + 8 or notice.label.height() > row:
        problems.append(f"library notice: {notice.height()} px for buttons {row} px high")
    # A notice costs the reading area one row (as test_layout_fit's update notices).
    problems += [p for p in page_problems(window, "library notice") if "reading area" not in p]
    assert problems == [], "\n".join(problems)
