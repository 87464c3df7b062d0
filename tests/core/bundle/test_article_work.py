"""Parsing an article's hostile metadata and sections takes linear time.

The costly work is done in C (list look-ups, string searches), which no
line count sees, so two sizes' CPU times from the same run are compared
(a ratio, never a time limit): 8 times the text may cost at most 16 times
as much.
"""

from __future__ import annotations

import time

from reader.core.bundle.article import parse_article
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
