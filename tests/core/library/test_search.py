"""Full-text search: ranking, prefixes, snippets, and any text a person can type."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reader.core.library.search as search_module
from reader.core.library.search import MARK_END, MARK_START, SearchHit, build_match_query, search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec

ARTICLES = {
    "title-match": article_text("Quokka behaviour study", "general", "Nothing more to say here."),
    "body-match": article_text(
        "Something else entirely", "general",
        "A long text that talks about many things. One of them is a quokka. "
        "Another line mentions the quokka again, among other animals.",
    ),
    "stimulation": article_text(
        "Spinal stimulation trial", "walking",
        "Epidural stimulation helped people take steps. Walking improved with training.",
    ),
    "markup": article_text(
        "Symbols in text", "pain", "Dose 5 < 6 & more; <b>bold</b> words about ocelot care.",
    ),
    "accents": article_text("Café conversations", "general", "Talks held in a café about life."),
}  # fmt: skip


@pytest.fixture(params=["one query", "in halves"])
def split(request, monkeypatch):
    """Search as for a small library (one query) or a big one (two halves, two threads)."""
    monkeypatch.setattr(search_module, "SPLIT_FROM", 10**9 if request.param == "one query" else 1)
    return request.param


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    sync(root / "data", bundle_spec(ARTICLES).write(root / "bundle", "dir"))
    return root / "data"


@pytest.fixture(scope="module")
def library(library_dir):
    with open_library(library_dir, create=False) as lib:
        yield lib


def ids(library, text: str, **kwargs) -> list[str]:
    return [h.id for h in search(library, text, **kwargs)]


def test_title_match_ranks_above_body_only_match(library):
    hits = search(library, "quokka")
    assert [h.id for h in hits] == ["title-match", "body-match"]
    assert hits[0].score > hits[1].score > 0


def test_all_words_must_match(library):
    assert ids(library, "quokka behaviour") == ["title-match"]
    assert ids(library, "quokka ocelot") == []


def test_last_word_matches_as_a_prefix(library):
    assert ids(library, "stimul") == ["stimulation"]
    assert ids(library, "Stimul") == ["stimulation"]
    assert ids(library, "walking stimul") == ["stimulation"]
    assert ids(library, "epidural stim") == ["stimulation"]


def test_earlier_words_must_be_complete(library):
    # "stimula" is no word, no form of one, and more than two letters from
    # "stimulation". ("stimul", the stem every form of "stimulate" shares,
    # does find them: tests/core/library/test_search_forgiving.py.)
    assert ids(library, "stimula walking") == []
    assert ids(library, "stimulation walking") == ["stimulation"]
    # a word followed by a space or punctuation is complete
    assert ids(library, "stimula ") == []
    assert ids(library, "stimula.") == []


def test_match_query_is_built_from_quoted_words():
    assert build_match_query("walking stimul") == '"walking" "stimul"*'
    assert build_match_query('say "AND" NEAR(xy') == '"say" "AND" "NEAR" "xy"*'
    # A single letter is not expanded: it would match most of the library.
    assert build_match_query("say x") == '"say" "x"'
    assert build_match_query("trailing space ") == '"trailing" "space"'
    assert build_match_query(' - * " ') is None
    assert build_match_query("") is None


def test_snippet_marks_matched_words(library):
    [hit] = search(library, "epidural")
    assert f"{MARK_START}Epidural{MARK_END}" in hit.snippet
    assert "[Epidural]" in hit.snippet_text
    assert "<mark>Epidural</mark>" in hit.snippet_html
    [hit] = search(library, "stimul")
    assert f"{MARK_START}stimulation{MARK_END}" in hit.snippet


def test_snippet_html_escapes_the_text(library):
    [hit] = search(library, "ocelot")
    assert "<mark>ocelot</mark>" in hit.snippet_html
    assert "<b>" not in hit.snippet_html
    assert "&lt;" in hit.snippet_html
    assert "&amp;" in hit.snippet_html


def test_diacritics_are_ignored(library):
    assert ids(library, "cafe") == ["accents"]
    assert ids(library, "café") == ["accents"]


def test_limit(library):
    assert len(search(library, "quokka", limit=1)) == 1
    assert search(library, "quokka", limit=0) == []


def test_many_words_do_not_raise(library):
    assert search(library, " ".join(["quokka"] * 200)) != []
    assert search(library, "x" * 10_000) == []


AWKWARD = ['"', '""', "", "   ", "AND", "NEAR(", "-", "*", "\x00", "OR", "NOT", "walking OR",
           '"walking', "walk*", "title:walking", "^walking", "NEAR(walking stimulation, 2)",
           "(", ")", "'", ":", "quokka\x00", "\x00quokka", "🙂", "🙂 quokka", "\t\n", "AND OR NOT",
           "+", "a-b", "col:", "{title}: x"]  # fmt: skip


def test_awkward_queries_still_find_words(library):
    assert ids(library, '"quokka"') == ["title-match", "body-match"]
    assert ids(library, "quokka\x00") == ["title-match", "body-match"]
    assert ids(library, "NEAR(epidural") == []
    assert ids(library, "🙂 epidural") == ["stimulation"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "AND",
                    "OR",
                    "NOT",
                    "*",
                    "NEAR(",
                    "-",
                    "\x00",
                    " ",
                    "(",
                    ")",
                    "quokka",
                    "stim",
                    "🙂",
                    "^",
                    ":",
                    "'",
                    "\t",
                    "é",
                ]
            )
        ).map("".join),
    )
)
def test_any_text_never_raises(library, text):
    hits = search(library, text)
    assert isinstance(hits, list)
    for hit in hits:
        assert isinstance(hit, SearchHit)
        assert hit.id in ARTICLES


@pytest.mark.parametrize("text", AWKWARD[:9])
def test_cli_search_awkward_text(run_cli, library_dir, library, text):
    result = run_cli("--data-dir", library_dir, "search", text, "--json")
    assert result.code == 0, result.err
    assert [h["id"] for h in result.json()] == ids(library, text)
    assert result.err == ""


def test_cli_search_json_shape_and_order(cli, make_bundle):
    assert cli("sync", make_bundle(ARTICLES)).code == 0
    hits = cli("search", "quokka", "--json").json()
    assert [h["id"] for h in hits] == ["title-match", "body-match"]
    for hit in hits:
        assert set(hit) == {"id", "title", "plain_title", "snippet", "score"}
        assert isinstance(hit["score"], float)
        assert "[quokka]" in hit["snippet"].lower()
    assert hits[0]["title"] == "Quokka behaviour study"
    assert hits[0]["score"] > hits[1]["score"]
    assert len(cli("search", "quokka", "--limit", "1", "--json").json()) == 1
    text = cli("search", "quokka")
    assert text.out.splitlines()[0] == "title-match  Quokka behaviour study"
    assert cli("search", "zzzz").out.strip() == "No summaries match."
    dashed = cli("search", "--json", "--", "-epidural")
    assert [h["id"] for h in dashed.json()] == ["stimulation"]


@pytest.mark.parametrize(
    "damage",
    [
        "DROP TABLE articles_fts_config",
        "UPDATE articles_fts_config SET v = 99 WHERE k = 'version'",
    ],
    ids=["missing-shadow-table", "wrong-index-format"],
)
def test_damaged_search_index_is_reported_not_hidden(cli, data_dir, make_bundle, damage, split):
    assert cli("sync", make_bundle(ARTICLES)).code == 0
    with sqlite3.connect(data_dir / "library.sqlite3") as conn:
        conn.execute(damage)
    conn.close()
    result = cli("search", "quokka")
    assert result.code == 5
    assert result.err.startswith(f"sci-reader: {data_dir / 'library.sqlite3'}: the library")
    assert "Traceback" not in result.err
    assert cli("status").code == 0


SECTIONED = {
    "sectioned": article_text(
        "Sectioned summary",
        "general",
        body=(
            "## Simple Explanation\n\nPeople practised walking with a harness.\n\n"
            "## Key Findings\n\n1. Balance got better for most.\n\n"
            "## Research Summary\n\nThe team measured balance and gait in a lab.\n\n"
            "## Study Limitations\n\n1. Only adults with a pangolin allergy took part.\n"
        ),
    ),
}


@pytest.fixture(scope="module")
def sectioned(tmp_path_factory):
    root = tmp_path_factory.mktemp("sectioned")
    sync(root / "data", bundle_spec(SECTIONED).write(root / "bundle", "dir"))
    with open_library(root / "data", create=False) as lib:
        yield lib


def test_snippet_comes_from_the_summary_when_it_holds_a_matched_word(sectioned):
    [hit] = search(sectioned, "balance")  # in Key Findings and the Research Summary
    assert hit.snippet_text.startswith("People practised walking")
    assert "[Balance]" in hit.snippet_text
    assert "lab" not in hit.snippet_text


def test_snippet_comes_from_the_details_when_only_they_match(sectioned):
    [hit] = search(sectioned, "pangolin")
    assert "[pangolin]" in hit.snippet_text
    assert "harness" not in hit.snippet_text


def test_snippet_of_a_title_only_match_is_the_title(sectioned):
    [hit] = search(sectioned, "sectioned")
    assert hit.snippet_text == "[Sectioned] summary"


def test_splitting_the_text_does_not_change_ranking(library):
    """Summary and details weigh the same, so bm25 equals one body column's."""
    conn = library.conn
    one_column = sqlite3.connect(":memory:")
    one_column.execute("CREATE VIRTUAL TABLE f USING fts5(title, body)")
    one_column.executemany(
        "INSERT INTO f (rowid, title, body) VALUES (?, ?, ?)",
        conn.execute(
            "SELECT rowid, title, search_summary || char(10) || search_details FROM articles"
        ).fetchall(),
    )
    for word in ("quokka", "stimulation", "walking", "caf"):
        query = build_match_query(word)
        expected = one_column.execute(
            "SELECT rowid, bm25(f, 10.0, 1.0) FROM f WHERE f MATCH ? ORDER BY 2, 1", (query,)
        ).fetchall()
        got = conn.execute(
            "SELECT rowid, bm25(articles_fts, 10.0, 1.0, 1.0) FROM articles_fts"
            " WHERE articles_fts MATCH ? ORDER BY 2, 1",
            (query,),
        ).fetchall()
        assert [r for r, _ in got] == [r for r, _ in expected], word
        assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(got, expected, strict=True))
    one_column.close()


