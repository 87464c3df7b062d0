"""A sync on a read-only folder or a full disk: "up to date" when it is, else one line.

A first sync into an empty read-only folder ended in a traceback (exit 1):
the clean-up of its unopened build file hit the read-only disk and its
OSError replaced the real error. A re-sync of the bundle the library holds
said "cannot be written" (exit 5), though "already up to date" (exit 0)
needs no write. The read-only folder is a bind mount, the full disk a
filled tmpfs (tests/mounts.py): without the right to mount, these skip.
"""

from __future__ import annotations

from pathlib import Path

from tests.bundles import INSTALLED_ARTICLES, bundle_spec


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_first_sync_into_an_empty_read_only_folder_says_so(read_only_view, run_cli, tmp_path):
    data = read_only_view(tmp_path / "empty")
    source = bundle_spec(INSTALLED_ARTICLES, version=1).write(tmp_path / "v1.zip", "zip")

    result = run_cli("--data-dir", data, "sync", source, "--json")

    # failed before: exit 1, "OSError: [Errno 30] Read-only file system: ...build-wal"
    assert result.code == 5, result
    assert result.err == (
        f"sci-reader: {data}/library.sqlite3: the library file cannot be written "
        "(its folder is read-only)\n"
    )  # the library's own name, not the build's
    assert result.out == "" and list(data.iterdir()) == []


def test_a_first_sync_onto_a_full_disk_says_so_and_leaves_nothing(full_disk, run_cli, tmp_path):
    data = full_disk(size="1m")
    source = bundle_spec(INSTALLED_ARTICLES, version=1).write(tmp_path / "v1.zip", "zip")

    result = run_cli("--data-dir", data, "sync", source, "--json")

    assert result.code == 5, result
    # failed before: the line named `library.sqlite3.<pid>-<random>.build`
    assert result.err == (
        f"sci-reader: {data}/library.sqlite3: the disk is full; free some space and try again\n"
    )
    assert list(data.iterdir()) == []
