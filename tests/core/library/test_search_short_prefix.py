"""A query of one word of two letters, still being typed: titles first, when they fill the page.

Ranking every article holding a word that starts with "st" took 55 ms on
10,000 articles; matching the titles only takes a fraction of it. When the
titles do not fill the page, the whole text is searched as for any query.
"""

from __future__ import annotations

import pytest

from reader.core.library.search import find, search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec

LONG_TITLE = "Walking {} after an injury, with a zqlong " + " ".join(["programme"] * 30)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("short-prefix")
    articles = {
        **{
            f"titled-{i}": article_text(LONG_TITLE.format(i), "general", "Plain.") for i in range(3)
        },
        # Ranked above the titles when the whole text is searched: the word, many times.
        **{f"text-{i}": article_text(f"Other {i}", "general", "zqshort " * 40) for i in range(3)},
    }
    sync(tmp / "data", bundle_spec(articles).write(tmp / "b"))
    with open_library(tmp / "data", create=False, read_only=True) as lib:
        yield lib


def ids(library, text: str, limit: int) -> set[str]:
    return {hit.id for hit in search(library, text, limit=limit)}


def test_titles_that_fill_the_page_are_the_results(library):
    assert ids(library, "zq", limit=3) == {"titled-0", "titled-1", "titled-2"}


def test_titles_that_do_not_fill_the_page_give_way_to_the_whole_text(library):
    every = {"titled-0", "titled-1", "titled-2", "text-0", "text-1", "text-2"}
    assert ids(library, "zq", limit=6) == every
    assert len(search(library, "zq", limit=4)) == 4


def test_only_a_lone_two_letter_word_being_typed_is_searched_in_titles(library):
    # A finished word ("zq "), three letters, or two words search the whole text.
    assert len(search(library, "zqs", limit=3)) == 3
    assert ids(library, "zqs", limit=3) == {"text-0", "text-1", "text-2"}
    assert ids(library, "zqshort zq", limit=3) == {"text-0", "text-1", "text-2"}
    assert find(library, "zq ", limit=3).hits == []  # a whole word nothing holds
