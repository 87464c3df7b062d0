"""Personal data: the API, the portable file, merging, and refusing bad files."""

from __future__ import annotations

import json

import pytest

from reader.core.errors import PersonalDataInvalid
from reader.core.personal.store import PersonalData, validate_document

DOC_KEYS = {"format", "format_version", "exported", "bookmarks", "feedback", "notes"}


def document(**parts) -> dict:
    base = {
        "format": "sci-reader-userdata",
        "format_version": 1,
        "exported": "2026-11-24T10:00:00Z",
        "bookmarks": [],
        "feedback": [],
        "notes": [],
    }
    base.update(parts)
    return base


def fb(article_id: str, helpful: bool, updated: str) -> dict:
    return {"article_id": article_id, "helpful": helpful, "updated": updated}


def note(article_id: str, text: str, updated: str) -> dict:
    return {"article_id": article_id, "title": article_id.upper(), "text": text, "updated": updated}


def write(path, value) -> str:
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return str(path)


def entries(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "exported"}


@pytest.fixture
def store(data_dir):
    with PersonalData(data_dir) as s:
        yield s


# --- the API ----------------------------------------------------------------


def test_bookmarks_add_remove_list_newest_first(store):
    store.add_bookmark("a", "Article A", "2026-01-01T10:00:00Z")
    store.add_bookmark("c", "Article C", "2026-03-01T10:00:00Z")
    store.add_bookmark("b", "Article B", "2026-02-01T10:00:00Z")
    assert [b.article_id for b in store.list_bookmarks()] == ["c", "b", "a"]
    assert store.is_bookmarked("b")
    # adding again keeps the first one
    again = store.add_bookmark("a", "Renamed", "2026-05-01T10:00:00Z")
    assert (again.title, again.created) == ("Article A", "2026-01-01T10:00:00Z")
    assert len(store.list_bookmarks()) == 3
    assert store.remove_bookmark("b") is True
    assert store.remove_bookmark("b") is False
    assert not store.is_bookmarked("b")
    assert [b.article_id for b in store.list_bookmarks()] == ["c", "a"]


def test_bookmark_gets_a_timestamp_when_none_is_given(store):
    bookmark = store.add_bookmark("a", "Article A")
    assert bookmark.created.endswith("Z") and len(bookmark.created) == 20


def test_feedback_set_and_get(store):
    assert store.get_feedback("a") is None
    store.set_feedback("a", True, "2026-01-01T10:00:00Z")
    assert store.get_feedback("a").helpful is True
    store.set_feedback("a", False, "2026-01-02T10:00:00Z")
    feedback = store.get_feedback("a")
    assert (feedback.helpful, feedback.updated) == (False, "2026-01-02T10:00:00Z")
    assert len(store.list_feedback()) == 1


def test_notes_set_get_list_and_blank_deletes(store):
    store.set_note("a", "Article A", "First note", "2026-01-01T10:00:00Z")
    store.set_note("b", "Article B", "Second note", "2026-01-03T10:00:00Z")
    assert store.get_note("a").text == "First note"
    assert [n.article_id for n in store.list_notes()] == ["b", "a"]
    store.set_note("a", "Article A", "Changed", "2026-01-05T10:00:00Z")
    assert store.get_note("a").text == "Changed"
    assert [n.article_id for n in store.list_notes()] == ["a", "b"]
    for blank in ("", "   ", "\n\t"):
        store.set_note("b", "Article B", "again", "2026-01-06T10:00:00Z")
        assert store.set_note("b", "Article B", blank) is None
        assert store.get_note("b") is None
    assert [n.article_id for n in store.list_notes()] == ["a"]


def test_personal_data_persists_across_opens(data_dir):
    with PersonalData(data_dir) as store:
        store.add_bookmark("a", "Article A", "2026-01-01T10:00:00Z")
        store.set_note("a", "Article A", "Kept", "2026-01-01T10:00:00Z")
    with PersonalData(data_dir) as store:
        assert store.is_bookmarked("a")
        assert store.get_note("a").text == "Kept"


# --- the portable file ------------------------------------------------------


def fill(store):
    store.add_bookmark("cell-therapies", "Cell therapies", "2026-11-01T09:30:00Z")
    store.add_bookmark("gone-article", "An article later withdrawn", "2026-10-01T09:30:00Z")
    store.set_feedback("cell-therapies", True, "2026-11-01T09:31:00Z")
    store.set_feedback("other", False, "2026-11-02T09:31:00+02:00")
    store.set_note(
        "cell-therapies",
        "Cell therapies",
        "Ask Dr Lee about this\nand ünïcode ✓",
        "2026-11-01T09:32:00Z",
    )


