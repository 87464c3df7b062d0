"""Every rule of the bundle format, broken one at a time, is refused.

Each case starts from a data dir holding a valid version 1, then offers a
version 2 that breaks exactly one rule. `sync` must exit 3 with a line on
stderr naming the file and the rule, `bundle check` must agree, and the
library must be exactly what it was.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from reader.core.bundle.manifest import Limits
from reader.core.bundle.walk import check_bundle
from reader.core.errors import BundleRejected
from reader.core.library.sync import sync
from tests.bundles import BundleSpec, article_text, bundle_spec, library_snapshot, sha256

ALPHA = "articles/alpha-study.md"
ONE_MIB = 1024 * 1024


def assert_rejected(cli, data_dir, before, source, *fragments: str) -> None:
    """sync and bundle check both exit 3 naming every fragment on one line; nothing changed."""
    for command in (("sync", source), ("bundle", "check", source)):
        result = cli(*command)
        assert result.code == 3, (command, result)
        assert "Traceback" not in result.err
        lines = result.err.splitlines()
        assert any(all(f in line for f in fragments) for line in lines), (fragments, result.err)
        assert all(line.startswith("sci-reader: ") for line in lines), result.err
    assert library_snapshot(data_dir) == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]


def set_manifest(key: str, value: object) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        spec.manifest[key] = value

    return edit


def drop_manifest(key: str) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        del spec.manifest[key]

    return edit


def set_entry(article_id: str, key: str, value: object) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        spec.entry(article_id)[key] = value

    return edit


def move_file(article_id: str, new_path: str) -> Callable[[BundleSpec], None]:
    """List the entry under `new_path` and put its file there (if the name can exist)."""

    def edit(spec: BundleSpec) -> None:
        item = spec.entry(article_id)
        data = spec.files.pop(item["path"])
        item["path"] = new_path
        if ".." not in new_path and "\\" not in new_path and not new_path.startswith("/"):
            spec.files[new_path.removeprefix("C:/")] = data

    return edit


def add_category(category: object) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        spec.manifest["categories"].append(category)

    return edit


def article(content: str | bytes, article_id: str = "alpha-study"):
    def edit(spec: BundleSpec) -> None:
        spec.set_file(article_id, content)

    return edit


def raw_manifest(data: bytes):
    def edit(spec: BundleSpec) -> None:
        spec.manifest_bytes = data

    return edit


def page_edit(key: str, value: object):
    return set_entry("about", key, value)


def sha_mismatch(spec: BundleSpec) -> None:
    # Same size, other bytes: only the digest can tell.
    data = bytearray(spec.files[ALPHA])
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")
    spec.files[ALPHA] = bytes(data)


def size_mismatch(spec: BundleSpec) -> None:
    spec.entry("alpha-study")["size"] += 1


def size_smaller(spec: BundleSpec) -> None:
    spec.entry("alpha-study")["size"] -= 1


def missing_file(spec: BundleSpec) -> None:
    del spec.files[ALPHA]


def missing_page_file(spec: BundleSpec) -> None:
    del spec.files["pages/about.md"]


def duplicate_id(spec: BundleSpec) -> None:
    spec.manifest["articles"][1]["id"] = "alpha-study"


def duplicate_page_id(spec: BundleSpec) -> None:
    spec.manifest["pages"][1]["id"] = "about"


def big_article(spec: BundleSpec) -> None:
    text = article_text("Big", "general", "Big. " + "x" * ONE_MIB)
    spec.set_file("alpha-study", text)


def no_manifest(spec: BundleSpec) -> None:
    spec.manifest_bytes = None
    spec.manifest = {}


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[BundleSpec], None]
    fragments: tuple[str, ...]


M = "manifest.json"
CASES = [
    # manifest.json: the top-level keys
    Case("format-other", set_manifest("format", "sci-reader-bundel"), (M, "format must be")),
    Case("format-missing", drop_manifest("format"), (M, 'format must be "sci-reader-bundle"')),
    Case(
        "format-version-higher",
        set_manifest("format_version", 2),
        (M, "format_version 2 is newer", "please update SCI Research Reader"),
    ),
    Case("format-version-str", set_manifest("format_version", "1"), (M, "format_version must")),
    Case("format-version-float", set_manifest("format_version", 1.0), (M, "format_version must")),
    Case("format-version-bool", set_manifest("format_version", True), (M, "format_version must")),
    Case("format-version-zero", set_manifest("format_version", 0), (M, "format_version must")),
    Case("format-version-missing", drop_manifest("format_version"), (M, "format_version must")),
    Case("version-zero", set_manifest("version", 0), (M, "version must be an integer of at")),
    Case("version-negative", set_manifest("version", -2), (M, "version must be an integer")),
    Case("version-str", set_manifest("version", "2"), (M, "version must be an integer")),
    Case("version-float", set_manifest("version", 2.0), (M, "version must be an integer")),
    Case("version-bool", set_manifest("version", True), (M, "version must be an integer")),
    Case("version-missing", drop_manifest("version"), (M, "version must be an integer")),
    Case("created-words", set_manifest("created", "20 November 2026"), (M, "created must be")),
    Case("created-date-bad", set_manifest("created", "2026-13-40T10:00:00Z"), (M, "ISO 8601")),
    Case("created-number", set_manifest("created", 20261120), (M, "created must be an ISO 8601")),
    Case("created-missing", drop_manifest("created"), (M, "created must be an ISO 8601")),
    Case("title-not-string", set_manifest("title", ["x"]), (M, "title must be a string")),
    Case("expires-not-iso", set_manifest("expires", "soon"), (M, "expires must be an ISO")),
    # categories
    Case("categories-object", set_manifest("categories", {"slug": "general"}), (M, "array")),
    Case("categories-missing", drop_manifest("categories"), (M, "categories must be an array")),
    Case(
        "category-slug-space",
        add_category({"slug": "bad slug", "name": "Bad"}),
        (M, "categories[3]", "slug 'bad slug' must match"),
    ),
    Case(
        "category-slug-upper",
        add_category({"slug": "Upper", "name": "Upper"}),
        (M, "categories[3]", "slug 'Upper' must match"),
    ),
    Case(
        "category-slug-dash-first",
        add_category({"slug": "-dash", "name": "Dash"}),
        (M, "categories[3]", "must match"),
    ),
    Case(
        "category-slug-too-long",
        add_category({"slug": "a" * 65, "name": "Long"}),
        (M, "categories[3]", "must match"),
    ),
    Case(
        "category-slug-missing",
        add_category({"name": "No slug"}),
        (M, "categories[3]", "slug None must match"),
    ),
    Case(
        "category-slug-duplicate",
        add_category({"slug": "pain", "name": "Pain again"}),
        (M, "categories[3]", "slug 'pain' is used twice"),
    ),
    Case(
        "category-name-missing",
        add_category({"slug": "other"}),
        (M, "categories[3]", "name must be a non-empty string"),
    ),
    Case(
        "category-name-blank",
        add_category({"slug": "other", "name": "  "}),
        (M, "categories[3]", "name must be a non-empty string"),
    ),
    Case("category-not-object", add_category("other"), (M, "categories[3] must be an object")),
    # article entries
    Case("articles-missing", drop_manifest("articles"), (M, "articles must be an array")),
    Case(
        "article-id-underscore",
        set_entry("alpha-study", "id", "alpha_study"),
        (M, "articles[0]", "id 'alpha_study' must match"),
    ),
    Case(
        "article-id-upper",
        set_entry("alpha-study", "id", "Alpha-study"),
        (M, "articles[0]", "must match"),
    ),
    Case(
        "article-id-too-long",
        set_entry("alpha-study", "id", "a" * 101),
        (M, "articles[0]", "must match"),
    ),
    Case("article-id-number", set_entry("alpha-study", "id", 7), (M, "articles[0]", "must match")),
    Case(
        "article-id-duplicate", duplicate_id, (M, "articles[1]", "id 'alpha-study' is used twice")
    ),
    Case(
        "path-dotdot",
        move_file("alpha-study", "articles/../articles/alpha-study.md"),
        (M, "articles[0]", "contains a '..' segment"),
    ),
    Case(
        "path-leading-slash",
        move_file("alpha-study", "/articles/alpha-study.md"),
        (M, "articles[0]", "is absolute"),
    ),
    Case(
        "path-backslash",
        move_file("alpha-study", "articles\\alpha-study.md"),
        (M, "articles[0]", "contains a backslash"),
    ),
    Case(
        "path-drive-letter",
        move_file("alpha-study", "C:/articles/alpha-study.md"),
        (M, "articles[0]", "starts with a drive letter"),
    ),
    Case(
        "path-drive-letter-relative",
        move_file("alpha-study", "c:articles/alpha-study.md"),
        (M, "articles[0]", "starts with a drive letter"),
    ),
    Case(
        "path-under-pages",
        move_file("alpha-study", "pages/alpha-study.md"),
        (M, "articles[0]", "must be under articles/"),
    ),
    Case(
        "path-top-level",
        move_file("alpha-study", "alpha-study.md"),
        (M, "articles[0]", "must be under articles/"),
    ),
    Case(
        "path-not-md",
        move_file("alpha-study", "articles/alpha-study.txt"),
        (M, "articles[0]", "must end in .md"),
    ),
    Case(
        "path-empty-segment",
        move_file("alpha-study", "articles//alpha-study.md"),
        (M, "articles[0]", "empty segment"),
    ),
    Case("path-missing", set_entry("alpha-study", "path", None), (M, "articles[0]", "path must")),
    Case(
        "sha256-not-hex",
        set_entry("alpha-study", "sha256", "z" * 64),
        (M, "articles[0]", "sha256 must be 64 lowercase hex digits"),
    ),
    Case(
        "sha256-upper",
        set_entry("alpha-study", "sha256", "A" * 64),
        (M, "articles[0]", "sha256 must be 64 lowercase hex digits"),
    ),
    Case(
        "size-negative",
        set_entry("alpha-study", "size", -1),
        (M, "articles[0]", "size must be a non-negative integer"),
    ),
    Case(
        "size-string",
        set_entry("alpha-study", "size", "100"),
        (M, "articles[0]", "size must be a non-negative integer"),
    ),
    Case(
        "added-bad-date",
        set_entry("alpha-study", "added", "2025-02-30"),
        (M, "articles[0]", "added must be a date YYYY-MM-DD"),
    ),
    Case(
        "added-missing",
        set_entry("alpha-study", "added", None),
        (M, "articles[0]", "added must be a date YYYY-MM-DD"),
    ),
    # the listed files themselves
    Case("file-missing", missing_file, (ALPHA, "listed in the manifest but missing")),
    Case("sha256-mismatch", sha_mismatch, (ALPHA, "sha256 does not match the manifest")),
    Case("size-larger", size_mismatch, (ALPHA, "but the manifest says")),
    Case("size-smaller", size_smaller, (ALPHA, "but the manifest says")),
    Case("file-over-1mib", big_article, (ALPHA, "more than the limit of 1048576 per file")),
    # manifest.json as a whole
    Case("manifest-not-json", raw_manifest(b'{"format": "sci-'), (M, "is not valid JSON")),
    Case("manifest-empty", raw_manifest(b""), (M, "is not valid JSON")),
    Case(  # Python reads these, but they are not JSON: unknown keys ignored, not broken JSON
        "manifest-infinity",
        lambda spec: spec.manifest.__setitem__("future", float("inf")),
        (M, "is not valid JSON (Infinity is not a JSON value)"),
    ),
    Case("manifest-array", raw_manifest(b"[1, 2]"), (M, "must be a JSON object")),
    Case("manifest-string", raw_manifest(b'"sci-reader-bundle"'), (M, "must be a JSON object")),
    Case("manifest-latin1", raw_manifest(b'{"title": "caf\xe9"}'), (M, "is not UTF-8 text")),
    # pages
    Case("pages-object", set_manifest("pages", {}), (M, "pages must be an array")),
    Case("page-title-missing", page_edit("title", None), (M, "pages[0]", "title must be")),
    Case(
        "page-under-articles",
        move_file("about", "articles/about.md"),
        (M, "pages[0]", "must be under pages/"),
    ),
    Case("page-id-duplicate", duplicate_page_id, (M, "pages[1]", "id 'about' is used twice")),
    Case("page-file-missing", missing_page_file, ("pages/about.md", "missing from the bundle")),
    Case(
        "page-not-utf8",
        lambda spec: spec.set_file("about", b"## About\n\nCaf\xe9\n"),
        ("pages/about.md", "is not UTF-8 text"),
    ),
    # article files
    Case(
        "article-no-title",
        article("Categories: general\n\n## Simple Explanation\n\nText.\n"),
        (ALPHA, "the metadata block has no Title"),
    ),
    Case(
        "article-blank-title",
        article("Title:   \nCategories: general\n\n## Simple Explanation\n\nText.\n"),
        (ALPHA, "has no Title"),
    ),
    Case(
        "article-no-categories",
        article("Title: A title\n\n## Simple Explanation\n\nText.\n"),
        (ALPHA, "the metadata block has no Categories"),
    ),
    Case(
        "article-unknown-category",
        article(article_text("A title", "general, nonexistent")),
        (ALPHA, "category 'nonexistent' is not one of the manifest's categories"),
    ),
    Case(
        "article-text-before-heading",
        article(article_text("A title", body="Stray words.\n\n## Simple Explanation\n\nText.\n")),
        (ALPHA, "text before the first '## ' section heading"),
    ),
    Case(
        "article-no-metadata",
        article("## Simple Explanation\n\nText.\n"),
        (ALPHA, "has no Title"),
    ),
    Case(
        "article-missing-simple-explanation",
        article(article_text("A title", body="## Key Findings\n\n1. One.\n")),
        (ALPHA, "'## Simple Explanation' is missing or empty"),
    ),
    Case(
        "article-empty-simple-explanation",
        article(article_text("A title", body="## Simple Explanation\n\n## Key Findings\n\n1. A\n")),
        (ALPHA, "'## Simple Explanation' is missing or empty"),
    ),
    Case(
        "article-year-two-digits",
        article(article_text("A title", meta={"Year": "14"})),
        (ALPHA, "Year must be four digits, not '14'"),
    ),
    Case(
        "article-year-other-digits",  # Arabic-Indic digits are digits to Python, not to readers
        article(article_text("A title", meta={"Year": "\u0662\u0660\u0661\u0664"})),
        (ALPHA, "Year must be four digits"),
    ),
    Case(
        "article-year-words",
        article(article_text("A title", meta={"Year": "circa 2014"})),
        (ALPHA, "Year must be four digits"),
    ),
    Case(
        "article-published-bad-day",
        article(article_text("A title", meta={"Published": "2014-02-30"})),
        (ALPHA, "Published must be a date YYYY-MM-DD, not '2014-02-30'"),
    ),
    Case(
        "article-published-words",
        article(article_text("A title", meta={"Published": "May 2014"})),
        (ALPHA, "Published must be a date YYYY-MM-DD"),
    ),
    Case(
        "article-doi-url",
        article(article_text("A title", meta={"DOI": "https://doi.org/10.1000/x"})),
        (ALPHA, "DOI must be given without a https://doi.org/ prefix"),
    ),
    Case(
        "article-latin1",
        article(article_text("Café society", "general").encode("latin-1")),
        (ALPHA, "is not UTF-8 text"),
    ),
]


def _case_params():
    """Rules about a listed file run in both containers; manifest rules in one, alternately."""
    for i, case in enumerate(CASES):
        kinds = ("dir", "zip") if case.fragments[0] != M else (("dir", "zip")[i % 2],)
        for kind in kinds:
            yield pytest.param(case, kind, id=f"{case.id}-{kind}")


@pytest.mark.parametrize(("case", "kind"), list(_case_params()))
def test_rule_broken_once_is_rejected(case, kind, cli, data_dir, installed, make_bundle):
    source = make_bundle(version=2, kind=kind, edit=case.edit)
    assert_rejected(cli, data_dir, installed, source, *case.fragments)


def test_the_unbroken_bundle_of_the_cases_is_accepted(cli, data_dir, installed, make_bundle):
    """The cases above differ from this accepted bundle only by their one broken rule."""
    for kind in ("dir", "zip"):
        assert cli("bundle", "check", make_bundle(version=2, kind=kind)).code == 0
    result = cli("sync", make_bundle(version=2, kind="zip"), "--json")
    assert result.code == 0, result.err
    assert result.json()["result"] == "updated"
    assert library_snapshot(data_dir) != installed


@pytest.mark.parametrize("kind", ["dir", "zip"])
def test_manifest_over_32mib_is_rejected(kind, cli, data_dir, installed, make_bundle):
    spec = bundle_spec(version=2)
    spec.manifest_bytes = spec.raw_manifest() + b" " * 32 * ONE_MIB  # still valid JSON
    spec.compression = zipfile.ZIP_STORED  # so that the ratio rule does not fire first
    source = make_bundle(spec, kind=kind)
    assert_rejected(cli, data_dir, installed, source, M, "larger than the limit of 33554432")


@pytest.mark.parametrize("kind", ["dir", "zip"])
def test_a_dot_segment_in_a_path_is_rejected_by_both_containers(
    kind, cli, data_dir, installed, make_bundle
):
    """A folder found `articles/./x.md` on disk, a ZIP (entry `articles/x.md`) did not:
    the two containers must be read the same way, so the manifest rule refuses it."""

    def edit(spec: BundleSpec) -> None:
        item = spec.entry("alpha-study")
        item["path"] = "articles/./alpha-study.md"  # the file stays at articles/alpha-study.md

    source = make_bundle(version=2, kind=kind, edit=edit)
    assert_rejected(cli, data_dir, installed, source, M, "articles[0]", "'.' segment")


def test_missing_manifest_is_rejected(cli, data_dir, installed, make_bundle):
    for kind in ("dir", "zip"):
        source = make_bundle(version=2, kind=kind)
        if kind == "dir":
            (source / "manifest.json").unlink()
        else:
            spec = bundle_spec(version=2)
            with zipfile.ZipFile(source, "w") as archive:
                for name, data in spec.files.items():
                    archive.writestr(name, data)
        assert_rejected(cli, data_dir, installed, source, "manifest.json", "is missing")


# --- ZIP-only rules ---------------------------------------------------------


def test_zip_entry_compressed_over_200_to_1_is_rejected(cli, data_dir, installed, make_bundle):
    text = article_text("Squeezed", "general", "Squeezed. " + "a" * 600_000)

    def edit(spec: BundleSpec) -> None:
        spec.set_file("alpha-study", text)

    source = make_bundle(version=2, kind="zip", edit=edit)
    info = zipfile.ZipFile(source).getinfo(ALPHA)
    assert info.file_size > 200 * info.compress_size  # the bundle really is that packed
    assert_rejected(cli, data_dir, installed, source, ALPHA, "compressed more than 200:1")
    # The same file in a directory bundle (no compression) is fine.
    assert cli("bundle", "check", make_bundle(version=2, edit=edit)).code == 0


def test_zip_symlink_entry_is_rejected(cli, data_dir, installed, make_bundle):
    def edit(spec: BundleSpec) -> None:
        spec.set_file("alpha-study", b"/etc/passwd")  # sha256 and size of the link's bytes
        spec.symlinks[ALPHA] = "/etc/passwd"

    source = make_bundle(version=2, kind="zip", edit=edit)
    assert_rejected(cli, data_dir, installed, source, ALPHA, "symbolic link")


def test_zip_duplicate_entry_is_rejected(cli, data_dir, installed, make_bundle):
    def edit(spec: BundleSpec) -> None:
        spec.extra_zip_entries[ALPHA] = b"Title: Other\n"

    source = make_bundle(version=2, kind="zip", edit=edit)
    assert_rejected(cli, data_dir, installed, source, ALPHA, "appears more than once")


def test_zip_encrypted_entry_is_rejected(cli, data_dir, installed, make_bundle):
    source = make_bundle(version=2, kind="zip")
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(ALPHA)
    # Set the "encrypted" flag bit in the local header and in the central directory.
    data[info.header_offset + 6] |= 0x1
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = int.from_bytes(data[pos + 28 : pos + 30], "little")
        if data[pos + 46 : pos + 46 + name_len] == ALPHA.encode():
            data[pos + 8] |= 0x1
        pos = data.find(b"PK\x01\x02", pos + 1)
    source.write_bytes(bytes(data))
    assert zipfile.ZipFile(source).getinfo(ALPHA).flag_bits & 0x1
    assert_rejected(cli, data_dir, installed, source, ALPHA, "is encrypted")


def test_not_a_zip_file_is_rejected(cli, data_dir, installed, tmp_path):
    source = tmp_path / "update.zip"
    source.write_bytes(b"This is a text file, not a ZIP archive.\n")
    assert_rejected(cli, data_dir, installed, source, str(source), "is not a ZIP file")


def test_truncated_zip_is_rejected(cli, data_dir, installed, make_bundle):
    source = make_bundle(version=2, kind="zip")
    source.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    assert_rejected(cli, data_dir, installed, source, str(source), "is not a ZIP file")


def test_zip_with_damaged_entry_data_is_rejected(cli, data_dir, installed, make_bundle):
    spec = bundle_spec(version=2)
    spec.compression = zipfile.ZIP_STORED
    source = make_bundle(spec, kind="zip")
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(ALPHA)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10] ^= 0xFF  # a flipped byte: the CRC no longer matches
    source.write_bytes(bytes(data))
    assert_rejected(cli, data_dir, installed, source, ALPHA, "cannot be read")


# --- directory-only rules ---------------------------------------------------


def test_directory_listed_file_symlink_is_rejected(cli, data_dir, installed, make_bundle, tmp_path):
    outside = tmp_path / "outside.md"
    spec = bundle_spec(version=2)
    outside.write_bytes(spec.files.pop(ALPHA))  # same bytes: sha256 and size match
    spec.symlinks[ALPHA] = str(outside)
    source = make_bundle(spec)
    assert_rejected(cli, data_dir, installed, source, ALPHA, "symbolic link")


def test_directory_listed_file_symlink_inside_bundle_is_rejected(
    cli, data_dir, installed, make_bundle
):
    spec = bundle_spec(version=2)
    spec.files["articles/real.md"] = spec.files.pop(ALPHA)
    spec.symlinks[ALPHA] = "real.md"
    source = make_bundle(spec)
    assert_rejected(cli, data_dir, installed, source, ALPHA, "symbolic link")


def test_directory_under_symlinked_folder_is_rejected(
    cli, data_dir, installed, make_bundle, tmp_path
):
    spec = bundle_spec(version=2)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for name in [n for n in spec.files if n.startswith("articles/")]:
        (outside / name.removeprefix("articles/")).write_bytes(spec.files.pop(name))
    spec.symlinks["articles"] = str(outside)
    source = make_bundle(spec)
    assert (source / "articles").is_symlink()
    assert_rejected(cli, data_dir, installed, source, ALPHA, "symbolic link")


def test_directory_listed_path_is_a_folder(cli, data_dir, installed, make_bundle):
    spec = bundle_spec(version=2)
    del spec.files[ALPHA]
    source = make_bundle(spec)
    (source / ALPHA).mkdir()
    assert_rejected(cli, data_dir, installed, source, ALPHA, "is not a regular file")


def test_directory_symlinked_manifest_is_rejected(cli, data_dir, installed, make_bundle, tmp_path):
    spec = bundle_spec(version=2)
    outside = tmp_path / "manifest-elsewhere.json"
    outside.write_bytes(spec.raw_manifest())
    source = make_bundle(spec)
    (source / "manifest.json").unlink()
    (source / "manifest.json").symlink_to(outside)
    assert_rejected(cli, data_dir, installed, source, "manifest.json", "symbolic link")


# --- limits -----------------------------------------------------------------


def _entries_over_total(count: int, size: int) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        for i in range(count):
            spec.manifest["articles"].append(
                {"id": f"b{i}", "path": f"articles/b{i}.md", "sha256": "0" * 64,
                 "size": size, "added": "2025-01-01"}
            )  # fmt: skip
        spec.manifest_bytes = json.dumps(spec.manifest, separators=(",", ":")).encode()

    return edit


def test_total_size_over_2gib_is_rejected(cli, data_dir, installed, make_bundle):
    # 2049 entries of exactly 1 MiB each: none over the per-file limit, 2 GiB + 1 MiB in all.
    source = make_bundle(version=2, edit=_entries_over_total(2049, ONE_MIB))
    assert_rejected(cli, data_dir, installed, source, M, "more than the limit of 2147483648")


@pytest.mark.slow
def test_more_than_200000_entries_is_rejected(cli, data_dir, installed, make_bundle):
    source = make_bundle(version=2, edit=_entries_over_total(200_001 - 5, 0))
    assert_rejected(cli, data_dir, installed, source, M, "lists 200001 files, more than the limit")


LIMIT_CASES = [
    ("entries", Limits(entries=4), (M, "lists 5 files, more than the limit of 4")),
    ("total", Limits(total_bytes=300), (M, "more than the limit of 300")),
    ("file", Limits(file_bytes=120), (ALPHA, "more than the limit of 120 per file")),
    ("manifest", Limits(manifest_bytes=200), (M, "is larger than the limit of 200 bytes")),
]


@pytest.mark.parametrize("kind", ["dir", "zip"])
@pytest.mark.parametrize(
    ("name", "limits", "fragments"), LIMIT_CASES, ids=[c[0] for c in LIMIT_CASES]
)
def test_stricter_limits_are_enforced(
    name, limits, fragments, kind, data_dir, installed, make_bundle
):
    source = make_bundle(version=2, kind=kind)
    check_bundle(source)  # fine under the default limits
    for attempt in (
        lambda: check_bundle(source, limits),
        lambda: sync(data_dir, source, limits=limits),
    ):
        with pytest.raises(BundleRejected) as caught:
            attempt()
        assert any(all(f in line for f in fragments) for line in caught.value.lines())
        assert library_snapshot(data_dir) == installed
    assert sync(data_dir, source).result == "updated"


# --- several problems, and unlisted entries ---------------------------------


def test_every_manifest_problem_is_reported(cli, data_dir, installed, make_bundle):
    def edit(spec: BundleSpec) -> None:
        spec.manifest["format"] = "zip"
        spec.manifest["created"] = "yesterday"
        spec.manifest["categories"].append({"slug": "Bad Slug", "name": "Bad"})
        spec.manifest["articles"][0]["path"] = "../alpha-study.md"
        spec.manifest["articles"][1]["sha256"] = "abc"
        spec.manifest["articles"][2]["id"] = "Gamma"

    source = make_bundle(version=2, edit=edit)
    result = cli("bundle", "check", source)
    assert result.code == 3
    expected = [
        "format must be",
        "created must be",
        "categories[3]: slug 'Bad Slug'",
        "articles[0]: path '../alpha-study.md'",
        "articles[1]: sha256 must be",
        "articles[2]: id 'Gamma'",
    ]
    lines = result.err.splitlines()
    assert len(lines) == len(expected), result.err
    for fragment, line in zip(expected, lines, strict=True):
        assert fragment in line
        assert line.startswith("sci-reader: manifest.json: ")
    assert cli("sync", source).err.splitlines() == lines
    assert library_snapshot(data_dir) == installed


def test_every_file_problem_is_reported(cli, data_dir, installed, make_bundle):
    def edit(spec: BundleSpec) -> None:
        sha_mismatch(spec)  # alpha-study
        spec.set_file("beta-study", "Categories: pain\n\n## Key Findings\n\n1. One.\n")
        spec.set_file("gamma-study", article_text("Gamma", "nope", meta={"Year": "99"}))
        del spec.files["pages/disclaimer.md"]

    source = make_bundle(version=2, kind="zip", edit=edit)
    expected = [
        (ALPHA, "sha256 does not match"),
        ("articles/beta-study.md", "has no Title"),
        ("articles/beta-study.md", "'## Simple Explanation' is missing"),
        ("articles/gamma-study.md", "category 'nope'"),
        ("articles/gamma-study.md", "Year must be four digits"),
        ("pages/disclaimer.md", "missing from the bundle"),
    ]
    for command in (("bundle", "check", source), ("sync", source)):
        result = cli(*command)
        assert result.code == 3
        lines = result.err.splitlines()
        assert len(lines) == len(expected), result.err
        for (where, rule), line in zip(expected, lines, strict=True):
            assert line.startswith(f"sci-reader: {where}: ")
            assert rule in line
    assert library_snapshot(data_dir) == installed


def test_unlisted_zip_entries_are_ignored_and_never_extracted(
    cli, data_dir, make_bundle, tmp_path, monkeypatch
):
    spec = bundle_spec(version=1)
    spec.extra_zip_entries.update(
        {
            "../../evil.md": b"Title: Evil\nCategories: general\n\n## Simple Explanation\n\nx\n",
            "/etc/passwd-evil": b"root::0:0::/:/bin/sh\n",
            "C:\\evil.bat": b"echo evil\n",
            "articles/unlisted.md": article_text("Unlisted", "general", "Hidden okapi.").encode(),
            "run.sh": b"#!/bin/sh\necho evil > /tmp/evil\n",
            "articles/huge-bomb.md": b"0" * 5_000_000,  # unlisted, so never inflated
        }
    )
    source = make_bundle(spec, kind="zip", name="deep/a/b/update.zip")
    workdir = source.parent
    monkeypatch.chdir(workdir)
    before = {p for p in tmp_path.rglob("*") if not p.is_relative_to(data_dir)}

    assert cli("bundle", "check", source).code == 0
    result = cli("sync", source, "--json")
    assert result.code == 0, result.err
    assert result.json()["added"] == 3

    after = {p for p in tmp_path.rglob("*") if not p.is_relative_to(data_dir)}
    assert after == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]
    assert not any(p.name.startswith("evil") for p in tmp_path.rglob("*"))
    ids = [a["id"] for a in cli("list", "--json").json()]
    assert sorted(ids) == ["alpha-study", "beta-study", "gamma-study"]
    assert cli("search", "okapi", "--json").json() == []


def test_unlisted_files_in_a_directory_bundle_are_ignored(cli, data_dir, make_bundle):
    source = make_bundle(version=1)
    (source / "articles" / "unlisted.md").write_text("not even an article", encoding="utf-8")
    (source / "notes.txt").write_text("publisher's notes", encoding="utf-8")
    assert cli("sync", source).code == 0
    assert cli("show", "unlisted").code == 2


def test_manifest_with_unknown_keys_is_accepted(cli, data_dir, make_bundle):
    def edit(spec: BundleSpec) -> None:
        spec.manifest["future_feature"] = {"anything": [1, 2]}
        spec.manifest["categories"][0]["icon"] = "star"
        spec.manifest["articles"][0]["reviewed_by"] = "Dr Lee"
        spec.manifest["pages"][0]["order"] = 3

    result = cli("sync", make_bundle(edit=edit), "--json")
    assert result.code == 0, result.err
    assert result.json()["added"] == 3


def test_manifest_with_bom_and_without_pages_is_accepted(cli, data_dir, make_bundle):
    def edit(spec: BundleSpec) -> None:
        del spec.manifest["pages"]
        spec.files = {k: v for k, v in spec.files.items() if not k.startswith("pages/")}
        spec.manifest_bytes = "\ufeff".encode() + spec.raw_manifest()

    assert cli("sync", make_bundle(edit=edit, kind="zip")).code == 0
    assert cli("status", "--json").json()["pages"] == 0


def test_a_file_exactly_at_the_size_limit_is_accepted(data_dir, make_bundle):
    head = article_text("Exact", "general", "Exact. ")
    text = head + "y" * (ONE_MIB - len(head.encode()))
    assert len(text.encode()) == ONE_MIB
    source = make_bundle({"exact-size": text})
    assert check_bundle(source).articles == 1
    assert sync(data_dir, source).added == 1


def test_sha256_helper_matches_the_bytes_on_disk(make_bundle):
    source = make_bundle()
    manifest = json.loads((source / "manifest.json").read_bytes())
    for item in manifest["articles"] + manifest["pages"]:
        data = (source / item["path"]).read_bytes()
        assert (item["sha256"], item["size"]) == (sha256(data), len(data))
