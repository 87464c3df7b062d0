"""The command line contract: sub-commands, JSON shapes, data dir, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reader import __version__
from reader.core.paths import embedded_bundle_path
from tests.bundles import article_text, full_article_text

SYNC_KEYS = {"result", "version", "added", "updated", "withdrawn", "unchanged"}
STATUS_KEYS = {"library_version", "articles", "categories", "pages", "data_dir", "last_synced",
               "signed", "expires", "last_check"}  # fmt: skip
LIST_KEYS = {"id", "title", "plain_title", "added", "categories"}
CATEGORY_KEYS = {"slug", "name", "description", "articles"}
SEARCH_KEYS = {"id", "title", "plain_title", "snippet", "score"}
SHOW_KEYS = {
    "id", "title", "journal", "year", "doi", "published", "added", "categories",
    "evidence_level", "participants", "study_duration", "simple_explanation",
    "key_findings", "research_summary", "practical_implications", "study_limitations",
    "extra_sections", "plain_title", "study_type",
}  # fmt: skip

ARTICLES = {
    "oldest": article_text("Oldest study", "pain", "About pain and a quokka."),
    "middle-b": article_text("B middle study", ["general", "pain"], "Shared day, second title."),
    "middle-a": article_text("A middle study", "general", "Shared day, first title."),
    "newest": full_article_text("Newest study", "zebrafish", "walking"),
}
ADDED = {"oldest": "2024-01-01", "middle-b": "2025-06-01", "middle-a": "2025-06-01",
         "newest": "2026-01-01"}  # fmt: skip


@pytest.fixture
def synced(cli, make_bundle):
    result = cli("sync", make_bundle(ARTICLES, added=ADDED, version=3), "--json")
    assert result.code == 0, result.err
    return result.json()


def embedded_manifest() -> dict:
    with zipfile.ZipFile(embedded_bundle_path()) as archive:
        return json.loads(archive.read("manifest.json"))


# --- before the first sync --------------------------------------------------


def test_status_before_first_sync(cli, data_dir):
    result = cli("status", "--json")
    assert result.code == 0
    status = result.json()
    assert set(status) == STATUS_KEYS
    assert status == {"library_version": None, "articles": 0, "categories": 0, "pages": 0,
                      "data_dir": str(data_dir.resolve()), "last_synced": None,
                      "signed": None, "expires": None, "last_check": None}  # fmt: skip
    text = cli("status")
    assert "The library is empty" in text.out
    assert str(data_dir.resolve()) in text.out


def test_reading_commands_never_create_the_library(cli, data_dir):
    for command in (
        ("status",), ("status", "--json"), ("list",), ("list", "--json"), ("categories",),
        ("categories", "--json"), ("search", "walking"), ("search", "walking", "--json"),
    ):  # fmt: skip
        result = cli(*command)
        assert result.code == 0, (command, result)
        if "--json" in command and command[0] != "status":
            assert result.json() == []
    assert cli("show", "anything").code == 2
    assert cli("list", "--category", "pain").code == 2
    assert not (data_dir / "library.sqlite3").exists()
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


# --- every sub-command --------------------------------------------------------


def test_sync_without_source_imports_the_embedded_library(cli):
    manifest = embedded_manifest()
    result = cli("sync", "--json")
    assert result.code == 0, result.err
    assert result.json() == {"result": "updated", "version": manifest["version"],
                             "added": len(manifest["articles"]), "updated": 0, "withdrawn": 0,
                             "unchanged": 0}  # fmt: skip
    status = cli("status", "--json").json()
    assert (status["articles"], status["categories"], status["pages"]) == (
        len(manifest["articles"]), len(manifest["categories"]), len(manifest["pages"]),
    )  # fmt: skip
    again = cli("sync")
    assert again.code == 0
    assert again.out.strip() == f"Already up to date (version {manifest['version']})."


def test_sync_json_shape(synced):
    assert set(synced) == SYNC_KEYS
    assert synced == {"result": "updated", "version": 3, "added": 4, "updated": 0,
                      "withdrawn": 0, "unchanged": 0}  # fmt: skip


def test_sync_text_output(cli, make_bundle):
    result = cli("sync", make_bundle(ARTICLES, version=2))
    assert result.out.strip() == (
        "Library updated to version 2: 4 added, 0 updated, 0 withdrawn, 0 unchanged."
    )


def test_status_after_sync(cli, data_dir, synced):
    status = cli("status", "--json").json()
    assert set(status) == STATUS_KEYS
    assert status["library_version"] == 3
    assert (status["articles"], status["categories"], status["pages"]) == (4, 3, 2)
    assert status["data_dir"] == str(data_dir.resolve())
    assert status["last_synced"].endswith("Z")
    text = cli("status").out
    assert "Library version 3: Test library" in text
    assert "4 articles, 3 categories, 2 pages" in text


def test_list_newest_added_first(cli, synced):
    listed = cli("list", "--json").json()
    assert [a["id"] for a in listed] == ["newest", "middle-a", "middle-b", "oldest"]
    for item in listed:
        assert set(item) == LIST_KEYS
    assert listed[2] == {"id": "middle-b", "title": "B middle study", "plain_title": None,
                         "added": "2025-06-01", "categories": ["general", "pain"]}  # fmt: skip
    pain = cli("list", "--category", "pain", "--json").json()
    assert [a["id"] for a in pain] == ["middle-b", "oldest"]
    assert cli("list", "--category", "walking", "--json").json()[0]["id"] == "newest"
    text = cli("list").out.splitlines()
    assert text[0] == "2026-01-01  newest  Newest study"


def test_list_unknown_category_exits_2(cli, synced):
    result = cli("list", "--category", "astronomy")
    assert result.code == 2
    assert "astronomy" in result.err


def test_categories_in_manifest_order_with_counts(cli, synced):
    categories = cli("categories", "--json").json()
    assert categories == [
        {"slug": "general", "name": "General", "description": "Research in general.",
         "articles": 2},
        {"slug": "pain", "name": "Pain", "description": "Research on pain.", "articles": 2},
        {"slug": "walking", "name": "Walking", "description": None, "articles": 1},
    ]  # fmt: skip
    assert all(set(c) == CATEGORY_KEYS for c in categories)
    text = cli("categories").out.splitlines()
    assert text[0].split() == ["general", "2", "General"]


def test_search_json_shape(cli, synced):
    hits = cli("search", "study", "--json").json()
    assert len(hits) == 4
    assert all(set(h) == SEARCH_KEYS for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert [h["id"] for h in cli("search", "quokka", "--json").json()] == ["oldest"]
    assert len(cli("search", "study", "--limit", "2", "--json").json()) == 2


def test_search_scores_stay_positive_and_ordered_when_most_articles_match(cli, make_bundle):
    """bm25 gives a word found in most of a small library a tiny weight: rounded
    to 4 decimals, every score printed 0.0 and the better match lost its lead."""
    articles = {
        "strong": article_text("Walking walking", "general", "Walking, walking and walking."),
        "weak": article_text("Other things", "general", "Some walking, and much else."),
        "none": article_text("Swimming", "general", "Only swimming here."),
    }
    assert cli("sync", make_bundle(articles)).code == 0
    hits = cli("search", "walking", "--json").json()
    assert [h["id"] for h in hits] == ["strong", "weak"]
    assert hits[0]["score"] > hits[1]["score"] > 0


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_search_limit_below_one_exits_2(cli, synced, limit):
    result = cli("search", "study", "--limit", limit)
    assert result.code == 2
    assert "--limit" in result.err


def test_show_json_shape(cli, synced):
    shown = cli("show", "newest", "--json").json()
    assert set(shown) == SHOW_KEYS
    assert shown["id"] == "newest" and shown["added"] == "2026-01-01"
    assert shown["year"] == 2020 and isinstance(shown["year"], int)
    assert shown["practical_implications"] == [{"heading": "Talk to your team",
                                                "text": "Ask questions."}]  # fmt: skip
    sparse = cli("show", "oldest", "--json").json()
    assert set(sparse) == SHOW_KEYS
    assert sparse["journal"] is None and sparse["key_findings"] == []


def test_show_text_output(cli, synced):
    lines = cli("show", "newest").out.splitlines()
    assert lines[0] == "Newest study"
    assert lines[1] == "Test Journal, 2020"
    assert "DOI: 10.1000/test-1" in lines
    assert "1. The first finding." in lines


def test_show_text_has_no_empty_source_line(cli, synced):
    # No Journal and no Year: the line that names them is left out, not printed empty.
    lines = cli("show", "oldest").out.splitlines()
    assert lines[:3] == ["Oldest study", "", "Simple Explanation"]


def test_show_unknown_id_exits_2(cli, synced):
    result = cli("show", "no-such-article", "--json")
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip() == "sci-reader: no article with id 'no-such-article' in the library"


def test_bundle_check_ok(cli, make_bundle):
    for kind in ("dir", "zip"):
        result = cli("bundle", "check", make_bundle(ARTICLES, version=5, kind=kind))
        assert result.code == 0
        assert result.out.strip() == "OK: version 5, 4 articles, 2 pages."


@pytest.mark.parametrize("kind", ["dir", "zip"])
def test_bundle_check_lists_the_files_problems_beside_the_manifests(cli, make_bundle, kind):
    """CLI.md: `bundle check` lists every problem, not only the manifest's first."""

    def break_it(spec):
        spec.manifest["categories"].append({"slug": "Not A Slug", "name": "Bad"})
        spec.set_file("alpha-study", "Title: No sections here\nCategories: general\n\nJust text.\n")
        spec.entry("beta-study")["sha256"] = "0" * 64

    result = cli("bundle", "check", make_bundle(edit=break_it, kind=kind))
    assert result.code == 3
    lines = result.err.splitlines()
    assert any("manifest.json: categories[" in line and "Not A Slug" in line for line in lines)
    assert any(line.startswith("sci-reader: articles/alpha-study.md: ") for line in lines), lines
    assert any(line.startswith("sci-reader: articles/beta-study.md: ") for line in lines), lines


