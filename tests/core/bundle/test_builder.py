"""`bundle build`: reproducible, checked, and refusing broken source folders."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.bundles import article_text, full_article_text, source_folder

LIBRARY_SOURCES = Path(__file__).resolve().parents[3] / "data" / "library"

ARTICLES = {
    "first-study": article_text("First", "pain", "Plain words.", meta={"Added": "2025-02-01"}),
    "second-study": full_article_text("Second", "zebrafish", "walking"),  # Published 2020-03-04
    "third-study": article_text("Third", "general", "No dates at all."),
}


def build(cli, src, out, version=1):
    return cli("bundle", "build", src, out, "--version", version)


def test_build_then_check_then_sync(cli, tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    out = tmp_path / "out" / "bundle.zip"
    result = build(cli, src, out, 7)
    assert result.code == 0, result.err
    assert result.out.strip() == f"Built {out} (version 7): 3 articles, 2 pages."
    assert cli("bundle", "check", out).out.strip() == "OK: version 7, 3 articles, 2 pages."
    synced = cli("sync", out, "--json")
    assert synced.code == 0
    assert synced.json()["added"] == 3
    assert sorted(p.name for p in out.parent.iterdir()) == ["bundle.zip"]  # no temp files left


def test_manifest_is_computed_from_the_sources(cli, tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    (src / "articles" / "notes.txt").write_text("not an article", encoding="utf-8")
    (src / "bundle.json").write_text(json.dumps({"title": "My library"}), encoding="utf-8")
    out = tmp_path / "bundle.zip"
    assert build(cli, src, out, 3).code == 0
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        infos = archive.infolist()
    assert names[0] == "manifest.json"
    assert names[1:] == sorted(names[1:])
    assert "articles/notes.txt" not in names
    assert {i.date_time for i in infos} == {(2020, 1, 1, 0, 0, 0)}
    assert manifest["format"] == "sci-reader-bundle" and manifest["format_version"] == 1
    assert (manifest["version"], manifest["title"]) == (3, "My library")
    added = {a["id"]: a["added"] for a in manifest["articles"]}
    # Added:, else Published:, else the day the bundle was created (the newest date)
    assert added == {"first-study": "2025-02-01", "second-study": "2020-03-04",
                     "third-study": "2025-02-01"}  # fmt: skip
    assert manifest["created"] == "2025-02-01T00:00:00Z"
    assert [(p["id"], p["title"]) for p in manifest["pages"]] == [
        ("about", "About this library"), ("disclaimer", "Disclaimer"),
    ]  # fmt: skip
    with zipfile.ZipFile(out) as archive:
        for entry in manifest["articles"] + manifest["pages"]:
            assert archive.getinfo(entry["path"]).file_size == entry["size"]


def test_build_is_reproducible(cli, tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    assert build(cli, src, tmp_path / "one.zip").code == 0
    assert build(cli, src, tmp_path / "two.zip").code == 0
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_build_is_reproducible_from_a_copy_elsewhere_with_other_mtimes(cli, tmp_path):
    first = tmp_path / "first.zip"
    assert build(cli, LIBRARY_SOURCES, first).code == 0
    copy = tmp_path / "somewhere" / "else" / "library-copy"
    shutil.copytree(LIBRARY_SOURCES, copy)
    for i, path in enumerate(sorted(copy.rglob("*"), reverse=True)):
        os.utime(path, (1_000_000_000 + i * 3600, 1_000_000_000 + i * 3600))
    os.chmod(copy / "categories.json", 0o600)
    second = tmp_path / "second.zip"
    assert build(cli, copy, second).code == 0
    assert first.read_bytes() == second.read_bytes()
    assert cli("bundle", "check", second).code == 0


def test_rebuild_with_another_version_differs_only_by_version(cli, tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    assert build(cli, src, tmp_path / "v1.zip", 1).code == 0
    assert build(cli, src, tmp_path / "v2.zip", 2).code == 0
    with zipfile.ZipFile(tmp_path / "v1.zip") as a, zipfile.ZipFile(tmp_path / "v2.zip") as b:
        one, two = json.loads(a.read("manifest.json")), json.loads(b.read("manifest.json"))
    assert (one["version"], two["version"]) == (1, 2)
    assert {**one, "version": 0} == {**two, "version": 0}


def _no_title(src: Path) -> None:
    (src / "articles" / "first-study.md").write_text(
        "Categories: pain\n\n## Simple Explanation\n\nX.\n", encoding="utf-8"
    )


def _unknown_category(src: Path) -> None:
    (src / "articles" / "first-study.md").write_text(
        article_text("First", "astrology"), encoding="utf-8"
    )


def _bad_added(src: Path) -> None:
    (src / "articles" / "first-study.md").write_text(
        article_text("First", "pain", meta={"Added": "2025-02-30"}), encoding="utf-8"
    )


def _not_utf8(src: Path) -> None:
    (src / "articles" / "first-study.md").write_bytes(b"Title: Caf\xe9\nCategories: pain\n")


def _bad_id(src: Path) -> None:
    (src / "articles" / "first-study.md").rename(src / "articles" / "First_Study.md")


def _no_categories_file(src: Path) -> None:
    (src / "categories.json").unlink()


def _categories_not_json(src: Path) -> None:
    (src / "categories.json").write_text("[{'slug': 'pain'}]", encoding="utf-8")


def _categories_not_list(src: Path) -> None:
    (src / "categories.json").write_text('"pain"', encoding="utf-8")


def _bad_slug(src: Path) -> None:
    (src / "categories.json").write_text(
        json.dumps([{"slug": "Pain!", "name": "Pain"}]), encoding="utf-8"
    )


def _no_articles(src: Path) -> None:
    shutil.rmtree(src / "articles")


def _bad_created(src: Path) -> None:
    (src / "bundle.json").write_text(json.dumps({"created": "last week"}), encoding="utf-8")


def _bundle_json_broken(src: Path) -> None:
    (src / "bundle.json").write_text("{", encoding="utf-8")


BROKEN = {
    "article-no-title": (_no_title, "articles/first-study.md: the metadata block has no Title"),
    "unknown-category": (_unknown_category, "articles/first-study.md: category 'astrology'"),
    "bad-added-date": (_bad_added, "articles/first-study.md: Added must be a date"),
    "not-utf8": (_not_utf8, "articles/first-study.md: is not UTF-8 text"),
    "bad-file-name": (_bad_id, "id 'First_Study' must match"),
    "no-categories-file": (_no_categories_file, "categories.json: is missing"),
    "categories-not-json": (_categories_not_json, "categories.json: cannot be read as JSON"),
    "categories-not-list": (_categories_not_list, "categories.json: must hold a list"),
    "bad-category-slug": (_bad_slug, "slug 'Pain!' must match"),
    "no-articles": (_no_articles, "articles/: holds no .md files"),
    "bad-created": (_bad_created, "bundle.json: created must be an ISO 8601 timestamp"),
    "bundle-json-broken": (_bundle_json_broken, "bundle.json: cannot be read as JSON"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_source_folder_is_refused(name, cli, tmp_path):
    breaker, message = BROKEN[name]
    src = source_folder(tmp_path / "src", ARTICLES)
    breaker(src)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = build(cli, src, out_dir / "bundle.zip")
    assert result.code == 3, result
    assert message in result.err, result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert list(out_dir.iterdir()) == []  # no bundle, no temp file


@pytest.mark.parametrize("name", ["article-no-title", "bad-category-slug"])
def test_refused_build_leaves_no_folder_it_made(name, cli, tmp_path):
    """OUT.zip's missing folders are made for the build; a refused build takes them away."""
    src = source_folder(tmp_path / "src", ARTICLES)
    BROKEN[name][0](src)
    result = build(cli, src, tmp_path / "new" / "deeper" / "bundle.zip")
    assert result.code == 3, result
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


