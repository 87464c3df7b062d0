"""The lay-synonym list: everyday words mapped to the words the library's summaries use.

A bundle may carry `synonyms.txt` (listed in the manifest under
`"synonyms"`, see docs/bundle-format.md), so that the publisher who
writes the summaries also keeps the list of what readers type for them.
One rule per line:

    bed sores, bedsores, pressure sores => pressure ulcers, pressure injuries

The left side is what a reader may type, the right side what the library
says; each side is a comma-separated list of one or more words. `#`
starts a comment. Words are letters and digits, compared without case and
accents as the search index compares them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.core.errors import Problem

SYNONYMS_NAME = "synonyms.txt"
MAX_SYNONYMS_BYTES = 256 * 1024
MAX_RULES = 2000
MAX_WORDS_PER_PHRASE = 6

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SynonymRule:
    """One line of the list: what readers type, and what it means in the library."""

    typed: tuple[tuple[str, ...], ...]  # phrases a reader types, as words
    means: tuple[tuple[str, ...], ...]  # the library's phrases, as words


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words without accents, as the index's unicode61 tokenizer cuts them."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return tuple(_WORD.findall(plain))


def parse_synonyms(text: str, where: str, problems: list[Problem]) -> list[SynonymRule]:
    """The rules of a synonyms file; each bad line is a problem, the rest are kept."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        at = f"{where} line {number}"
        if line.count("=>") != 1:
            problems.append(Problem(at, "must be 'everyday words => library words'"))
            continue
        left, right = line.split("=>")
        typed = _phrases(left)
        means = _phrases(right)
        if not typed or not means:
            problems.append(Problem(at, "needs words on both sides of '=>'"))
            continue
        if any(len(p) > MAX_WORDS_PER_PHRASE for p in (*typed, *means)):
            problems.append(Problem(at, f"a phrase has more than {MAX_WORDS_PER_PHRASE} words"))
            continue
        rules.append(SynonymRule(typed, means))
        if len(rules) > MAX_RULES:
            problems.append(Problem(where, f"has more than {MAX_RULES} rules"))
            break
    return rules


def _phrases(side: str) -> tuple[tuple[str, ...], ...]:
    return tuple(words for part in side.split(",") if (words := words_of(part)))


def decode_synonyms(data: bytes, where: str, problems: list[Problem]) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(where, "is not UTF-8 text"))
        return None
    return text.removeprefix("\ufeff")


_SHA256 = re.compile(r"[0-9a-f]{64}")


def parse_synonyms_entry(value: object, bad) -> tuple[str, str, int] | None:
    """The manifest's `"synonyms"` object as (path, sha256, size); None if absent or bad."""
    if value is None:
        return None
    if not isinstance(value, dict):
        bad("synonyms must be an object")
        return None
    path, sha, size = value.get("path"), value.get("sha256"), value.get("size")
    if path != SYNONYMS_NAME:
        bad(f"synonyms: path must be '{SYNONYMS_NAME}'")
    elif not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        bad("synonyms: sha256 must be 64 lowercase hex digits")
    elif not isinstance(size, int) or isinstance(size, bool) or size < 0:
        bad("synonyms: size must be a non-negative integer")
    elif size > MAX_SYNONYMS_BYTES:
        bad(f"synonyms: size {size} is more than the limit of {MAX_SYNONYMS_BYTES} bytes")
    else:
        return path, sha, size
    return None