def test_bundle_check_reads_no_file_of_a_newer_format(cli, make_bundle):
    def newer(spec):
        spec.manifest["format_version"] = 2
        spec.set_file("alpha-study", "Title: No sections here\nCategories: general\n\nJust text.\n")

    result = cli("bundle", "check", make_bundle(edit=newer))
    assert result.code == 3
    assert result.err.splitlines() == [
        "sci-reader: manifest.json: format_version 2 is newer than this app understands "
        "(version 1): please update SCI Research Reader"
    ]


def test_bundle_check_readability_passes_plain_text(cli, make_bundle):
    plain = "This study looked at walking. People used a small device. It helped some of them."
    source = make_bundle({"plain": article_text("Plain", "general", plain)}, version=2)
    result = cli("bundle", "check", source, "--readability")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[1].split()[0] == "plain"
    assert lines[-1] == "OK: version 2, 1 article, 2 pages."


def test_bundle_check_of_the_embedded_library(cli):
    manifest = embedded_manifest()
    result = cli("bundle", "check", embedded_bundle_path())
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        f"OK: version {manifest['version']}, {len(manifest['articles'])} articles, "
        f"{len(manifest['pages'])} pages."
    )


def test_bundle_check_readability_fails_on_hard_text(cli, make_bundle):
    hard = ("Notwithstanding considerable methodological heterogeneity, investigators "
            "characterised neuroregenerative interventions utilising multipotent mesenchymal "
            "stromal populations, demonstrating statistically indeterminate functional "
            "improvements alongside unremarkable adverse-event profiles.")  # fmt: skip
    source = make_bundle({"hard": article_text("Hard", "general", hard)})
    assert cli("bundle", "check", source).code == 0  # valid format ...
    result = cli("bundle", "check", source, "--readability")
    assert result.code == 3  # ... but not plain language
    assert "hard: Simple Explanation reads at grade" in result.err
    assert "hard" in result.out


