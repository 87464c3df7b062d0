"""Setting notes aside under Hypothesis: whatever a reader typed, the file imports back.

The set-aside file is the last copy of notes the personal data file
refused, written as the app ends; a note that cannot be written there is
lost for good. So any text (NUL, control characters, line and paragraph
separators, bidi marks, a lone surrogate a text box can hold) must give a
file that `userdata import` reads back note for note.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.personal.set_aside import set_aside
from reader.core.personal.store import Note, PersonalData

STAMP = "2026-12-01T10:00:00Z"
# Ids and titles come from the library, which holds no lone surrogate.
TEXT = st.text(st.characters(codec="utf-8"), max_size=120)
IDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=20).filter(str.strip)
# A note's text: anything, with the controls, separators and surrogate halves a text box
# holds; a lone half comes back as U+FFFD (set_aside._writable), two side by side as one.
NOTE_TEXT = st.lists(
    st.text(max_size=20)
    | st.sampled_from(["\x00", "\x1b[31m", "\r\n", "\u2028", "\u202e", "\ufeff", "\\u0000"])
    | st.sampled_from(["\ud800", "\udc00", "\udfff", "\ud83d", "\ude00", "\ud83d\ude00"]),
    max_size=12,
).map("".join)
notes = st.lists(
    st.builds(Note, IDS, TEXT.filter(str.strip) | st.just("Title"), NOTE_TEXT, st.just(STAMP)),
    min_size=1,
    max_size=4,
    unique_by=lambda n: n.article_id,
)


@settings(max_examples=60, deadline=None)
@given(notes)
@example([Note("a", "Article A", "caf\udce9 \ud83d", STAMP)])  # failed before: nothing written
def test_any_notes_set_aside_import_back(notes):
    with tempfile.TemporaryDirectory() as tmp:
        path = set_aside(notes, [Path(tmp)])
        assert path is not None
        with PersonalData(Path(tmp) / "data") as store:
            store.import_file(path)
            back = {n.article_id: n.text for n in store.list_notes()}
    kept = {n.article_id: _without_lone_surrogates(n.text) for n in notes}
    # A blank note is a deletion the file could not take: imported, it deletes.
    assert back == {article_id: text for article_id, text in kept.items() if text.strip()}


def _without_lone_surrogates(text: str) -> str:
    pairs = re.sub(
        "[\ud800-\udbff][\udc00-\udfff]",
        lambda m: chr(0x10000 + ((ord(m[0][0]) - 0xD800) << 10) + ord(m[0][1]) - 0xDC00),
        text,
    )
    return re.sub("[\ud800-\udfff]", "\ufffd", pairs)
