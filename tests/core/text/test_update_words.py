"""A web update's words: its cost, its progress, and the out-of-date notice."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from reader.core.text.update_words import (
    cost_detail,
    download_progress,
    human_bytes,
    out_of_date_notice,
    plan_changes,
    plan_question,
    review_date,
    time_left,
    update_available,
    update_available_short,
)


@dataclass
class Plan:
    new: int = 0
    updated: int = 0
    withdrawn: int = 0
    download_bytes: int = 0
    version: int | None = 2
    counts_known: bool = True
    repair: bool = False


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1000, "1 KB"),
        (1234, "1.2 KB"),
        (340_000, "340 KB"),
        (999_400, "999 KB"),
        (999_600, "1 MB"),  # not "1000 KB"
        (1_200_000, "1.2 MB"),
        (3_400_000, "3.4 MB"),
        (15_300_000, "15 MB"),
        (2_500_000_000, "2.5 GB"),
        (4_000_000_000_000, "4000 GB"),
    ],
)
def test_sizes_are_humanised(n, words):
    assert human_bytes(n) == words


@pytest.mark.parametrize(
    ("plan", "question"),
    [
        (Plan(12, 4, 0, 340_000), "12 new summaries, 4 updated, 340 KB. Download now?"),
        (Plan(1, 0, 0, 2_048), "1 new summary, 2 KB. Download now?"),
        (Plan(0, 1, 0, 900), "1 updated, 900 bytes. Download now?"),
        (Plan(0, 0, 2, 1), "2 removed, 1 byte. Download now?"),
        (Plan(0, 0, 0, 5_000), "No new summaries, 5 KB. Download now?"),
        (
            Plan(download_bytes=3_400_000, counts_known=False),
            "A new copy of the library, 3.4 MB. Download now?",
        ),
    ],
)
def test_the_cost_question_counts_in_plain_words(plan, question):
    assert plan_question(plan) == question


def test_a_damaged_library_s_download_is_said_as_its_repair():
    """Not "10000 new summaries": the words the app uses for a damaged library."""
    plan = Plan(10_000, 0, 0, 52_000_000, repair=True)
    sentence = (
        "The library file on this computer is damaged. To repair it, all 10,000 summaries "
        "are downloaded again (52 MB)."
    )
    assert plan_question(plan) == f"{sentence} Download now?"
    assert update_available(plan) == sentence
    assert update_available_short(plan) == "Repair the library: 52 MB."
    assert "To repair it, its 1 summary is downloaded again (9 bytes)." in plan_question(
        Plan(1, download_bytes=9, repair=True)
    )


def test_a_zip_s_repair_is_said_as_a_repair_too():
    """A `.zip` address's repair said "A new copy of the library" while a folder's
    said "Repair the library": a ZIP's count is unknown, so "the whole library"."""
    plan = Plan(download_bytes=3_400_000, version=None, counts_known=False, repair=True)
    sentence = (
        "The library file on this computer is damaged. To repair it, the whole library "
        "is downloaded again (3.4 MB)."
    )
    assert plan_question(plan) == f"{sentence} Download now?"
    assert update_available(plan) == sentence
    assert update_available_short(plan) == "Repair the library: 3.4 MB."
    assert "new copy" not in plan_changes(plan) and "repair" in plan_changes(plan)


def test_a_repair_done_counts_the_library_s_summaries_not_new_ones():
    from reader.core.library.outcome import SyncResult
    from reader.core.text.messages import library_repaired

    done = SyncResult("updated", 4, added=10_000)
    assert library_repaired(done) == "Library repaired: version 4, 10,000 summaries."
    assert library_repaired(SyncResult("updated", 1, added=1)).endswith(", 1 summary.")


def test_an_unknown_version_is_not_said_as_a_number():
    """A ZIP's version is known once it is downloaded: before, "Library version 0"."""
    assert cost_detail(Plan(version=None, counts_known=False)) == (
        "If the connection drops, the next try goes on where it stopped."
    )
    assert cost_detail(Plan(version=4)).startswith("Library version 4. If the connection")


def test_the_notice_says_what_is_available():
    notice = update_available(Plan(3, 1, 0, 1_500_000))
    assert notice == "A library update is available: 3 new summaries, 1 updated, 1.5 MB."


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, ""),
        (float("nan"), ""),
        (-1, ""),
        (3, "a few seconds left"),
        (19, "about 20 seconds left"),
        (11, "about 10 seconds left"),
        (56, "about 55 seconds left"),
        (59, "about 1 minute left"),
        (61, "about 1 minute left"),
        (150, "about 2 minutes left"),  # 2.5 rounds to even
        (3500, "about 58 minutes left"),
        (3599, "about 1 hour left"),
        (7200, "about 2 hours left"),
    ],
)
def test_time_left_is_rounded_and_plural_right(seconds, words):
    assert time_left(seconds) == words


def test_progress_in_bytes_and_time():
    assert download_progress(1_200_000, 3_400_000, 20) == "1.2 MB of 3.4 MB, about 20 seconds left"
    assert download_progress(1_200_000, 3_400_000, None) == "1.2 MB of 3.4 MB"
    assert download_progress(5_000, 0, None) == "5 KB"  # the size is not known yet


@pytest.mark.parametrize(
    ("expires", "day"),
    [
        ("2026-03-01T00:00:00Z", "1 March 2026"),
        ("2026-03-01", "1 March 2026"),
        ("2026-03-01T00:30:00+01:00", "28 February 2026"),  # told in UTC
        ("soon", None),
        (None, None),
    ],
)
def test_the_review_date_is_a_day_people_read(expires, day):
    assert review_date(expires) == day


def test_the_out_of_date_notice_is_calm_and_names_the_date():
    assert out_of_date_notice("2026-03-01T00:00:00Z") == (
        "This library may be out of date (its publisher set it to be reviewed by "
        "1 March 2026). You can keep reading; check for updates when you can."
    )
    assert out_of_date_notice(None).startswith("This library may be out of date. You can")
