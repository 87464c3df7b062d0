"""The quick look at a ZIP's first entry that lets a re-sync skip the ZIP directory."""

from __future__ import annotations

import struct
import zipfile
import zlib

import pytest

from reader.core.bundle.builder import build_bundle
from reader.core.bundle.zip_container import ZipContainer
from reader.core.bundle.zip_format import peek_first_zip_entry
from reader.core.inputs import TooLarge
from tests.bundles import article_text, bundle_spec, source_folder

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


def _padded_deflate(data: bytes, empty_blocks: int) -> bytes:
    """A valid raw deflate stream of `data` after many empty stored blocks."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return b"\x00\x00\x00\xff\xff" * empty_blocks + packer.compress(data) + packer.flush()


def _write_zip(path, entries: dict[str, tuple[int, bytes, bytes]]) -> None:
    """A plain ZIP by hand: name -> (method, content, the bytes stored for it)."""
    body, central = bytearray(), bytearray()
    for name, (method, content, packed) in entries.items():
        raw_name = name.encode()
        sizes = (zlib.crc32(content), len(packed), len(content))
        central += struct.pack(
            "<4s4B4HL2L5H2L",
            b"PK\x01\x02",
            20,
            3,
            20,
            0,
            0,
            method,
            0,
            0,
            *sizes,
            len(raw_name),
            0,
            0,
            0,
            0,
            0o644 << 16,
            len(body),
        )
        central += raw_name
        body += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, *sizes, len(raw_name), 0
        )
        body += raw_name + packed
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0
    )
    path.write_bytes(bytes(body + central + end))  # fmt: skip


def test_entry_padded_far_beyond_its_content_is_not_read(cli, tmp_path):
    """A few bytes behind megabytes of empty deflate blocks: refused before reading."""
    spec = bundle_spec()
    text = spec.files["articles/alpha-study.md"]
    padded = _padded_deflate(text, 400_000)  # 2 MB for about 150 bytes
    assert zlib.decompress(padded, -15) == text
    entries = {name: (0, data, data) for name, data in spec.files.items()}
    entries = {"manifest.json": (0, spec.raw_manifest(), spec.raw_manifest()), **entries}
    entries["articles/alpha-study.md"] = (8, text, padded)
    source = tmp_path / "padded.zip"
    _write_zip(source, entries)
    with zipfile.ZipFile(source) as archive:  # a valid ZIP: zipfile reads it
        assert archive.read("articles/alpha-study.md") == text
    for command in (("sync", source), ("bundle", "check", source)):
        result = cli(*command)
        assert result.code == 3, result
        assert (
            "sci-reader: articles/alpha-study.md: cannot be read (damaged ZIP entry "
            f"({len(padded)} compressed bytes for at most {len(text)} bytes of content))"
        ) in result.err


def test_direct_read_refuses_stored_entry_over_the_limit(tmp_path):
    source = tmp_path / "stored.zip"
    _write_zip(source, {"articles/a.md": (0, b"x" * 5000, b"x" * 5000)})
    with ZipContainer(source) as container, pytest.raises(TooLarge):
        container.read("articles/a.md", 100)