def test_bundle_check_does_not_touch_the_library(cli, data_dir, make_bundle):
    assert cli("bundle", "check", make_bundle()).code == 0
    assert not data_dir.exists()


def test_userdata_commands(cli, tmp_path):
    bookmark = {"article_id": "x", "title": "X", "created": "2026-01-01T00:00:00Z"}
    doc = {"format": "sci-reader-userdata", "format_version": 1, "bookmarks": [bookmark]}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    imported = cli("userdata", "import", source)
    assert imported.code == 0
    assert imported.out.startswith("Imported: 1 bookmark, 0 feedback answers, 0 notes")
    out = tmp_path / "out.json"
    exported = cli("userdata", "export", out)
    assert exported.code == 0
    assert json.loads(out.read_text())["bookmarks"] == doc["bookmarks"]


# --- data dir, version, bad command lines ---------------------------------------


def test_data_dir_before_or_after_the_sub_command(run_cli, tmp_path, make_bundle):
    source = make_bundle(ARTICLES)
    before, after = tmp_path / "before", tmp_path / "after"
    assert run_cli("--data-dir", before, "sync", source).code == 0
    assert run_cli("sync", source, "--data-dir", after).code == 0
    for folder in (before, after):
        for args in (("--data-dir", folder, "status", "--json"),
                     ("status", "--json", "--data-dir", folder)):  # fmt: skip
            status = run_cli(*args).json()
            assert (status["data_dir"], status["articles"]) == (str(folder.resolve()), 4)
    other = tmp_path / "user"
    source_json = tmp_path / "in.json"
    source_json.write_text(json.dumps({"format": "sci-reader-userdata", "format_version": 1}))
    assert run_cli("userdata", "import", source_json, "--data-dir", other).code == 0
    assert (other / "userdata.sqlite3").exists()
    assert run_cli("bundle", "check", source, "--data-dir", other).code == 0


