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


def test_a_re_sync_of_the_same_bundle_on_a_read_only_folder_is_up_to_date(
    installed, data_dir, read_only_view, run_cli, tmp_path
):
    data = read_only_view(data_dir)
    before = _files(data)
    for kind in ("dir", "zip"):
        source = bundle_spec(INSTALLED_ARTICLES, version=1).write(tmp_path / f"v1.{kind}", kind)
        result = run_cli("--data-dir", data, "sync", source, "--json")
        # failed before: exit 5, "the library file cannot be written (its folder is read-only)"
        assert result.code == 0, result
        assert result.json() == {
            "result": "up-to-date", "version": 1, "added": 0, "updated": 0, "withdrawn": 0,
            "unchanged": len(INSTALLED_ARTICLES),
        }  # fmt: skip
    assert _files(data) == before


def test_a_bundle_that_would_change_a_read_only_library_still_says_so(
    installed, data_dir, read_only_view, run_cli, tmp_path
):
    data = read_only_view(data_dir)
    before = _files(data)
    source = bundle_spec(INSTALLED_ARTICLES, version=2).write(tmp_path / "v2.zip", "zip")

    result = run_cli("--data-dir", data, "sync", source, "--json")

    assert result.code == 5, result
    assert result.err == (
        f"sci-reader: {data}/library.sqlite3: the library file cannot be written "
        "(its folder is read-only)\n"
    )
    assert _files(data) == before


def test_a_re_sync_of_the_same_bundle_on_a_full_disk_is_up_to_date(
    installed, data_dir, full_disk, run_cli, tmp_path
):
    source = bundle_spec(INSTALLED_ARTICLES, version=1).write(tmp_path / "v1.zip", "zip")
    data = full_disk(data_dir)

    result = run_cli("--data-dir", data, "sync", source, "--json")

    assert result.code == 0, result  # failed before: exit 5, "the disk is full"
    assert result.json()["result"] == "up-to-date"
    changed = bundle_spec(INSTALLED_ARTICLES, version=2).write(tmp_path / "v2.zip", "zip")
    result = run_cli("--data-dir", data, "sync", changed, "--json")
    assert result.code == 5 and "the disk is full" in result.err, result