@pytest.mark.parametrize("name", ["article-no-title", "unknown-category", "bad-category-slug"])
def test_refused_build_leaves_an_existing_bundle_alone(name, cli, tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    out = tmp_path / "bundle.zip"
    assert build(cli, src, out).code == 0
    good = out.read_bytes()
    BROKEN[name][0](src)
    assert build(cli, src, out, 2).code == 3
    assert out.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip", "src"]


def test_every_problem_in_the_source_folder_is_listed(cli, tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    _bad_added(src)
    (src / "articles" / "third-study.md").write_bytes(b"\xff\xfe")
    _categories_not_json(src)
    result = build(cli, src, tmp_path / "bundle.zip")
    assert result.code == 3
    lines = result.err.splitlines()
    assert len(lines) == 3, lines
    assert any("categories.json" in line for line in lines)
    assert any("first-study.md: Added must be" in line for line in lines)
    assert any("third-study.md: is not UTF-8" in line for line in lines)


def test_missing_source_folder_and_bad_version_exit_2(cli, tmp_path):
    missing = build(cli, tmp_path / "nope", tmp_path / "out.zip")
    assert missing.code == 2
    assert "no such folder" in missing.err
    src = source_folder(tmp_path / "src", ARTICLES)
    zero = build(cli, src, tmp_path / "out.zip", 0)
    assert zero.code == 2
    assert "--version must be at least 1" in zero.err
    assert not (tmp_path / "out.zip").exists()


@pytest.mark.parametrize("step", ["write_bytes", "check_bundle"])
def test_an_interrupted_build_leaves_no_temporary_file(step, monkeypatch, tmp_path):
    from reader.core.bundle import builder
    from reader.core.bundle.builder import build_bundle

    src = source_folder(tmp_path / "src", ARTICLES)
    out = tmp_path / "out" / "bundle.zip"
    out.parent.mkdir()
    out.write_bytes(b"the publisher's last bundle")

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    def part_then_ctrl_c(path: Path, data: bytes) -> int:
        write_bytes(path, data[:100])
        raise KeyboardInterrupt

    write_bytes = Path.write_bytes
    if step == "write_bytes":
        monkeypatch.setattr(Path, "write_bytes", part_then_ctrl_c)
    else:
        monkeypatch.setattr(builder, "check_bundle", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        build_bundle(src, out, 1)

    # failed before: bundle.zip.new (or bundle.zip.new.tmp) beside it, as large as the bundle
    assert [p.name for p in out.parent.iterdir()] == ["bundle.zip"]
    assert out.read_bytes() == b"the publisher's last bundle"


def test_a_source_folder_name_too_long_for_the_system_is_said_in_one_line(cli, tmp_path):
    src = tmp_path / ("c" * 300)  # more than any file system's 255 bytes a name

    result = build(cli, src, tmp_path / "out.zip")

    # failed before: "OSError: [Errno 36] File name too long", a traceback, exit 1
    assert result.code == 2
    assert result.err == f"sci-reader: {src}: cannot be read (File name too long)\n"
