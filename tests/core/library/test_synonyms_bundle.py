"""The lay-synonym list inside a bundle: built, checked, synced, replaced, removed; and the
vocabulary search corrects from, read again after a sync."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from reader.core.bundle.builder import build_bundle
from reader.core.bundle.walk import check_bundle
from reader.core.errors import BundleRejected
from reader.core.library.search import find
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec, source_folder

ARTICLES = {
    "ulcers": article_text("Skin care study", "general", "Pressure ulcers healed faster."),
    "steps": article_text("Stepping trial", "walking", "People walked further each week."),
}
SYNONYMS = "# comment\nbed sores, bedsores => pressure ulcers\n\nstrolling => walked  # inline\n"


def ids(data_dir, text: str, **kwargs) -> list[str]:
    with open_library(data_dir, create=False, read_only=True) as library:
        return [h.id for h in find(library, text, **kwargs).hits]


def test_sync_keeps_the_list_and_a_next_version_without_it_drops_it(tmp_path):
    spec = bundle_spec(ARTICLES)
    spec.set_synonyms(SYNONYMS)
    data = tmp_path / "data"
    sync(data, spec.write(tmp_path / "v1"))
    assert ids(data, "bed sores") == ["ulcers"]
    assert ids(data, "strolling") == ["steps"]
    assert ids(data, "bed sores", forgive=False) == ["ulcers"]  # a synonym is no correction

    changed = spec.copy()
    changed.manifest["version"] = 2
    changed.set_synonyms("strolling => pressure ulcers\n")
    sync(data, changed.write(tmp_path / "v2"))
    assert ids(data, "strolling") == ["ulcers"]
    assert ids(data, "bedsores") == []

    gone = spec.copy()
    gone.manifest["version"] = 3
    gone.set_synonyms(None)
    sync(data, gone.write(tmp_path / "v3"))
    assert ids(data, "strolling") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bed sores pressure ulcers\n", "line 1: must be 'everyday words => library words'"),
        ("ok => fine\n => pressure\n", "line 2: needs words on both sides of '=>'"),
        ("a => b => c\n", "line 1: must be"),
    ],
)
def test_a_broken_list_is_rejected_with_its_line(tmp_path, text, problem):
    spec = bundle_spec(ARTICLES)
    spec.set_synonyms(text)
    with pytest.raises(BundleRejected) as caught:
        check_bundle(spec.write(tmp_path / "b"))
    assert any(problem in str(p) for p in caught.value.problems), caught.value.problems
    with pytest.raises(BundleRejected):
        sync(tmp_path / "data", tmp_path / "b")
    assert not (tmp_path / "data" / "library.sqlite3").exists() or ids(tmp_path / "data", "a") == []


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"path": "other.txt"}, "synonyms: path must be 'synonyms.txt'"),
        ({"sha256": "0" * 64}, "sha256 does not match"),
        ("synonyms.txt", "synonyms must be an object"),
    ],
)
def test_a_wrong_manifest_entry_is_rejected(tmp_path, entry, problem):
    spec = bundle_spec(ARTICLES)
    spec.set_synonyms(SYNONYMS)
    if isinstance(entry, dict):
        spec.manifest["synonyms"].update(entry)
    else:
        spec.manifest["synonyms"] = entry
    with pytest.raises(BundleRejected) as caught:
        check_bundle(spec.write(tmp_path / "b"))
    assert any(problem in str(p) for p in caught.value.problems), caught.value.problems


def test_the_builder_ships_the_list_and_lists_it(tmp_path):
    src = source_folder(tmp_path / "src", ARTICLES)
    (src / "synonyms.txt").write_text(SYNONYMS, encoding="utf-8")
    out = build_bundle(src, tmp_path / "out.zip", 1).path
    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert z.read("synonyms.txt").decode() == SYNONYMS
    assert manifest["synonyms"]["path"] == "synonyms.txt"
    assert manifest["synonyms"]["size"] == len(SYNONYMS.encode())
    sync(tmp_path / "data", out)
    assert ids(tmp_path / "data", "bedsores") == ["ulcers"]


def test_an_older_reader_ignores_the_list(tmp_path):
    """What an app without this feature does: the manifest key and the file are unknown to it.

    Its rules (docs/bundle-format.md): unknown manifest keys and unlisted
    container entries are ignored. Run as such a reader would, the bundle's
    articles import and the list is simply not used.
    """
    spec = bundle_spec(ARTICLES)
    spec.set_synonyms(SYNONYMS)
    bundle = spec.write(tmp_path / "b", "zip")
    code = (
        "import sys\n"
        "from reader.core.bundle import manifest, walk\n"
        "from reader.core.library import sync\n"
        "manifest.parse_synonyms_entry = lambda value, bad: None\n"  # knows no such key
        "walk.read_synonyms = sync.read_synonyms = lambda *a: None\n"
        "sync.sync(sys.argv[1], sys.argv[2])\n"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "data"), str(bundle)], check=True)
    assert ids(tmp_path / "data", "walked") == ["steps"]
    assert ids(tmp_path / "data", "bed sores") == []


def test_the_vocabulary_follows_a_sync_by_another_connection(tmp_path):
    spec = bundle_spec(ARTICLES)
    data = tmp_path / "data"
    sync(data, spec.write(tmp_path / "v1"))
    with open_library(data, create=False, read_only=True) as library:
        assert find(library, "quokkka").hits == []  # "quokka" is in no article yet
        spec.manifest["version"] = 2
        spec.add_article("quokka", article_text("Quokka study", "general", "Quokka."), "2025-06-01")
        sync(data, spec.write(tmp_path / "v2"))
        found = find(library, "quokkka")
        assert [h.id for h in found.hits] == ["quokka"]
        assert found.corrected_query == "quokka"


def test_a_mistake_the_library_holds_itself_ranks_above_the_corrected_word(tmp_path):
    articles = {
        "typo": article_text("One study", "general", "A full bladdr can trigger it."),
        **{
            f"right-{i}": article_text(f"Study {i}", "general", "The bladder was trained.")
            for i in range(12)
        },
    }
    data = tmp_path / "data"
    sync(data, bundle_spec(articles).write(tmp_path / "b"))
    with open_library(data, create=False, read_only=True) as library:
        found = find(library, "bladdr")
        assert found.hits[0].id == "typo"
        assert {h.id for h in found.hits[1:]} == {f"right-{i}" for i in range(12)}
        assert found.corrected_query is None  # something matched as typed
        assert found.hits[0].score > max(h.score for h in found.hits[1:])
        assert [h.id for h in find(library, "bladdr", forgive=False).hits] == ["typo"]
