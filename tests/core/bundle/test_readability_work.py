"""`bundle check --readability` measures hostile text in linear time.

The grade strips Markdown links with a regular expression; its work is done
in C, so two sizes' CPU times from the same run are compared (a ratio,
never a time limit): 8 times the text may cost at most 16 times as much.
"""

from __future__ import annotations

import time

import pytest

from reader.core.bundle.readability import grade, markdown_to_prose


def cpu_seconds(text: str, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        grade(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize(
    "unit", ["[", "[a](", "[a]", "![", "(", "word "], ids=lambda u: repr(u).strip("'")
)
def test_grade_time_is_linear(unit):
    small, large = (cpu_seconds(unit * (n // len(unit))) for n in (4096, 32768))
    assert large <= 16 * max(small, 1e-3), (unit, small, large)  # the old code: 60 times


def test_links_still_read_as_their_text():
    assert markdown_to_prose("See [the trial](https://x.org/a-b) and [that](x) today.") == [
        "See the trial and that today."
    ]