def test_environment_variable_and_the_option_wins(run_cli, tmp_path, make_bundle, monkeypatch):
    from_env, from_option = tmp_path / "env", tmp_path / "option"
    monkeypatch.setenv("SCI_READER_DATA_DIR", str(from_env))
    assert run_cli("sync", make_bundle(ARTICLES)).code == 0
    assert (from_env / "library.sqlite3").exists()
    status = run_cli("status", "--json").json()
    assert (status["data_dir"], status["articles"]) == (str(from_env.resolve()), 4)
    option = run_cli("--data-dir", from_option, "status", "--json").json()
    assert (option["data_dir"], option["articles"]) == (str(from_option.resolve()), 0)
    option_after = run_cli("status", "--json", "--data-dir", from_option).json()
    assert option_after["data_dir"] == str(from_option.resolve())


def test_an_empty_data_dir_option_is_refused_not_ignored(
    run_cli, tmp_path, make_bundle, monkeypatch
):
    """`--data-dir "$UNSET"` must not fall back to the variable or the user's own folder."""
    from_env = tmp_path / "env"
    monkeypatch.setenv("SCI_READER_DATA_DIR", str(from_env))
    for args in (("--data-dir", "", "sync", make_bundle(ARTICLES)), ("status", "--data-dir=")):
        result = run_cli(*args)
        assert result.code == 2, result
        assert result.err == "sci-reader: --data-dir: is empty; give a folder, or leave it out\n"
    assert not from_env.exists()


def test_version(run_cli):
    result = run_cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"sci-reader {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["sync", "a", "b"],
        ["search"],
        ["show"],
        ["search", "x", "--limit", "many"],
        ["status", "--colour"],
        ["bundle"],
        ["bundle", "explode"],
        ["bundle", "build", "src", "out.zip"],  # --version is required
        ["bundle", "build", "src", "out.zip", "--version", "two"],
        ["userdata"],
        ["userdata", "import"],
        ["list", "--category"],
        ["--data-dir"],
    ],
)
def test_bad_command_line_exits_2(cli, data_dir, args):
    result = cli(*args)
    assert result.code == 2
    assert "usage:" in result.err
    assert "Traceback" not in result.err
    assert not data_dir.exists()


