"""The bundle's lay-synonym list as the library keeps it, and as search looks words up in it.

Sync keeps the list's text in `meta` (key `synonyms`), in the same
transaction as the articles it belongs with: a library never holds one
version's articles with another version's list, and a bundle without a
list removes the old one. Search parses it once per file version.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.bundle.synonyms import SynonymRule, parse_synonyms
from reader.core.library.meta import SYNONYMS_KEY as META_KEY


def store_synonyms(conn: sqlite3.Connection, text: str | None) -> None:
    """Inside the sync's write transaction: the new list, or none."""
    if text is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (META_KEY,))
    else:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (META_KEY, text),
        )


@dataclass(frozen=True)
class Synonyms:
    """Each typed phrase, by its first word: what it means in the library's words."""

    by_first_word: dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]

    def matches_at(self, words: list[str], i: int) -> tuple[int, tuple[tuple[str, ...], ...]]:
        """The longest typed phrase starting at words[i]: (its length, its meanings)."""
        best: tuple[int, tuple[tuple[str, ...], ...]] = (0, ())
        for typed, means in self.by_first_word.get(words[i], ()):
            if tuple(words[i : i + len(typed)]) == typed and len(typed) > best[0]:
                best = (len(typed), means)
        return best


def index_rules(rules: list[SynonymRule]) -> Synonyms:
    by_first: dict = {}
    for rule in rules:
        for typed in rule.typed:
            by_first.setdefault(typed[0], []).append((typed, rule.means))
    return Synonyms(by_first)


NO_SYNONYMS = Synonyms({})
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def synonyms_of(owner: object, read: Callable[[], str | None], stamp: int) -> Synonyms:
    """The library's list, parsed once per `stamp` (the file's data version) for `owner`.

    `read`: the list's text as `meta` holds it, checked (`Library.meta().synonyms`):
    a value that is not text is a damaged library, never a crash in the parser.
    """
    cached = _CACHE.get(owner)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    text = read()
    found = index_rules(parse_synonyms(text, META_KEY, [])) if text is not None else NO_SYNONYMS
    _CACHE[owner] = (stamp, found)
    return found