def test_export_import_export_gives_the_same_entries(cli, data_dir, tmp_path, run_cli):
    with PersonalData(data_dir) as store:
        fill(store)
    first = tmp_path / "first.json"
    result = cli("userdata", "export", first)
    assert result.code == 0
    assert "Exported 2 bookmarks, 2 feedback answers and 1 note to " in result.out
    exported = json.loads(first.read_text(encoding="utf-8"))
    assert set(exported) == DOC_KEYS
    assert exported["format"] == "sci-reader-userdata" and exported["format_version"] == 1
    assert set(exported["bookmarks"][0]) == {"article_id", "title", "created"}
    assert set(exported["feedback"][0]) == {"article_id", "helpful", "updated"}
    assert set(exported["notes"][0]) == {"article_id", "title", "text", "updated"}
    assert exported["bookmarks"][0]["article_id"] == "cell-therapies"  # newest first

    fresh = tmp_path / "fresh"
    imported = run_cli("--data-dir", fresh, "userdata", "import", first)
    assert imported.code == 0, imported.err
    assert imported.out.strip() == (
        "Imported: 2 bookmarks, 2 feedback answers, 1 note added or updated."
    )
    second = tmp_path / "second.json"
    assert run_cli("--data-dir", fresh, "userdata", "export", second).code == 0
    again = json.loads(second.read_text(encoding="utf-8"))
    assert entries(again) == entries(exported)

    # importing the same file again changes nothing
    repeat = run_cli("--data-dir", fresh, "userdata", "import", first)
    assert "0 bookmarks, 0 feedback answers, 0 notes" in repeat.out


def test_export_of_empty_personal_data(cli, tmp_path):
    target = tmp_path / "empty.json"
    assert cli("userdata", "export", target).code == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert entries(doc) == entries(document())


def test_export_to_a_missing_folder_exits_2(cli, tmp_path):
    result = cli("userdata", "export", tmp_path / "no" / "such" / "dir" / "x.json")
    assert result.code == 2
    assert "cannot be written" in result.err
    assert not (tmp_path / "no").exists()


def test_merge_bookmark_already_present_is_kept_once(store, data_dir):
    store.add_bookmark("a", "Original title", "2026-01-01T10:00:00Z")
    result = store.import_document(
        document(
            bookmarks=[
                {"article_id": "a", "title": "Other title", "created": "2026-06-01T10:00:00Z"},
                {"article_id": "b", "title": "B", "created": "2026-06-01T10:00:00Z"},
            ]
        )
    )
    assert (result.bookmarks, result.feedback, result.notes) == (1, 0, 0)
    bookmarks = {b.article_id: b for b in store.list_bookmarks()}
    assert len(bookmarks) == 2
    assert (bookmarks["a"].title, bookmarks["a"].created) == (
        "Original title",
        "2026-01-01T10:00:00Z",
    )


def test_merge_later_feedback_and_note_win(store):
    store.set_feedback("a", True, "2026-01-01T10:00:00Z")
    store.set_feedback("b", True, "2026-01-01T10:00:00Z")
    store.set_note("a", "A", "mine", "2026-01-01T10:00:00Z")
    store.set_note("b", "B", "mine", "2026-01-01T10:00:00Z")
    result = store.import_document(
        document(
            feedback=[
                fb("a", False, "2026-01-01T10:00:01Z"),
                fb("b", False, "2025-12-31T10:00:00Z"),
                fb("c", False, "2020-01-01T00:00:00Z"),
            ],
            notes=[
                note("a", "theirs", "2026-02-01T00:00:00Z"),
                note("b", "theirs", "2025-01-01T00:00:00Z"),
            ],
        )
    )
    assert (result.feedback, result.notes) == (2, 1)
    assert store.get_feedback("a").helpful is False  # later: wins
    assert store.get_feedback("b").helpful is True  # earlier: does not overwrite
    assert store.get_feedback("c").helpful is False  # new
    assert store.get_note("a").text == "theirs"
    assert store.get_note("b").text == "mine"