def test_missing_source_exits_2(cli, data_dir, tmp_path):
    for missing in (tmp_path / "nope.zip", tmp_path / "nope"):
        result = cli("sync", missing)
        assert result.code == 2
        assert str(missing) in result.err and "no such file or folder" in result.err
        assert cli("bundle", "check", missing).code == 2
    assert not (data_dir / "library.sqlite3").exists()


@pytest.mark.parametrize("url", ["http://example.invalid/bundle.zip", "https://example.invalid/b/"])
def test_a_web_source_that_cannot_be_reached_exits_2(cli, data_dir, url):
    """`.invalid` never resolves (RFC 2606): the same answer with or without a network."""
    result = cli("sync", url)
    assert result.code == 2
    assert result.err == (
        "sci-reader: Could not reach example.invalid: you seem to be offline (or the address "
        "is misspelt); nothing was changed\n"
    )
    assert not (data_dir / "library.sqlite3").exists()


# --- real processes: exit codes and no traceback --------------------------------


def run_process(*args: object, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def test_process_success_and_version(data_dir, make_bundle):
    done = run_process("sync", make_bundle(ARTICLES), "--json", data_dir=data_dir)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["added"] == 4
    version = run_process("--version", data_dir=data_dir)
    assert (version.returncode, version.stdout.strip()) == (0, f"sci-reader {__version__}")


def _broken(make_bundle, tmp_path, data_dir):
    return ("sync", make_bundle(ARTICLES, edit=lambda s: s.manifest.update(format="x")))


def _older(make_bundle, tmp_path, data_dir):
    from reader.core.library.sync import sync

    sync(data_dir, make_bundle(ARTICLES, version=5))
    return ("sync", make_bundle(ARTICLES, version=4))


def _damaged(make_bundle, tmp_path, data_dir):
    data_dir.mkdir()
    (data_dir / "library.sqlite3").write_bytes(b"\x00garbage" * 1000)
    return ("status",)


def _bad_userdata(make_bundle, tmp_path, data_dir):
    (tmp_path / "bad.json").write_text('{"format": "sci-reader-userdata"', encoding="utf-8")
    return ("userdata", "import", tmp_path / "bad.json")


SCENARIOS = {
    "missing-source": (2, lambda m, t, d: ("sync", t / "missing.zip")),
    "web-source": (2, lambda m, t, d: ("sync", "http://example.org/x.zip")),
    "unknown-id": (2, lambda m, t, d: ("show", "nope")),
    "bad-command-line": (2, lambda m, t, d: ("frobnicate",)),
    "rejected-bundle": (3, _broken),
    "bad-personal-data": (3, _bad_userdata),
    "older-bundle": (4, _older),
    "damaged-library": (5, _damaged),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_process_exit_codes_without_traceback(name, make_bundle, tmp_path, data_dir):
    code, prepare = SCENARIOS[name]
    args = prepare(make_bundle, tmp_path, data_dir)
    done = run_process(*args, data_dir=data_dir)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip(), "an error must say what went wrong"
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    if name != "bad-command-line":
        assert all(line.startswith("sci-reader: ") for line in lines), lines


def test_a_rejected_first_sync_leaves_no_folder_it_made(tmp_path, make_bundle, run_cli):
    """`sync` into a data folder that did not exist makes it; a rejection takes it away again,
    with any parent folders the run made, but never a folder that was already there."""
    broken = make_bundle(ARTICLES, edit=lambda spec: spec.set_file("oldest", "No metadata.\n"))
    parent = tmp_path / "made-by-the-run"
    result = run_cli("--data-dir", parent / "data", "sync", broken)
    assert result.code == 3
    assert not parent.exists()

    there = tmp_path / "already-there"
    there.mkdir()
    assert run_cli("--data-dir", there, "sync", broken).code == 3
    assert there.is_dir() and list(there.iterdir()) == []
