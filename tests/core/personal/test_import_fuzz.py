"""The import parser under Hypothesis: any file is either merged whole or refused in words.

Whatever the bytes or the JSON, reading and checking a personal data file
raises nothing but PersonalDataInvalid (exit 3), and a refused file changes
nothing in the personal data file. A file the app could have written
(unicode, newlines, NUL, long notes, ids the library does not have) goes
out and back byte for byte.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import PersonalDataInvalid
from reader.core.personal.store import PersonalData, read_document, validate_document

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
STAMP = "2026-11-01T09:30:00Z"
# Text SQLite and JSON both keep: any code point but a lone surrogate.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)
IDS = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)
STAMPS = st.sampled_from(
    [STAMP, "2026-11-01T10:30:00+01:00", "2025-01-01T00:00:00", "2026-11-01T09:30:00.123456Z"]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(TEXT, children, max_size=5),
    max_leaves=30,
)
entry_keys = st.sampled_from(["article_id", "title", "text", "created", "updated", "helpful"])
entries = st.lists(
    st.dictionaries(entry_keys, json_values | IDS | STAMPS | st.booleans(), max_size=6),
    max_size=4,
)
documents = st.fixed_dictionaries(
    {"format": st.sampled_from(["sci-reader-userdata", "other"]) | json_values},
    optional={
        "format_version": st.sampled_from([1, 2, 0, -1, True, 1.0, "1"]) | json_values,
        "bookmarks": entries | json_values,
        "feedback": entries | json_values,
        "notes": entries | json_values,
    },
)


@pytest.fixture(scope="module")
def store_with_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    with PersonalData(data) as store:
        store.add_bookmark("kept", "Kept bookmark", STAMP)
        store.set_feedback("kept", True, STAMP)
        store.set_note("kept", "Kept note", "Precious words", STAMP)
    return data


def _snapshot(data: Path) -> tuple:
    with PersonalData(data) as store:
        return store.list_bookmarks(), store.list_feedback(), store.list_notes()


@FUZZ
@given(documents | json_values)
def test_any_json_is_merged_or_refused_in_words_and_refused_changes_nothing(
    store_with_data, document
):
    before = _snapshot(store_with_data)
    try:
        validate_document(document)
    except PersonalDataInvalid as exc:
        assert str(exc) and "\n" not in str(exc)
        with PersonalData(store_with_data) as store, pytest.raises(PersonalDataInvalid):
            store.import_document(document)
        assert _snapshot(store_with_data) == before


@FUZZ
@given(st.binary(max_size=400) | documents.map(lambda d: json.dumps(d).encode()[:-3]))
def test_any_bytes_are_read_or_refused_in_words(tmp_path, raw):
    with tempfile.NamedTemporaryFile(dir=tmp_path, suffix=".json", delete=False) as f:
        f.write(raw)
    try:
        validate_document(read_document(Path(f.name)))
    except PersonalDataInvalid as exc:
        assert f.name in str(exc) or str(exc).startswith("not a valid personal data file")


def _unique(items, key):
    seen, out = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


notes = st.lists(
    st.tuples(IDS, TEXT, TEXT.filter(lambda t: t.strip() != ""), STAMPS), max_size=6
).map(lambda xs: _unique(xs, lambda x: x[0]))
bookmarks = st.lists(st.tuples(IDS, TEXT, STAMPS), max_size=6).map(
    lambda xs: _unique(xs, lambda x: x[0])
)


@FUZZ
@given(bookmarks, notes)
def test_export_import_export_keeps_every_entry_byte_for_byte(tmp_path, marks, written):
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    with PersonalData(work / "one") as one:
        for article_id, title, created in marks:
            one.add_bookmark(article_id, title, created)
        for article_id, title, text, updated in written:
            one.set_note(article_id, title, text, updated)
        one.export_file(work / "first.json")
    with PersonalData(work / "two") as two:
        counts = two.import_file(work / "first.json")
        assert (counts.bookmarks, counts.notes) == (len(marks), len(written))
        two.export_file(work / "second.json")
        assert {n.article_id: (n.title, n.text, n.updated) for n in two.list_notes()} == {
            i: (title, text, updated) for i, title, text, updated in written
        }
    first, second = (
        json.loads((work / n).read_text("utf-8")) for n in ("first.json", "second.json")
    )
    for key in ("bookmarks", "feedback", "notes"):
        assert first[key] == second[key]


def test_a_very_long_note_with_every_kind_of_line_goes_out_and_back(tmp_path):
    text = ("Zeile \u00e9\u4e2d\U0001f600\r\n\t\x00\u2028" * 40_000)[:250_000]
    with PersonalData(tmp_path / "one") as one:
        one.set_note("gone-article", "Withdrawn since", text, STAMP)
        one.export_file(tmp_path / "out.json")
    with PersonalData(tmp_path / "two") as two:
        two.import_file(tmp_path / "out.json")
        assert two.get_note("gone-article").text == text


@pytest.mark.parametrize("key", ["bookmarks", "feedback", "notes"])
def test_an_article_twice_in_one_list_is_refused_and_changes_nothing(store_with_data, key):
    entry = {
        "bookmarks": {"article_id": "kept", "title": "T", "created": "2027-01-01T00:00:00Z"},
        "feedback": {"article_id": "kept", "helpful": False, "updated": "2027-01-01T00:00:00Z"},
        "notes": {
            "article_id": "kept",
            "title": "T",
            "text": "one",
            "updated": "2027-01-01T00:00:00Z",
        },
    }[key]
    document = {"format": "sci-reader-userdata", "format_version": 1,
                key: [entry, {**entry, "text": "two"} if key == "notes" else entry]}  # fmt: skip
    before = _snapshot(store_with_data)
    with PersonalData(store_with_data) as store, pytest.raises(PersonalDataInvalid) as refused:
        store.import_document(document)  # failed before: merged, one of the two left out
    assert f"{key}[1].article_id is the same as {key}[0]'s" in str(refused.value)
    assert _snapshot(store_with_data) == before
