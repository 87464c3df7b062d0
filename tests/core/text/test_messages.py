"""The shared wording: every count singular or plural as it should be, one sentence each."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.library.outcome import SyncResult
from reader.core.personal.portable import PersonalCounts
from reader.core.text import messages


@dataclass
class Paper:
    journal: str | None
    year: int | None


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "0 bookmarks"), (1, "1 bookmark"), (2, "2 bookmarks"), (11, "11 bookmarks")],
)
def test_count_is_singular_only_for_one(n, expected):
    assert messages.count(n, "bookmark") == expected


def test_count_takes_an_irregular_plural():
    assert messages.count(1, "summary", "summaries") == "1 summary"
    assert messages.count(3, "summary", "summaries") == "3 summaries"


@pytest.mark.parametrize(
    ("journal", "year", "expected"),
    [
        ("Neuroscience Bulletin", 2014, "Neuroscience Bulletin, 2014"),
        ("Neuroscience Bulletin", None, "Neuroscience Bulletin"),
        (None, 2014, "2014"),
        (None, None, ""),
        ("", 0, ""),
    ],
)
def test_journal_year(journal, year, expected):
    assert messages.journal_year(Paper(journal, year)) == expected


def test_the_cli_sync_line_gives_every_count():
    result = SyncResult("updated", 3, added=1, updated=1, withdrawn=1, unchanged=2)
    assert messages.sync_result(result) == (
        "Library updated to version 3: 1 added, 1 updated, 1 withdrawn, 2 unchanged."
    )
    assert messages.sync_result(SyncResult("up-to-date", 3, unchanged=5)) == (
        "Already up to date (version 3)."
    )


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((3, 1, 0), "Library updated to version 2: 3 new summaries, 1 updated."),
        ((1, 0, 2), "Library updated to version 2: 1 new summary, 2 withdrawn."),
        ((0, 0, 0), "Library updated to version 2: no summaries changed."),
    ],
)
def test_the_window_sync_sentence_says_only_what_changed(counts, expected):
    added, updated, withdrawn = counts
    result = SyncResult("updated", 2, added=added, updated=updated, withdrawn=withdrawn)
    assert messages.library_updated(result) == expected


def test_the_window_says_already_up_to_date_in_full():
    assert messages.library_updated(SyncResult("up-to-date", 4)) == (
        "Your library is already up to date (version 4)."
    )


def test_export_counts_are_plural_only_when_not_one():
    assert messages.exported(PersonalCounts(1, 1, 1), "mine.json") == (
        "Exported 1 bookmark, 1 feedback answer and 1 note to mine.json."
    )
    assert messages.exported(PersonalCounts(2, 0, 3), "/tmp/x.json", "Saved") == (
        "Saved 2 bookmarks, 0 feedback answers and 3 notes to /tmp/x.json."
    )


def test_import_lines_for_the_cli_and_the_window():
    result = PersonalCounts(bookmarks=1, feedback=2, notes=0)
    assert messages.imported(result) == (
        "Imported: 1 bookmark, 2 feedback answers, 0 notes added or updated."
    )
    assert messages.import_counts(result) == "1 bookmark, 0 notes and 2 feedback answers added."


@given(st.text(max_size=300))
def test_a_typed_query_is_repeated_short_and_wrappable(query):
    shown = messages.typed_words(query)
    plain = shown.replace("\u200b", "")
    words = query.strip()
    if len(words) <= messages.TYPED_SHOWN:
        assert plain == words
    else:
        assert plain.endswith("…") and words.startswith(plain[:-1])
        assert len(plain) <= messages.TYPED_SHOWN + 1
    assert all(len(run) <= 24 for run in re.split(r"[\s\u200b]", shown))


def test_a_typed_query_is_cut_after_a_whole_word():
    assert messages.typed_words("bladder training " * 10) == "bladder training bladder training…"
    assert messages.typed_words("walkin") == "walkin"
