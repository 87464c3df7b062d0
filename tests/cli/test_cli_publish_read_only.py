"""A publisher writing a bundle where nothing can be written: one plain line, exit 2.

A read-only USB stick or a locked shared folder as the target of `bundle
build` or `bundle sign --output`: a real read-only bind mount (tests/mounts.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bundles import article_text, source_folder

ARTICLES = {
    "first-study": article_text("First", "pain", "Plain words.", meta={"Added": "2025-02-01"})
}


@pytest.fixture
def read_only_folder(read_only_view, tmp_path: Path) -> Path:
    """An empty folder on a read-only mount (EROFS for every write, root's too)."""
    return read_only_view(tmp_path / "stick-files")


def _one_plain_line(result, named: Path) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert result.err == f"sci-reader: {named}: cannot be written (Read-only file system)\n"


def test_a_build_into_a_read_only_folder_says_so(cli, tmp_path, read_only_folder):
    src = source_folder(tmp_path / "src", ARTICLES)
    out = read_only_folder / "library.zip"

    result = cli("bundle", "build", src, out, "--version", 1)

    # failed before: the clean-up of the never-made "library.zip.new.tmp"
    # raised EROFS itself: exit 1 with a traceback
    _one_plain_line(result, out)
    assert list(read_only_folder.iterdir()) == []


def test_a_signed_copy_into_a_read_only_folder_says_so(cli, tmp_path, read_only_folder):
    src = source_folder(tmp_path / "src", ARTICLES)
    bundle = tmp_path / "library.zip"
    assert cli("bundle", "build", src, bundle, "--version", 1).code == 0
    key = tmp_path / "publisher.pem"
    assert cli("bundle", "keygen", key).code == 0
    before = bundle.read_bytes()
    out = read_only_folder / "signed.zip"

    result = cli("bundle", "sign", bundle, "--key", key, "--output", out)

    _one_plain_line(result, out)  # failed before: exit 1, a traceback
    assert list(read_only_folder.iterdir()) == []
    assert bundle.read_bytes() == before
