"""The format's limits on the text inside articles and pages.

Bytes are bounded by the container; this bounds what those bytes can make
the reader do: how long a title or metadata value may be (each is stored and
shown), how many categories an article may list, and how deeply lists and
quotes may nest (Python-Markdown recurses once per level, and a few hundred
levels exhaust Python's stack). `parse_article`
and `read_pages` apply them, so `bundle check`, `bundle build` and sync
all reject the same files.
"""

from __future__ import annotations

import functools
import re

from reader.core.bundle.limits import Limits

SLUG_CHARS = 64  # a category slug's longest length (the manifest's slug pattern)

# A line that may nest deeply: its leading run of indentation and markers is
# at least this long. One level costs at least one character, so a line
# needs `limit + 1` such characters before it can break the limit; the
# regex finds those few lines at C speed and the rest are never looked at.
_STRUCTURE_CHARS = r"[ \t>*+\-0-9.)]"
_MARKER = re.compile(r">|(?:[-+*]|\d+[.)])(?=[ \t]|$)")  # any digits, as Python-Markdown
_SPACES = re.compile(" *")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # a horizontal rule, not a list


def line_depth(line: str, stop: int | None = None) -> int:
    """How deeply a line nests: one per `>`, per list marker and per 4 columns of indent.

    Counting ends once the depth passes `stop`: a hostile line may hold
    half a million markers, and the answer is only compared with a limit.
    """
    if _RULE.match(line):
        return 0
    line = line.expandtabs(4)
    depth = 0
    at = 0
    while stop is None or depth <= stop:
        start = at
        at = _SPACES.match(line, at).end()
        depth += (at - start) // 4
        marker = _MARKER.match(line, at)
        if marker is None:
            break
        depth += 1
        at = marker.end()
    return depth


def nesting_depth(text: str, above: int = 0) -> int:
    """The deepest nesting of any line, counting only lines that may exceed `above`."""
    first, later = _deep_lines(above)
    deepest = line_depth(m.group(), above) if (m := first.match(text)) else 0
    for m in later.finditer(text):
        deepest = max(deepest, line_depth(m.group(1), above))
    return deepest


@functools.lru_cache(maxsize=8)
def _deep_lines(above: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The first line, and every later one, that starts with more than `above` structure chars.

    Later lines are found by the newline before them: a pattern that begins
    with a plain character is searched for at C speed, while `^` in
    MULTILINE mode is tried at every character (ten times slower on the
    library's articles, a sixth of a sync's parsing).
    """
    run = f"{_STRUCTURE_CHARS}{{{above + 1},}}[^\n]*"
    return re.compile(run), re.compile(f"\n({run})")


def markdown_problems(text: str, limits: Limits) -> list[str]:
    """Why this Markdown breaks the text limits (empty if it does not)."""
    found = []
    depth = nesting_depth(text, limits.nesting_depth)
    if depth > limits.nesting_depth:
        found.append(
            f"lists or quotes are nested more than {limits.nesting_depth} levels deep (the limit)"
        )
    return found


def metadata_problems(meta: dict[str, list[str]], limits: Limits) -> list[str]:
    """Why an article's metadata block breaks the limits (empty if it does not).

    `meta` maps lower-cased keys to their lines, as `split_metadata` gives it.
    """
    found = []
    if len(meta) > limits.meta_keys:
        found.append(f"the metadata block has {len(meta)} keys, more than the limit of "
                     f"{limits.meta_keys}")  # fmt: skip
    special = {
        "title": limits.title_chars,
        "plain-title": limits.plain_title_chars,
        "categories": categories_chars(limits),
    }
    for key, values in meta.items():
        if len(values) == 1:  # nearly always: no generator, no join
            length = len(values[0].strip())
        else:
            length = len(" ".join(v for v in values if v).strip())
        limit = special.get(key, limits.meta_value_chars)
        if length > limit:
            found.append(
                f"{_display_key(key)} is {length} characters long, more than the limit of {limit}"
            )
    return found


def categories_chars(limits: Limits) -> int:
    """The longest valid Categories value: the most slugs, each 64 characters and ", ".

    A longer value is refused by its length alone, whatever its slugs.
    """
    return limits.categories_per_article * (SLUG_CHARS + 2)


def _display_key(key: str) -> str:
    """`plain-title` as the format writes it: `Plain-Title`; DOI stays DOI."""
    if key == "doi":
        return "DOI"
    return "-".join(part.capitalize() for part in key.split("-"))
