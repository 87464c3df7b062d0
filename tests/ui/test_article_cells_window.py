"""The window starts on a library whose article rows were damaged or edited.

Before: a blob `title` or broken `key_findings` JSON in one article reached
Home's cards and the article page as bytes or a JSONDecodeError. Now a
field an article may leave out is left out (the page opens without it), and
any other cell a sync never writes makes the library damaged: the window
starts and says so, with "Update library", as for damaged `meta`.
"""

from __future__ import annotations

import sqlite3

import pytest

from reader.ui.context import HOME
from reader.ui.qt import QApplication
from tests.ui import library_content as content
from tests.ui.helpers import open_article, trouble_notice_text


def set_article_cell(data_dir, column: str, sql_value: str) -> None:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"UPDATE articles SET {column} = {sql_value} WHERE id = ?", (content.FULL_ID,))
    conn.close()


@pytest.mark.parametrize(
    ("column", "sql_value"),
    [
        ("title", "x'ff00'"),
        ("title", "NULL"),
        ("added", "x'00'"),
        ("categories", "'[1]'"),
        ("key_findings", "'[broken'"),
        ("simple_explanation", "NULL"),
        ("plain_title", "CAST(x'ff' AS TEXT)"),
    ],
)
def test_a_damaged_article_is_said_as_a_damaged_library(
    make_window, ui_data_dir, column, sql_value
):
    set_article_cell(ui_data_dir, column, sql_value)
    window = make_window(ui_data_dir, first_start_import=True)
    QApplication.processEvents()
    words = trouble_notice_text(window)
    assert words is not None and "damaged" in words and "Update library" in words


@pytest.mark.parametrize(
    ("column", "sql_value"),
    [
        ("journal", "x'ff00'"),
        ("year", "x'ff00'"),
        ("plain_title", "x'ff00'"),
        ("study_type", "NULL"),
        ("evidence_level", "x'00'"),
        ("research_summary", "x'ff00'"),
    ],
)
def test_an_optional_field_not_of_its_type_is_left_out_and_the_window_reads_on(
    make_window, ui_data_dir, column, sql_value
):
    set_article_cell(ui_data_dir, column, sql_value)
    window = make_window(ui_data_dir, first_start_import=True)
    QApplication.processEvents()
    assert trouble_notice_text(window) is None
    assert window.current_location() == HOME
    open_article(window, content.FULL_ID)
    assert getattr(window.article_page.article, column) is None
    assert trouble_notice_text(window) is None
