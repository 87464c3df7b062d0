"""The sentences both the CLI and the window show, written once.

One function per message, so a count reads "1 bookmark" / "2 bookmarks"
everywhere and a change of wording happens in one place. The CLI's lines are
terse and complete (every count, for logs and scripts); the window's say the
same in a reader's words (only what changed, "new summaries").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Protocol

from reader.core.bundle.study_types import study_type

if TYPE_CHECKING:
    from reader.core.personal.portable import PersonalCounts


class _Published(Protocol):
    journal: str | None
    year: int | None


class _SyncOutcome(Protocol):
    result: str  # "updated" or "up-to-date"
    version: int
    added: int
    updated: int
    withdrawn: int
    unchanged: int
    repaired: bool


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 bookmark', '2 bookmarks', '0 bookmarks'; `many` for irregular plurals."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def journal_year(article: _Published) -> str:
    """'Neuroscience Bulletin, 2014': where and when a paper appeared ('' if unknown)."""
    return ", ".join(p for p in (article.journal, str(article.year or "")) if p)


def from_the_paper(title: str) -> str:
    """The line under a plain headline that names its source: the paper's title."""
    return f"From the paper: {title}"


NEW_IN_LIBRARY = "New in this library"  # how the window names a summary's `added` date


def new_in_library(added: str) -> str:
    """'New in this library: 2025-03-02': the added date, named as such where it is shown."""
    return f"{NEW_IN_LIBRARY}: {added}"


def study_type_line(value: str | None) -> str | None:
    """'Cohort study (Moderate evidence): People followed over time. ...' or None."""
    kind = study_type(value)
    if kind is None:
        return None
    return f"{kind.name} ({kind.strength}): {kind.meaning}"


def sync_result(result: _SyncOutcome) -> str:
    """The CLI's line after a sync: every count, always."""
    if result.result == "up-to-date":
        return f"Already up to date (version {result.version})."
    if result.repaired:
        # Every count is in --json; here the one that matters, and where the old file went.
        return (
            f"{library_repaired(result)} The damaged file is kept in the data folder "
            "(library.sqlite3.damaged-…)."
        )
    return (
        f"Library updated to version {result.version}: {result.added} added, "
        f"{result.updated} updated, {result.withdrawn} withdrawn, "
        f"{result.unchanged} unchanged."
    )


class _Signing(Protocol):
    signed: bool | None
    expires: str | None
    out_of_date: bool


def signing_lines(status: _Signing) -> list[str]:
    """`status`'s lines on the installed library's signature and `expires`."""
    lines = [
        {
            True: "Signed by a trusted publisher.",
            False: "Not signed (accepted from a local file or folder).",
            None: "Signature not recorded (synced by an older version of the app).",
        }[status.signed]
    ]
    if status.expires:
        late = " This content may be out of date; it can still be read." * status.out_of_date
        lines.append(f"Up to date until {status.expires}.{late}")
    return lines


def library_updated(result: _SyncOutcome) -> str:
    """The window's sentence after a sync: only what changed, in a reader's words."""
    if result.result == "up-to-date":
        return f"Your library is already up to date (version {result.version})."
    if result.repaired:
        return library_repaired(result)
    changes = summary_changes(result.added, result.updated, result.withdrawn, "withdrawn")
    return f"Library updated to version {result.version}: {changes or 'no summaries changed'}."


def library_updated_title(result: _SyncOutcome) -> str:
    """The title of the box that says `library_updated`."""
    return "Library repaired" if result.repaired else "Library updated"


def library_repaired(result: _SyncOutcome) -> str:
    """After a damaged library's repair: 'Library repaired: version 4, 10,000 summaries.'
    (its sync counts every summary as added: not "10,000 new summaries")."""
    total = result.added + result.updated + result.unchanged
    what = "summary" if total == 1 else "summaries"
    return f"Library repaired: version {result.version}, {total:,} {what}."


def summary_changes(new: int, updated: int, gone: int, gone_word: str) -> str:
    """'12 new summaries, 4 updated, 1 withdrawn': only what changes ("" for nothing)."""
    parts = []
    if new:
        parts.append(count(new, "new summary", "new summaries"))
    if updated:
        parts.append(f"{updated} updated")
    if gone:
        parts.append(f"{gone} {gone_word}")
    return ", ".join(parts)


def personal_counts(counts: PersonalCounts, *, last: str = " and ") -> str:
    """'1 bookmark, 2 feedback answers and 0 notes'."""
    return (
        f"{count(counts.bookmarks, 'bookmark')}, "
        f"{count(counts.feedback, 'feedback answer')}{last}"
        f"{count(counts.notes, 'note')}"
    )


def exported(counts: PersonalCounts, path: object, verb: str = "Exported") -> str:
    """'Exported 1 bookmark, 0 feedback answers and 2 notes to mine.json.'"""
    return f"{verb} {personal_counts(counts)} to {path}."


def imported(counts: PersonalCounts) -> str:
    """The CLI's line after an import (the file's entries, added or updated)."""
    return f"Imported: {personal_counts(counts, last=', ')} added or updated."


def import_counts(counts: PersonalCounts) -> str:
    """The window's sentence after an import (its own order since the first
    edition: what a reader made, then the answers they gave)."""
    return (
        f"{count(counts.bookmarks, 'bookmark')}, {count(counts.notes, 'note')} and "
        f"{count(counts.feedback, 'feedback answer')} added."
    )


def showing_results_for(corrected: str, typed: str) -> str:
    """The CLI's line above results found for a corrected spelling."""
    return (
        f"Showing results for “{corrected}”: no summaries match “{typed.strip()}”. "
        "To search instead for the words as typed, add --exact."
    )


SEARCH_INSTEAD_FOR = "Search instead for “{typed}”"  # the window's way back

# A typed query as the window's sentences repeat it: a key held down or a long
# paste makes thousands of characters, which pushed the results screens down
# and, as one long "word", past the window's right edge.
TYPED_SHOWN = 40  # characters
_UNBROKEN = re.compile(r"(\S{24})(?=\S)")  # longer than any word a reader types


def typed_words(query: str) -> str:
    """The query's first words (cut after a whole word with "…" past TYPED_SHOWN
    characters), with an invisible chance to wrap inside a run of 24 letters or more."""
    words = query.strip()
    if len(words) > TYPED_SHOWN:
        cut = words[:TYPED_SHOWN]
        space = cut.rfind(" ")
        words = (cut[:space] if space >= TYPED_SHOWN // 2 else cut).rstrip() + "…"
    return _UNBROKEN.sub("\\1\u200b", words)