def test_merge_compares_instants_not_strings(store):
    store.set_feedback("a", True, "2026-01-01T09:00:00Z")
    store.set_note("a", "A", "mine", "2026-01-01T09:00:00Z")
    # 10:00+02:00 is 08:00Z: earlier, although the string sorts later.
    store.import_document(
        document(
            feedback=[fb("a", False, "2026-01-01T10:00:00+02:00")],
            notes=[note("a", "theirs", "2026-01-01T10:00:00+02:00")],
        )
    )
    assert store.get_feedback("a").helpful is True
    assert store.get_note("a").text == "mine"
    # 08:30-01:00 is 09:30Z: later, although the string sorts earlier.
    store.import_document(document(notes=[note("a", "theirs", "2026-01-01T08:30:00-01:00")]))
    assert store.get_note("a").text == "theirs"


def test_same_updated_time_keeps_what_is_there(store):
    store.set_feedback("a", True, "2026-01-01T09:00:00Z")
    store.import_document(
        document(
            feedback=[{"article_id": "a", "helpful": False, "updated": "2026-01-01T09:00:00Z"}]
        )
    )
    assert store.get_feedback("a").helpful is True


def test_entries_about_unknown_articles_are_kept(cli, data_dir, tmp_path):
    source = write(
        tmp_path / "in.json",
        document(
            bookmarks=[
                {
                    "article_id": "withdrawn-long-ago",
                    "title": "Old study",
                    "created": "2020-01-01T00:00:00Z",
                }
            ]
        ),
    )
    assert cli("userdata", "import", source).code == 0
    out = tmp_path / "out.json"
    assert cli("userdata", "export", out).code == 0
    assert json.loads(out.read_text())["bookmarks"][0]["title"] == "Old study"


# --- invalid files ------------------------------------------------------------

GOOD_BOOKMARK = {"article_id": "a", "title": "A", "created": "2026-01-01T00:00:00Z"}
GOOD_FEEDBACK = {"article_id": "a", "helpful": True, "updated": "2026-01-01T00:00:00Z"}
GOOD_NOTE = {"article_id": "a", "title": "A", "text": "x", "updated": "2026-01-01T00:00:00Z"}

