"""A reader's report of a problem with a summary, kept in their note about it.

The app sends nothing anywhere. A report is a line added to the reader's
note for that article, "Problem reported (2026-12-02): …", so it travels
with the notes in `userdata export`: a clinic or caregiver can pass that
file (or a printed handout with notes) on to the library's publisher.
"""

from __future__ import annotations

from reader.core.errors import PersonalDataInvalid
from reader.core.personal.portable import Note, note_too_long
from reader.core.personal.store import PersonalData
from reader.core.timestamps import utc_now

PREFIX = "Problem reported"


def problem_line(description: str, day: str) -> str:
    """The note's line for one report: the description on one line, dated."""
    return f"{PREFIX} ({day}): {' '.join(description.split())}"


def report_problem(
    personal: PersonalData, article_id: str, title: str, description: str, now: str | None = None
) -> Note:
    """Add the report to the end of the article's note (made if there is none).

    Raises PersonalDataInvalid for an empty description, or when the note
    would pass its size limit (the note is then left as it was).
    """
    if not description.strip():
        raise PersonalDataInvalid("the problem report is empty")
    now = now or utc_now()
    note = personal.get_note(article_id)
    before = note.text.rstrip("\n") if note else ""
    line = problem_line(description, now[:10])
    text = f"{before}\n{line}" if before else line
    if note_too_long(text):
        raise PersonalDataInvalid("the note about this summary is full (1 MiB)")
    saved = personal.set_note(article_id, title, text, now)
    assert saved is not None
    return saved
