"""The quick look at a ZIP's first entry that lets a re-sync skip the ZIP directory."""

from __future__ import annotations

import zipfile

from reader.core.builder import build_bundle
from reader.core.container import peek_first_zip_entry
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
