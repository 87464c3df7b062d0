"""The quick look at a ZIP's first entry that lets a re-sync skip the ZIP directory."""

from __future__ import annotations

import zipfile

import pytest

from reader.core.bundle.builder import build_bundle
from reader.core.bundle.container import TooLarge, ZipContainer, peek_first_zip_entry
from tests.bundles import article_text, source_folder

LIMIT = 1024 * 1024


def test_peek_reads_the_manifest_bundle_build_writes_first(tmp_path):
    out = tmp_path / "b.zip"
    articles = {"only-one": article_text("Only one", "general", "Plain words.")}
    build_bundle(source_folder(tmp_path / "src", articles), out, 3)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist()[0] == "manifest.json"
        expected = archive.read("manifest.json")
    assert peek_first_zip_entry(out, "manifest.json", LIMIT) == expected
    assert peek_first_zip_entry(out, "manifest.json", len(expected) - 1) is None  # over limit


def test_peek_gives_up_on_anything_unusual(tmp_path):
    other_first = tmp_path / "other.zip"
    with zipfile.ZipFile(other_first, "w") as archive:
        archive.writestr("articles/a.md", b"x")
        archive.writestr("manifest.json", b"{}")
    assert peek_first_zip_entry(other_first, "manifest.json", LIMIT) is None

    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.json", b'{"format": "sci-reader-bundle"}')
    data = bytearray(damaged.read_bytes())
    data[data.index(b'{"format"') + 3] ^= 0xFF  # the CRC no longer matches
    damaged.write_bytes(bytes(data))
    assert peek_first_zip_entry(damaged, "manifest.json", LIMIT) is None

    assert peek_first_zip_entry(tmp_path / "missing.zip", "manifest.json", LIMIT) is None
    not_zip = tmp_path / "text.zip"
    not_zip.write_text("hello")
    assert peek_first_zip_entry(not_zip, "manifest.json", LIMIT) is None


# --- reading entries straight from their offsets ---------------------------

TEXT = ("Plain words about otters. " * 200).encode()


def _zip_with(tmp_path, method: int, data: bytes = TEXT):
    path = tmp_path / f"m{method}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("first.txt", b"something before it")
        archive.writestr(zipfile.ZipInfo("articles/a.md"), data, compress_type=method)
    return path


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_every_compression_method_reads_the_same_bytes(tmp_path, method):
    with ZipContainer(_zip_with(tmp_path, method)) as container:
        assert container.read("articles/a.md", len(TEXT)) == TEXT
        with pytest.raises(TooLarge):
            container.read("articles/a.md", len(TEXT) - 1)


def test_a_child_told_where_entries_are_reads_without_the_directory(tmp_path):
    path = _zip_with(tmp_path, zipfile.ZIP_DEFLATED)
    with ZipContainer(path) as parent:
        located = parent.entries(["articles/a.md", "not-there.md"])
    assert list(located) == ["articles/a.md"]
    with ZipContainer(path, located) as child:
        assert child.entry_count() == 1
        assert child.read("articles/a.md", len(TEXT)) == TEXT
        assert child.check_entry("first.txt") is not None  # not told about it


def _flip_byte_in_entry(path, name: str) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(name) + len(info.extra) + info.compress_size // 2
    data[start] ^= 0x55
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_damaged_entry_data_is_reported_as_damaged(tmp_path, method):
    path = _zip_with(tmp_path, method)
    _flip_byte_in_entry(path, "articles/a.md")
    with ZipContainer(path) as container, pytest.raises(OSError, match="damaged ZIP entry"):
        container.read("articles/a.md", len(TEXT))


def test_a_local_header_that_names_another_file_is_refused(tmp_path):
    path = _zip_with(tmp_path, zipfile.ZIP_DEFLATED)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"articles/a.md", b"articles/b.md", 1))  # the local header
    with ZipContainer(path) as container, pytest.raises(OSError, match="differ"):
        container.read("articles/a.md", len(TEXT))