# --- a big library: the ranking split in two halves on two threads -------------


def _results(library, text: str, limit: int, split_from: int) -> list[tuple]:
    old = search_module.SPLIT_FROM
    search_module.SPLIT_FROM = split_from
    try:
        return [
            (h.id, round(h.score, 9), h.snippet, h.categories) for h in search(library, text, limit)
        ]
    finally:
        search_module.SPLIT_FROM = old


@pytest.mark.parametrize("limit", [1, 2, 20])
@pytest.mark.parametrize(
    "text",
    ["quokka", "stimulation walking", "caf", "epidural", "s", "a", "Quokka behaviour", '"', "zz"],
)
def test_search_in_halves_gives_what_one_query_gives(library, text, limit):
    assert library.last_article_rowid() == len(ARTICLES)  # rows 1-2 and 3-5: both halves used
    assert _results(library, text, limit, 1) == _results(library, text, limit, 10**9)


def test_any_text_in_halves_never_raises(library):
    for text in [*AWKWARD, "quokka", "stim", "é", "x" * 500]:
        one_query = _results(library, text, 20, 10**9)
        assert _results(library, text, 20, 1) == one_query, text
        found = [hit[0] for hit in one_query]
        assert len(set(found)) == len(found) and set(found) <= set(ARTICLES), text


