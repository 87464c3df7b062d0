"""The words of a web update: what it brings and costs, how far the download is, and
the calm notice for a library past its review date.

A reader on a metered or slow connection decides from one sentence ("12 new
summaries, 4 updated, 340 KB. Download now?"), so sizes are humanised the
way people read them (KB, MB: powers of 1000, as phones and operating
systems show data use), counts are singular or plural as they should be, and
the time left is rounded so that it does not flicker. A plan that repairs
a damaged library file (`repair`: every summary downloaded again) says so
in the words the rest of the app uses for it ("the library file is
damaged", "repair"), never "10,000 new summaries".
"""

from __future__ import annotations

from datetime import UTC
from typing import Protocol

from reader.core.text.messages import count, summary_changes
from reader.core.timestamps import parse_timestamp

UNITS = ("KB", "MB", "GB")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
# A damaged library's download is its repair: in the words db_errors.py and the
# window's library notice use ("the library file is damaged", "repair it").
DAMAGED = "The library file on this computer is damaged."
REPAIR_TITLE = "Repair the library"


class _Plan(Protocol):
    version: int | None  # None: a ZIP's, known once downloaded
    new: int
    updated: int
    withdrawn: int
    download_bytes: int
    counts_known: bool  # False for a ZIP source: its contents are known once downloaded
    repair: bool  # the library file is damaged: every summary downloaded again


def human_bytes(n: int) -> str:
    """'900 bytes', '340 KB', '1.2 MB', '15 MB', '2.5 GB' (1 KB = 1000 bytes)."""
    if n < 1000:
        return count(max(0, int(n)), "byte")
    value = float(n)
    for unit in UNITS:
        value /= 1000
        if value < 999.5 or unit == UNITS[-1]:
            break
    shown = f"{value:.1f}".removesuffix(".0") if value < 9.95 else f"{round(value)}"
    return f"{shown} {unit}"


def plan_changes(plan: _Plan) -> str:
    """'12 new summaries, 4 updated, 1 removed': only what changes; 'no new summaries'.

    A ZIP's contents are known only once it is downloaded: 'a new copy of the library',
    or for a damaged library 'the whole library again, to repair it'.
    """
    repair = getattr(plan, "repair", False)
    if not getattr(plan, "counts_known", True):
        return "the whole library again, to repair it" if repair else "a new copy of the library"
    if repair:
        return f"all {count(plan.new, 'summary', 'summaries')} again, to repair the library"
    return summary_changes(plan.new, plan.updated, plan.withdrawn, "removed") or "no new summaries"


def plan_cost(plan: _Plan) -> str:
    """'12 new summaries, 4 updated, 340 KB.': what the update brings and what it costs."""
    changes = plan_changes(plan)
    return f"{changes[:1].upper()}{changes[1:]}, {human_bytes(plan.download_bytes)}."


def plan_question(plan: _Plan) -> str:
    """The cost dialog's sentence: '12 new summaries, 4 updated, 340 KB. Download now?'"""
    if getattr(plan, "repair", False):
        return f"{_repair(plan)} Download now?"
    return f"{plan_cost(plan)} Download now?"


def _repair(plan: _Plan) -> str:
    """'The library file on this computer is damaged. To repair it, all 10,000 summaries
    are downloaded again (52 MB).'"""
    if not getattr(plan, "counts_known", True):  # a ZIP's: how many, known once it is here
        what = "the whole library is"
    else:
        what = "its 1 summary is" if plan.new == 1 else f"all {plan.new:,} summaries are"
    return f"{DAMAGED} To repair it, {what} downloaded again ({human_bytes(plan.download_bytes)})."


def cost_detail(plan: _Plan) -> str:
    """The cost dialog's second line: the version when it is known (a ZIP's is not,
    until it is downloaded: no 'Library version 0'), and that a download resumes."""
    known = f"Library version {plan.version}. " if plan.version is not None else ""
    return f"{known}If the connection drops, the next try goes on where it stopped."


def update_available(plan: _Plan) -> str:
    """The unobtrusive notice: 'A library update is available: 3 new summaries, 2 KB.'"""
    if getattr(plan, "repair", False):
        return _repair(plan)
    size = human_bytes(plan.download_bytes)
    return f"A library update is available: {plan_changes(plan)}, {size}."


def update_available_short(plan: _Plan) -> str:
    """The notice where the whole sentence does not fit: 'Update available: 340 KB.'"""
    if getattr(plan, "repair", False):
        return f"{REPAIR_TITLE}: {human_bytes(plan.download_bytes)}."
    return f"Update available: {human_bytes(plan.download_bytes)}."


def time_left(seconds: float | None) -> str:
    """'about 20 seconds left', 'about 3 minutes left'; '' while it cannot be told yet."""
    if seconds is None or seconds != seconds or seconds < 0:
        return ""
    if seconds < 10:
        return "a few seconds left"
    tens = max(10, round(seconds / 5) * 5)
    if tens < 60:
        return f"about {tens} seconds left"
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"about {count(minutes, 'minute')} left"
    return f"about {count(round(seconds / 3600), 'hour')} left"


def download_progress(done: int, total: int, seconds_left: float | None) -> str:
    """'1.2 MB of 3.4 MB, about 20 seconds left' (without the time while unknown)."""
    words = f"{human_bytes(done)} of {human_bytes(total)}" if total > 0 else human_bytes(done)
    left = time_left(seconds_left)
    return f"{words}, {left}" if left else words


def review_date(expires: str | None) -> str | None:
    """'1 March 2026': the day of an ISO `expires` moment, in UTC; None when unreadable."""
    moment = parse_timestamp(expires) if expires else None
    if moment is None:
        return None
    try:
        day = moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-23:59 is a day of the year 10000 in UTC
        return None
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def out_of_date_notice(expires: str | None) -> str:
    """The calm notice for a library whose publisher's review date has passed."""
    when = review_date(expires)
    reason = f" (its publisher set it to be reviewed by {when})" if when else ""
    return (
        f"This library may be out of date{reason}. "
        "You can keep reading; check for updates when you can."
    )


def out_of_date_short(expires: str | None) -> str:
    """The notice where the whole sentence does not fit (300% text on a small screen)."""
    when = review_date(expires)
    return f"May be out of date (review by {when})." if when else "May be out of date."
