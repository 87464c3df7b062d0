"""Forgiving search on the embedded library: typing mistakes, word forms, lay synonyms.

The expected articles come from the library's own sources (data/library),
read here with a regular expression over each summary's titles and text
(the rest of its metadata block left out, as the index leaves it out), so the tests check search
against the text and not against itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.library.search import find, search
from reader.core.library.store import open_library
from reader.core.library.sync import sync

REPO = Path(__file__).resolve().parents[3]
ARTICLES = REPO / "data" / "library" / "articles"
EMBEDDED = REPO / "data" / "sci-reader-library.zip"
ALL = 100
# The metadata the index holds (`Article.search_texts`), besides the text.
INDEXED_META = r"^(?:Plain-Title|Title|Journal|Evidence-Level|Participants): (.*)$"


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    data = tmp_path_factory.mktemp("forgiving") / "data"
    sync(data, EMBEDDED)
    with open_library(data, create=False, read_only=True) as lib:
        yield lib


def containing(pattern: str) -> set[str]:
    """The articles whose titles, text and indexed metadata match `pattern`."""
    found = set()
    for path in ARTICLES.glob("*.md"):
        meta, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        titles = re.findall(INDEXED_META, meta, re.MULTILINE)
        if re.search(pattern, "\n".join([*titles, body]), re.IGNORECASE):
            found.add(path.stem)
    return found


def ids(library, text: str) -> list[str]:
    return [hit.id for hit in search(library, text, limit=ALL)]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("bladdr", "bladder"),  # a letter missing
        ("exoskeletton", "exoskeleton"),  # a letter too many
        ("wlaking", "walking"),  # two letters swapped
        ("paralisys", "paralysis"),  # two letters wrong
        ("tetrapelgia", "tetraplegia"),
    ],
)
def test_a_mistyped_word_finds_what_the_right_word_finds(library, typed, meant):
    found = find(library, typed, limit=ALL)
    assert {h.id for h in found.hits} == set(ids(library, meant))
    assert found.hits, f"{meant} is in the library"
    assert found.corrected_query == meant
    assert find(library, meant, limit=ALL).corrected_query is None


def test_bladdr_finds_the_bladder_summaries(library):
    expected = containing(r"\bbladders?\b")
    assert "botulinum-toxin-bladder-leaks-trial-2011" in expected
    assert set(ids(library, "bladdr")) == expected


def test_exoskeletton_finds_the_exoskeleton_review(library):
    assert ids(library, "exoskeletton") == ["powered-exoskeleton-walking-review-2016"]


def test_walkin_finds_every_walking_summary(library):
    # Still being typed (the last word), "walkin" is the start of "walking".
    assert set(ids(library, "walkin")) == containing(r"\bwalking")
    assert len(ids(library, "walkin")) >= 7


@pytest.mark.parametrize("typed", ["paralysed", "paralyzed", "paralysis", "paralysed "])
def test_word_forms_and_spellings_find_one_another(library, typed):
    expected = containing(r"\bparaly[sz](is|ed|e|es|ing)\b")
    assert len(expected) >= 5
    assert set(ids(library, typed)) == expected


def test_walk_walked_walking(library):
    walking = set(ids(library, "walking "))
    assert set(ids(library, "walked ")) == walking == set(ids(library, "walk "))
    assert walking == containing(r"\bwalk(s|ed|ing)?\b")


@pytest.mark.parametrize("typed", ["bed sores", "bedsores", "pressure sores", "Bed Sore"])
def test_bed_sores_find_the_pressure_ulcer_summary(library, typed):
    assert ids(library, typed) == ["pressure-ulcers-global-burden-2020"]
    assert containing(r"pressure (ulcers|injuries)") == {"pressure-ulcers-global-burden-2020"}


@pytest.mark.parametrize(
    ("typed", "pattern"),
    [
        ("peeing", r"\b(bladders?|urinary)\b"),
        ("pooing", r"\bbowels?\b"),
        ("spine", r"\bspinal cord\b|\bspines?\b"),
        ("quadriplegic", r"\btetraplegi"),
        ("nerve pain", r"\bneuropathic pain\b|\bnerve pains?\b"),
    ],
)
def test_everyday_words_find_the_library_words(library, typed, pattern):
    expected = containing(pattern)
    assert expected
    assert set(ids(library, typed)) == expected
    assert find(library, typed).corrected_query is None  # a synonym, not a correction


def test_unknown_words_with_nothing_near_find_nothing(library):
    found = find(library, "xylophonist")
    assert found.hits == [] and found.corrected_query is None


def test_exact_search_does_not_correct(library):
    found = find(library, "bladdr", forgive=False)
    assert found.hits == [] and found.corrected_query is None


# Words near the library's and its synonyms, and anything else.
_NEAR = st.sampled_from(
    ["bladdr", "bed", "sores", "sore", "pee", "spine", "walkin", "paralysed", "exo", "AND",
     "NEAR", "*", '"', "(", "-", "bowel", "poo", "quadriplegia", "wlaking", "a", "é", "0"]
)  # fmt: skip


@given(st.lists(st.one_of(_NEAR, st.text(max_size=12)), max_size=8), st.sampled_from(["", " "]))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_with_expansions_never_raises(library, words, end):
    found = find(library, " ".join(words) + end, limit=20)
    hit_ids = [h.id for h in found.hits]
    assert len(hit_ids) == len(set(hit_ids)) <= 20
    assert all(h.score > 0 for h in found.hits)


def test_a_prefix_of_very_many_words_matches_the_most_used_ones(tmp_path):
    from itertools import product

    from tests.bundles import article_text, bundle_spec

    rare = " ".join("zq" + "".join(p) for p in product("abcdefghijk", repeat=2))  # 121 words
    articles = {
        "rare-words": article_text("Rare words", "general", f"Only here: {rare}."),
        **{
            f"common-{i}": article_text(f"Common {i}", "general", "The zqmain word and zqsecond.")
            for i in range(3)
        },
        **{f"other-{i}": article_text(f"Other {i}", "general", "Nothing else.") for i in range(3)},
    }
    sync(tmp_path / "data", bundle_spec(articles).write(tmp_path / "b"))
    with open_library(tmp_path / "data", create=False, read_only=True) as library:
        # 123 words start with "zq": the 16 most used stand for them (a
        # guess while typing: the next letter narrows it).
        assert set(ids(library, "zq")) == {"common-0", "common-1", "common-2", "rare-words"}
        assert ids(library, "zqab") == ["rare-words"]  # one completion: itself
        assert set(ids(library, "zqmai")) == {"common-0", "common-1", "common-2"}