INVALID = {
    "malformed-json": ('{"format": "sci-reader-userdata", ', "is not a valid JSON file"),
    "empty-file": ("", "is not a valid JSON file"),
    "nan-is-not-json": (
        json.dumps(document()).replace('"notes": [', '"extra": NaN, "notes": ['),
        "is not a valid JSON file (NaN is not a JSON value)",
    ),
    "not-utf8": (None, "is not a valid JSON file"),
    "top-level-list": ([GOOD_BOOKMARK], "must hold a JSON object"),
    "wrong-format": (document(format="sci-reader-bundle"), 'format must be "sci-reader-userdata"'),
    "missing-format": ({"format_version": 1}, "format must be"),
    "higher-format-version": (document(format_version=2), "please update SCI Research Reader"),
    "format-version-string": (document(format_version="1"), "format_version must be"),
    "format-version-bool": (document(format_version=True), "format_version must be"),
    "format-version-zero": (document(format_version=0), "format_version must be"),
    "bookmarks-not-list": (document(bookmarks={"a": 1}), "'bookmarks' must be a list"),
    "bookmark-not-object": (document(bookmarks=["a"]), "bookmarks[0] must be an object"),
    "bookmark-no-id": (
        document(bookmarks=[{**GOOD_BOOKMARK, "article_id": ""}]),
        "bookmarks[0].article_id",
    ),
    "bookmark-id-number": (
        document(bookmarks=[{**GOOD_BOOKMARK, "article_id": 5}]),
        "bookmarks[0].article_id",
    ),
    "bookmark-title-number": (
        document(bookmarks=[{**GOOD_BOOKMARK, "title": 5}]),
        "bookmarks[0].title must be a string",
    ),
    "bookmark-bad-created": (
        document(bookmarks=[{**GOOD_BOOKMARK, "created": "yesterday"}]),
        "bookmarks[0].created must be an ISO 8601 timestamp",
    ),
    "bookmark-created-missing": (
        document(bookmarks=[{"article_id": "a", "title": "A"}]),
        "bookmarks[0].created",
    ),
    "feedback-helpful-string": (
        document(feedback=[{**GOOD_FEEDBACK, "helpful": "yes"}]),
        "feedback[0].helpful must be true or false",
    ),
    "feedback-helpful-int": (
        document(feedback=[{**GOOD_FEEDBACK, "helpful": 1}]),
        "feedback[0].helpful",
    ),
    "feedback-bad-updated": (
        document(feedback=[{**GOOD_FEEDBACK, "updated": "2026-13-01"}]),
        "feedback[0].updated must be an ISO 8601 timestamp",
    ),
    "feedback-updated-number": (
        document(feedback=[{**GOOD_FEEDBACK, "updated": 1767225600}]),
        "feedback[0].updated",
    ),
    "notes-not-list": (document(notes="note"), "'notes' must be a list"),
    "note-text-missing": (
        document(notes=[{**GOOD_NOTE, "text": None}]),
        "notes[0].text must be a string",
    ),
    "note-bad-updated": (
        document(notes=[{**GOOD_NOTE, "updated": "1 Jan 2026"}]),
        "notes[0].updated must be an ISO 8601 timestamp",
    ),
    "second-entry-bad": (
        document(notes=[GOOD_NOTE, {**GOOD_NOTE, "updated": ""}]),
        "notes[1].updated",
    ),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_file_exits_3_and_changes_nothing(name, cli, data_dir, tmp_path):
    value, message = INVALID[name]
    with PersonalData(data_dir) as store:
        fill(store)
    before = (data_dir / "userdata.sqlite3").read_bytes()
    source = tmp_path / "in.json"
    if value is None:
        source.write_bytes(b'{"format": "caf\xe9"}')
    else:
        write(source, value)
    result = cli("userdata", "import", source)
    assert result.code == 3, result
    assert message in result.err
    # One line naming the file and the rule (CLI.md, "Exit codes").
    assert result.err.startswith(f"sci-reader: {source}: ")
    assert len(result.err.splitlines()) == 1
    assert "Traceback" not in result.err
    assert result.out == ""
    assert (data_dir / "userdata.sqlite3").read_bytes() == before


def test_invalid_file_does_not_create_personal_data(cli, data_dir, tmp_path):
    result = cli("userdata", "import", write(tmp_path / "x.json", document(format_version=9)))
    assert result.code == 3
    assert not (data_dir / "userdata.sqlite3").exists()


def test_valid_entries_before_an_invalid_one_are_not_imported(store):
    doc = document(
        bookmarks=[GOOD_BOOKMARK],
        feedback=[GOOD_FEEDBACK],
        notes=[GOOD_NOTE, {**GOOD_NOTE, "article_id": "b", "title": None}],
    )
    with pytest.raises(PersonalDataInvalid):
        store.import_document(doc)
    assert store.list_bookmarks() == [] and store.list_feedback() == [] and store.list_notes() == []


def test_missing_import_file_exits_2(cli, tmp_path):
    result = cli("userdata", "import", tmp_path / "nope.json")
    assert result.code == 2
    assert "no such file" in result.err


def test_unknown_keys_and_bom_are_accepted(cli, data_dir, tmp_path):
    doc = document(bookmarks=[{**GOOD_BOOKMARK, "colour": "red"}], future=True)
    source = tmp_path / "bom.json"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    assert cli("userdata", "import", source).code == 0
    with PersonalData(data_dir) as store:
        assert store.is_bookmarked("a")


def test_validate_document_returns_typed_entries():
    bookmarks, feedback, notes = validate_document(
        document(bookmarks=[GOOD_BOOKMARK], feedback=[GOOD_FEEDBACK], notes=[GOOD_NOTE])
    )
    assert (bookmarks[0].article_id, feedback[0].helpful, notes[0].text) == ("a", True, "x")


def test_in_memory_store_never_touches_the_file_and_forgets_all(tmp_path):
    data = tmp_path / "data"
    with PersonalData(data) as on_disk:
        on_disk.add_bookmark("kept", "Kept on disk")
    before = (data / "userdata.sqlite3").read_bytes()
    memory = PersonalData(data, in_memory=True)
    assert memory.list_bookmarks() == []  # the file's entries are not read either
    memory.add_bookmark("a", "A")
    memory.set_feedback("a", True)
    memory.set_note("a", "A", "visitor's note")
    assert [b.article_id for b in memory.list_bookmarks()] == ["a"]
    memory.forget_all()
    assert (memory.list_bookmarks(), memory.list_feedback(), memory.list_notes()) == ([], [], [])
    memory.close()
    assert (data / "userdata.sqlite3").read_bytes() == before
    assert sorted(p.name for p in data.iterdir()) == ["userdata.sqlite3"]
