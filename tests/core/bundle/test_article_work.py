"""Parsing an article's hostile metadata and sections takes linear time.

The costly work is done in C (list look-ups, string searches), which no
line count sees, so two sizes' CPU times from the same run are compared
(a ratio, never a time limit): 8 times the text may cost at most 16 times
as much.
"""

from __future__ import annotations

import time

from reader.core.bundle.article import parse_article
from reader.core.bundle.markdown_structure import split_sections
from reader.core.errors import Problem
from tests.bundles import article_text


def cpu_seconds(work, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def categories_line(count: int) -> str:
    return ", ".join(f"topic-{i}" for i in range(count))


def parse_problems(text: str) -> list[str]:
    problems: list[Problem] = []
    parse_article("alpha", text, "articles/alpha.md", problems, {"general"})
    return [p.message for p in problems]


def test_a_long_categories_line_is_parsed_in_linear_time():
    """Issue: 40,000 slugs took 13.6 s (a repeat check on a list); 133,738 over 2 minutes."""
    small, large = (
        cpu_seconds(lambda n=n: parse_problems(article_text("Alpha", categories_line(n))))
        for n in (2_000, 16_000)
    )
    assert large <= 16 * max(small, 1e-3), (small, large)  # the old code: about 60 times


def test_a_long_categories_line_is_reported():
    found = parse_problems(article_text("Alpha", categories_line(16_000)))
    assert any("lists more than 50 categories" in m for m in found), found
    assert any(m.startswith("Categories is ") and "more than the limit" in m for m in found), found


def test_repeated_categories_count_once():
    found = parse_problems(article_text("Alpha", ", ".join(["general"] * 60)))
    assert found == []


def test_split_sections_time_is_linear_in_the_hashes_of_one_line():
    """Each `##` looked back to its line's start: 1 MB of 'a##' took 3.8 s, 100 KB 0.09 s."""

    def text(n: int) -> str:
        return "## Simple Explanation\n\nx" + "a##" * (n // 3)

    small, large = (cpu_seconds(lambda n=n: split_sections(text(n))) for n in (64_000, 512_000))
    assert large <= 16 * max(small, 1e-3), (small, large)  # the old code: about 50 times


def test_split_sections_still_finds_indented_headings_only_at_line_starts():
    preamble, sections = split_sections("x ## no\n   ## Yes\nbody a##b\n    ## four\n##No#\n## Z")
    assert preamble == "x ## no\n"
    assert [(s.heading, s.text) for s in sections] == [
        ("Yes", "body a##b\n    ## four"),
        ("No", ""),
        ("Z", ""),
    ]
