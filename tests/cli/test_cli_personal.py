"""`userdata export/import` and the data folder, as an adversarial user tries them (issue 9).

Export never overwrites the data folder's databases or a stranger's file,
writes through symbolic links, refuses devices and pipes; import reads with
a size bound, refuses what is too big or holds invalid text with exit 3,
and a Ctrl-C says truthfully whether anything changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.personal.store import PersonalData
from tests.processes import cli_command, cli_env

MAX_IMPORT_BYTES = 64 * 1024 * 1024  # the contract's limits
MAX_NOTE_BYTES = 1024 * 1024

BOOKMARK = {"article_id": "alpha-study", "title": "Alpha", "created": "2026-01-01T00:00:00Z"}
NOTE = {
    "article_id": "alpha-study",
    "title": "Alpha",
    "text": "Ask",
    "updated": "2026-01-02T00:00:00Z",
}


def document(**parts) -> dict:
    base = {"format": "sci-reader-userdata", "format_version": 1, "bookmarks": [],
            "feedback": [], "notes": []}  # fmt: skip
    base.update(parts)
    return base


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(result, code: int) -> str:
    assert result.code == code, result
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sci-reader: "), lines
    return lines[0]


@pytest.fixture
def personal(installed, data_dir: Path) -> Path:
    """A data folder with a library and personal data (one bookmark, one note)."""
    with PersonalData(data_dir) as store:
        store.add_bookmark("alpha-study", "Alpha", "2026-01-01T00:00:00Z")
        store.set_note("alpha-study", "Alpha", "Ask Dr Lee", "2026-01-02T00:00:00Z")
    return data_dir


def databases(data_dir: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(data_dir.iterdir()) if "sqlite3" in p.name}


# --- export never destroys the data folder's own files -------------------------

OWN_FILES = ["userdata.sqlite3", "library.sqlite3", "userdata.sqlite3-wal", "library.sqlite3-shm"]


def _direct(data_dir: Path, name: str, tmp_path: Path) -> Path:
    return data_dir / name


def _dotted(data_dir: Path, name: str, tmp_path: Path) -> Path:
    (tmp_path / "elsewhere").mkdir()
    return tmp_path / "elsewhere" / ".." / data_dir.name / name


def _folder_link(data_dir: Path, name: str, tmp_path: Path) -> Path:
    (tmp_path / "alias").symlink_to(data_dir)
    return tmp_path / "alias" / name


def _file_link(data_dir: Path, name: str, tmp_path: Path) -> Path:
    (tmp_path / "backup.json").symlink_to(data_dir / name)
    return tmp_path / "backup.json"


def _hard_link(data_dir: Path, name: str, tmp_path: Path) -> Path:
    os.link(data_dir / name, tmp_path / "second-name.json")
    return tmp_path / "second-name.json"


WAYS = {"direct": _direct, "dotted": _dotted, "folder-link": _folder_link,
        "file-link": _file_link, "hard-link": _hard_link}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "way"),
    # -wal and -shm do not exist between uses, so they have no second name
    [(n, w) for n in OWN_FILES for w in WAYS if not (w == "hard-link" and "-" in n)],
)
def test_export_never_overwrites_the_data_folders_databases(name, way, personal, run_cli, tmp_path):
    target = WAYS[way](personal, name, tmp_path)
    before = databases(personal)
    for extra in ([], ["--force"]):
        result = run_cli("--data-dir", personal, "userdata", "export", target, *extra)
        line = one_line_error(result, 2)
        assert "data folder" in line and name.split("-")[0] in line, line
        assert databases(personal) == before
    assert run_cli("--data-dir", personal, "status").code == 0
    with PersonalData(personal) as store:
        assert store.is_bookmarked("alpha-study")


# --- a stranger's file needs --force; a previous export does not ------------------


def test_export_refuses_to_overwrite_another_file_without_force(personal, run_cli, tmp_path):
    target = tmp_path / "thesis.txt"
    target.write_text("three years of work\n", encoding="utf-8")
    result = run_cli("--data-dir", personal, "userdata", "export", target)
    line = one_line_error(result, 2)
    assert str(target) in line and "--force" in line
    assert target.read_text(encoding="utf-8") == "three years of work\n"

    forced = run_cli("--data-dir", personal, "userdata", "export", target, "--force")
    assert forced.code == 0, forced.err
    assert json.loads(target.read_text(encoding="utf-8"))["bookmarks"][0]["title"] == "Alpha"


def test_export_replaces_a_previous_export_and_leaves_no_temporary_file(
    personal, run_cli, tmp_path
):
    out = tmp_path / "out" / "personal.json"
    out.parent.mkdir()
    out.write_text(json.dumps(document(bookmarks=[])), encoding="utf-8")
    result = run_cli("--data-dir", personal, "userdata", "export", out)
    assert result.code == 0, result.err
    assert json.loads(out.read_text(encoding="utf-8"))["notes"][0]["text"] == "Ask Dr Lee"
    assert [p.name for p in out.parent.iterdir()] == ["personal.json"]
    # the same again: the file is now a previous export
    assert run_cli("--data-dir", personal, "userdata", "export", out).code == 0


def test_export_refuses_a_pipe_even_with_force(personal, run_cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("--data-dir", personal, "userdata", "export", fifo, "--force")
    assert "not a regular file" in one_line_error(result, 2)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# --- symbolic links: written through, atomically -----------------------------------


def test_export_through_a_symbolic_link_updates_its_target(personal, run_cli, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    target = share / "personal.json"
    target.write_text(json.dumps(document()), encoding="utf-8")
    link = tmp_path / "backup.json"
    link.symlink_to(target)
    result = run_cli("--data-dir", personal, "userdata", "export", link)
    assert result.code == 0, result.err
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["bookmarks"][0]["title"] == "Alpha"
    assert sorted(p.name for p in share.iterdir()) == ["personal.json"]


def test_export_through_a_dangling_link_creates_its_target(personal, run_cli, tmp_path):
    link = tmp_path / "backup.json"
    link.symlink_to(tmp_path / "new.json")
    assert run_cli("--data-dir", personal, "userdata", "export", link).code == 0
    assert link.is_symlink()
    assert json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))["notes"]


def test_export_to_a_link_loop_exits_2(personal, run_cli, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = run_cli("--data-dir", personal, "userdata", "export", tmp_path / "a")
    one_line_error(result, 2)


# --- import: devices, pipes, size limits -------------------------------------------


def run_limited(*args: object, data_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in a process that may not use more than 1 GiB (old code read /dev/zero forever)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True, text=True, env=env, timeout=timeout, check=False,
        preexec_fn=limit,
    )  # fmt: skip


def test_import_from_a_device_is_refused(data_dir):
    done = run_limited("userdata", "import", "/dev/zero", data_dir=data_dir)
    assert done.returncode == 2, done.stderr[-500:]
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert not (data_dir / "userdata.sqlite3").exists()


def test_import_from_a_named_pipe_does_not_hang(data_dir, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    try:
        done = run_limited("userdata", "import", fifo, data_dir=data_dir, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("import waited on the named pipe for a writer")
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_import_of_a_huge_sparse_file_exits_3_without_reading_it(data_dir, tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(1 << 40)  # a terabyte of nothing, on no disk space
    done = run_limited("userdata", "import", huge, data_dir=data_dir)
    assert done.returncode == 3, done.stderr[-500:]
    assert "64 MiB" in done.stderr and "Traceback" not in done.stderr
    assert not (data_dir / "userdata.sqlite3").exists()


def test_import_file_over_64_mib_exits_3_and_changes_nothing(personal, run_cli, tmp_path):
    text = json.dumps(document(bookmarks=[{**BOOKMARK, "article_id": "new-one"}]))
    source = tmp_path / "padded.json"
    source.write_text(text + " " * (MAX_IMPORT_BYTES + 1 - len(text)), encoding="utf-8")
    assert source.stat().st_size == MAX_IMPORT_BYTES + 1
    before = databases(personal)
    result = run_cli("--data-dir", personal, "userdata", "import", source)
    assert "64 MiB" in one_line_error(result, 3)
    assert databases(personal) == before


def test_import_file_of_exactly_64_mib_is_accepted(personal, run_cli, tmp_path):
    text = json.dumps(document(bookmarks=[{**BOOKMARK, "article_id": "new-one"}]))
    source = tmp_path / "padded.json"
    source.write_text(text + " " * (MAX_IMPORT_BYTES - len(text)), encoding="utf-8")
    assert run_cli("--data-dir", personal, "userdata", "import", source).code == 0
    with PersonalData(personal) as store:
        assert store.is_bookmarked("new-one")


def test_note_over_1_mib_exits_3_and_changes_nothing(personal, run_cli, tmp_path):
    # 3-byte characters: fewer characters than bytes, the limit is in UTF-8 bytes
    text = "✓" * (MAX_NOTE_BYTES // 3 + 1)
    source = tmp_path / "big-note.json"
    notes = [
        {**NOTE, "article_id": "other"},
        {**NOTE, "text": text, "updated": "2027-01-01T00:00:00Z"},
    ]
    source.write_text(json.dumps(document(notes=notes), ensure_ascii=False), encoding="utf-8")
    before = databases(personal)
    result = run_cli("--data-dir", personal, "userdata", "import", source)
    line = one_line_error(result, 3)
    assert "notes[1].text" in line and "1 MiB" in line
    assert databases(personal) == before


def test_note_of_exactly_1_mib_is_accepted_and_exported(personal, run_cli, tmp_path):
    text = "x" * MAX_NOTE_BYTES
    source = tmp_path / "note.json"
    note = {**NOTE, "text": text, "updated": "2027-01-01T00:00:00Z"}
    source.write_text(json.dumps(document(notes=[note])), encoding="utf-8")
    assert run_cli("--data-dir", personal, "userdata", "import", source).code == 0
    out = tmp_path / "out.json"
    assert run_cli("--data-dir", personal, "userdata", "export", out).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["notes"][0]["text"] == text


# --- tracebacks: big integers, lone surrogates -------------------------------------

HOSTILE = {
    "big-integer": '{"format": "sci-reader-userdata", "format_version": 1, "n": 1'
    + "0" * 5000
    + "}",
    "big-version": '{"format": "sci-reader-userdata", "format_version": 1' + "0" * 5000 + "}",
    "surrogate-text": json.dumps(document(notes=[{**NOTE, "text": "a\ud800b"}])),
    "surrogate-title": json.dumps(document(bookmarks=[{**BOOKMARK, "title": "\udfff"}])),
    "surrogate-id": json.dumps(document(bookmarks=[{**BOOKMARK, "article_id": "x\ud83d"}])),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_personal_data_exits_3_without_traceback(name, personal, run_cli, tmp_path):
    source = tmp_path / "hostile.json"
    source.write_text(HOSTILE[name], encoding="ascii")
    before = databases(personal)
    try:
        result = run_cli("--data-dir", personal, "userdata", "import", source)
    except Exception as exc:  # the old code let these escape: exit 1 and a traceback
        pytest.fail(f"{type(exc).__name__}: {exc}"[:300])
    one_line_error(result, 3)
    assert databases(personal) == before


# --- the data folder itself ----------------------------------------------------------


@pytest.mark.parametrize("command", [("status",), ("list",), ("userdata", "export", "x.json")])
def test_data_dir_name_over_255_bytes_exits_2(command, run_cli, tmp_path):
    try:
        result = run_cli("--data-dir", tmp_path / ("d" * 300), *command)
    except Exception as exc:
        pytest.fail(f"{type(exc).__name__}: {exc}"[:300])
    assert "too long" in one_line_error(result, 2)


@pytest.mark.parametrize(
    "command", [("status",), ("search", "pain"), ("userdata", "export", "x.json")]
)
def test_data_dir_that_is_a_file_exits_2(command, run_cli, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    result = run_cli("--data-dir", a_file, *command)
    assert "is not a folder" in one_line_error(result, 2)
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def test_zero_byte_personal_data_is_reported_not_recreated(installed, data_dir, run_cli, tmp_path):
    (data_dir / "userdata.sqlite3").write_bytes(b"")
    for command in (("userdata", "export", tmp_path / "x.json"),
                    ("userdata", "import", tmp_path / "in.json")):  # fmt: skip
        (tmp_path / "in.json").write_text(json.dumps(document(bookmarks=[BOOKMARK])))
        result = run_cli("--data-dir", data_dir, *command)
        line = one_line_error(result, 5)
        assert str(data_dir / "userdata.sqlite3") in line and "empty" in line
        assert (data_dir / "userdata.sqlite3").stat().st_size == 0
    assert not (tmp_path / "x.json").exists()


def test_status_does_not_write_into_a_zero_byte_library(data_dir, run_cli):
    data_dir.mkdir()
    (data_dir / "library.sqlite3").write_bytes(b"")
    for command in (
        ("status", "--json"),
        ("list",),
        ("categories",),
        ("search", "x"),
        ("show", "a"),
    ):
        result = run_cli("--data-dir", data_dir, *command)
        assert result.code in (0, 2), result
        assert (data_dir / "library.sqlite3").stat().st_size == 0
    assert run_cli("--data-dir", data_dir, "status", "--json").json()["library_version"] is None
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]


def test_export_creates_no_personal_data_file(installed, data_dir, run_cli, tmp_path):
    result = run_cli("--data-dir", data_dir, "userdata", "export", tmp_path / "x.json")
    assert result.code == 0, result.err
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))["bookmarks"] == []
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]


@pytest.mark.parametrize(
    ("file_name", "command"),
    [("library.sqlite3", ("status",)), ("userdata.sqlite3", ("userdata", "export", "x.json"))],
)
def test_a_file_from_a_newer_app_is_refused_read_only_too(
    file_name, command, personal, run_cli, monkeypatch, tmp_path
):
    import sqlite3

    conn = sqlite3.connect(personal / file_name)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = databases(personal)
    monkeypatch.chdir(tmp_path)
    result = run_cli("--data-dir", personal, *command)
    assert "newer version" in one_line_error(result, 5)
    assert databases(personal) == before
    assert not (tmp_path / "x.json").exists()


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="/dev/stdout")
def test_an_export_to_standard_output_on_a_pipe_says_it_is_a_pipe(data_dir):
    done = subprocess.run(cli_command(data_dir, "userdata", "export", "/dev/stdout"),
                          env=cli_env(), capture_output=True, text=True, timeout=60)  # fmt: skip

    assert done.returncode == 2
    # failed before: "/dev/stdout: cannot be written (No such file or directory)"
    assert done.stderr == (
        "sci-reader: /dev/stdout: is not a regular file (a device or a pipe); not replaced\n"
    )
