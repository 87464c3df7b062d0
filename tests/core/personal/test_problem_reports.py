"""A problem report goes into the reader's note for the article, dated, and out with the export."""

from __future__ import annotations

import json

import pytest

from reader.core.errors import PersonalDataInvalid
from reader.core.personal.portable import MAX_NOTE_BYTES
from reader.core.personal.problems import report_problem
from reader.core.personal.store import PersonalData


def test_a_report_starts_a_note_or_is_added_under_it(tmp_path):
    with PersonalData(tmp_path) as personal:
        first = report_problem(
            personal, "a", "Paper A", "  The dose\nis wrong  ", now="2026-12-02T09:00:00Z"
        )
        assert first.text == "Problem reported (2026-12-02): The dose is wrong"
        personal.set_note("b", "Paper B", "Ask Dr Lee\n\n")
        second = report_problem(personal, "b", "Paper B", "Typo", now="2026-12-03T10:00:00Z")
        assert second.text == "Ask Dr Lee\nProblem reported (2026-12-03): Typo"
        assert second.updated == "2026-12-03T10:00:00Z"
        out = tmp_path / "mine.json"
        personal.export_file(out)
    notes = {n["article_id"]: n for n in json.loads(out.read_text(encoding="utf-8"))["notes"]}
    assert notes["a"]["text"].startswith("Problem reported (2026-12-02)")
    assert notes["b"]["title"] == "Paper B"


def test_an_empty_report_or_a_full_note_changes_nothing(tmp_path):
    with PersonalData(tmp_path) as personal:
        with pytest.raises(PersonalDataInvalid, match="empty"):
            report_problem(personal, "a", "A", " \n ")
        assert personal.get_note("a") is None
        full = "x" * (MAX_NOTE_BYTES - 10)
        personal.set_note("a", "A", full)
        with pytest.raises(PersonalDataInvalid, match="full"):
            report_problem(personal, "a", "A", "one more thing")
        assert personal.get_note("a").text == full
