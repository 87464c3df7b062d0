"""Something that is not the library file in its place: one line and exit 5, never a hang.

A named pipe named `library.sqlite3` made every reading command wait for
ever (SQLite opening it blocks until a writer comes); a device read as an
empty library; a folder said "disk I/O error"; a link to nothing sent a
sync round and round for ever. Each case runs `python -m reader` in a
subprocess with a time limit, so a regression fails instead of hanging the
suite, and checks that what the person put there is still there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader
from reader.core.paths import embedded_bundle_path

TIMEOUT = 60  # seconds; a hang fails the case
SOURCE_ROOT = str(Path(reader.__file__).resolve().parent.parent)
COMMANDS = [
    ("status", "--json"),
    ("list", "--json"),
    ("categories", "--json"),
    ("search", "cell", "--json"),
    ("show", "any-article", "--json"),
    ("sync", str(embedded_bundle_path()), "--json"),
]
PIPE = "is a named pipe or a device, not the library file; move it away, and a sync rebuilds it"


def run(*args: str | Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE_ROOT, env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "reader", *map(str, args)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env)


def _make(kind: str, data: Path) -> tuple[Path, str]:
    """The odd thing `kind` in the library's place (or a journal's): its path, the line."""
    data.mkdir()
    library = data / "library.sqlite3"
    if kind == "fifo":
        os.mkfifo(library)
        return library, f"{library}: {PIPE}"
    if kind == "device":
        library.symlink_to("/dev/zero")
        return library, f"{library}: {PIPE}"
    if kind == "folder":
        library.mkdir()
        return library, f"{library}: is a folder, not the library file; move it away, and a sync"
    if kind == "dangling":
        target = data / "elsewhere" / "library.sqlite3"
        library.symlink_to(target)
        return library, f"{library}: is a link to {target}, which is missing"
    journal = Path(f"{library}-{kind.split('-')[0]}")
    library.write_bytes(b"")  # never read: the journal is refused first
    if kind.endswith("folder"):
        journal.mkdir()
        return journal, f"{journal}: is a folder, not the library file's journal; move it away"
    os.mkfifo(journal)
    return journal, f"{journal}: is a named pipe or a device, not the library file's journal"


KINDS = ["fifo", "device", "folder", "dangling", "wal-folder", "wal-fifo", "shm-folder", "shm-fifo"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_library_command_says_what_is_in_the_way(kind, tmp_path):
    data = tmp_path / "data"
    odd, line = _make(kind, data)
    for command in COMMANDS:
        result = run("--data-dir", data, *command)  # failed before: a hang, or exit 0 or 1
        assert result.returncode == 5, (kind, command, result)
        assert result.stderr.startswith(f"sci-reader: {line}"), (kind, command, result.stderr)
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert os.path.lexists(odd)  # a sync never deletes what a person put there
    assert {p.name for p in data.iterdir()} == {"library.sqlite3", odd.name}  # no build left


def test_userdata_commands_do_not_need_the_library(tmp_path):
    data = tmp_path / "data"
    _make("fifo", data)
    result = run("--data-dir", data, "userdata", "export", tmp_path / "out.json")
    assert result.returncode == 0, result


def test_a_data_folder_that_is_a_link_to_nothing_is_said_so(tmp_path):
    data = tmp_path / "data"
    data.symlink_to(tmp_path / "unplugged" / "data")
    for command in [*COMMANDS, ("userdata", "export", str(tmp_path / "out.json"))]:
        result = run("--data-dir", data, *command)
        # failed before: sync "cannot create the data folder (File exists)", reads an empty library
        assert result.returncode == 2, (command, result)
        assert result.stderr == (
            f"sci-reader: {data}: is a link to {tmp_path}/unplugged/data, which is missing "
            "(moved or deleted, or its drive or network folder is not connected)\n"
        )
    assert not (tmp_path / "unplugged").exists()
