"""A bundle's own files under Hypothesis: any article, page or synonym list is read or refused.

The manifest may be signed and still list hostile files: the publisher's
machine, or whoever wrote the bundle, chooses every byte. Whatever an
article, a page or `synonyms.txt` holds (random bytes, invalid UTF-8, a
valid file cut short or with one byte changed, NUL and control
characters, deep nesting, huge numbers), reading it gives a result or
problems in words, `bundle check` and sync agree on which, and a refused
sync leaves no library behind. The parsers alone are fuzzed harder below.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.bundle.article import parse_article
from reader.core.bundle.markdown_structure import decode_markdown, page_body
from reader.core.bundle.synonyms import (
    MAX_RULES,
    MAX_WORDS_PER_PHRASE,
    decode_synonyms,
    parse_synonyms,
)
from reader.core.bundle.walk import check_bundle
from reader.core.errors import BundleRejected, Problem
from reader.core.library.sync import sync
from reader.core.model import Article
from reader.core.paths import LIBRARY_FILE
from tests.bundles import article_text, bundle_spec

VALID = {
    "article": article_text("Walking", "general", "Plain words.").encode(),
    "page": b"## What this is\n\nA small test library.\n",
    "synonyms": b"bed sores, pressure sores => pressure ulcers\n# a comment\n",
}
PIECES = [
    "Title: ", "Categories: ", "general", "pain, walking", "Year: ", "9" * 5000, "Doi: ",
    "Study-Type: ", "---\n", "...\n", "\n", "\n\n", "## ", "### ", "# ", "```\n", "~~~",
    "> " * 40, "- " * 40, "    ", "\t", "\x00", "\x1b[2J", "\u202e", "\ufeff", "\r", "\r\n",
    "é", "=>", ",", "#", "[a](javascript:x)", "<script>", "&#0;", "a", "Words. ",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=50).map("".join)


def _mutated(data: bytes, at: int, value: int) -> bytes:
    at %= len(data)
    return data[:at] + bytes([value]) + data[at + 1 :]


def contents(kind: str) -> st.SearchStrategy[bytes]:
    valid = VALID[kind]
    return st.one_of(
        st.binary(max_size=300),
        texts.map(lambda t: t.encode("utf-8", "surrogatepass")),  # a surrogate: invalid UTF-8
        st.integers(0, len(valid)).map(lambda n: valid[:n]),
        st.tuples(st.integers(0, len(valid)), st.integers(0, 255)).map(
            lambda t: _mutated(valid, *t)
        ),
        texts.map(lambda t: valid + t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc0\x80", b"\xff\xfe"]).map(
            lambda head: head + valid
        ),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["article", "page", "synonyms"]).flatmap(
        lambda k: st.tuples(st.just(k), contents(k))
    )
)
def test_any_file_in_a_bundle_is_read_or_refused_alike_by_check_and_sync(kind_content):
    kind, content = kind_content
    spec = bundle_spec()
    if kind == "synonyms":
        spec.set_synonyms(content)
    else:
        spec.set_file("beta-study" if kind == "article" else "about", content)
    with tempfile.TemporaryDirectory() as tmp:
        source = spec.write(Path(tmp) / "bundle")
        try:
            check_bundle(source)
            checked = None
        except BundleRejected as exc:
            checked = exc.problems
        data = Path(tmp) / "data"
        try:
            sync(data, source)
            synced = None
        except BundleRejected as exc:
            synced = exc.problems
            assert not (data / LIBRARY_FILE).exists()  # a refused first sync leaves nothing
    assert (checked is None) == (synced is None)
    for problems in (checked, synced):
        assert all(isinstance(p, Problem) and p.message for p in problems or [])


# --- the parsers alone ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_article_or_page_bytes_parse_to_a_result_or_problems(data):
    problems: list[Problem] = []
    text = decode_markdown(data, "articles/x.md", problems)
    if text is None:
        assert [p.where for p in problems] == ["articles/x.md"]
        return
    assert "\r" not in text
    article = parse_article("x", text, "articles/x.md", problems, {"general", "pain"})
    assert article is None or isinstance(article, Article)
    assert (article is None) == bool(problems)
    body = page_body(text)
    assert isinstance(body, str) and text.endswith(body)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_synonym_list_gives_rules_and_problems_per_line(data):
    problems: list[Problem] = []
    text = decode_synonyms(data, "synonyms.txt", problems)
    if text is None:
        assert [p.where for p in problems] == ["synonyms.txt"]
        return
    rules = parse_synonyms(text, "synonyms.txt", problems)
    assert len(rules) <= MAX_RULES + 1
    for rule in rules:
        assert rule.typed and rule.means
        for phrase in (*rule.typed, *rule.means):
            assert 1 <= len(phrase) <= MAX_WORDS_PER_PHRASE and all(phrase)
    assert all(p.where.startswith("synonyms.txt") for p in problems)