def test_the_helper_thread_ends_with_the_library(library_dir, monkeypatch):
    import threading

    def helpers() -> list[str]:
        return [t.name for t in threading.enumerate() if t.name.startswith("library-helper")]

    monkeypatch.setattr(search_module, "SPLIT_FROM", 1)
    before = helpers()
    library = open_library(library_dir, create=False)
    assert [h.id for h in search(library, "quokka")] == ["title-match", "body-match"]
    assert len(helpers()) == len(before) + 1
    library.close()
    assert helpers() == before


def test_the_plain_headline_is_searched_and_returned_both_ways(split, tmp_path):
    from tests.bundles import full_article_text

    headline = "Pelicans walked further with a robot suit"
    articles = {
        "plain": full_article_text("A technical title", "heron", plain_title=headline),
        "other": article_text("Another study", "general", "Nothing about the birds here."),
    }
    sync(tmp_path / "data", bundle_spec(articles).write(tmp_path / "bundle", "dir"))
    with open_library(tmp_path / "data", create=False) as lib:
        (hit,) = search(lib, "pelicans robot")
        assert (hit.id, hit.plain_title, hit.headline) == ("plain", headline, headline)
        assert hit.to_json()["plain_title"] == headline
        (other,) = search(lib, "birds")
        assert (other.plain_title, other.headline) == (None, "Another study")
