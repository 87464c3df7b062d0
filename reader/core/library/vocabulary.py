"""The library's words, for finding a word's other forms and a mistyped word's right spelling.

The words are those of the search index itself (FTS5's `fts5vocab` view of
it), read once per connection and kept in memory: 17,000 words (about 2 MB)
for a 10,000-article library, read in about 0.2 s, a few milliseconds for
the embedded library. Nothing is stored: the index is the one source, so
the vocabulary can never disagree with it. It is read again when the file
has changed since (`PRAGMA data_version` moves when another connection,
such as a sync, commits).

Typing mistakes are found with rapidfuzz's optimal string alignment
distance (a swap of two letters counts as one mistake) over the words of
about the same length: about 1 ms for the 10,000-article library.
"""

from __future__ import annotations

import bisect
import sqlite3
import weakref
from dataclasses import dataclass, field

from reader.core.library.wordforms import form_key, search_prefixes

MAX_FORMS = 12
MAX_CORRECTIONS = 3
# The most letters a correction may change: none in a word of up to three
# letters (there every word is one mistake from many others), one up to
# five, two from six.
SHORTEST_FOR_ONE = 4
SHORTEST_FOR_TWO = 6

# A word being typed that starts more words than this is matched by its
# COMMON_COMPLETIONS most used ones instead (`common_completions`).
EXPAND_PREFIX_FROM = 100
COMMON_COMPLETIONS = 16
# A word in at most this many articles may be a typing mistake in the library itself.
RARE_DOCS = 2

_VOCAB_TABLE = "temp.sci_reader_vocabulary"


def allowed_mistakes(word: str) -> int:
    if len(word) >= SHORTEST_FOR_TWO:
        return 2
    return 1 if len(word) >= SHORTEST_FOR_ONE else 0


@dataclass
class Vocabulary:
    terms: list[str]  # sorted, as the index holds them (lower case, no diacritics)
    docs: dict[str, int]
    articles: int = 0  # how many the index holds
    stamp: int = -1
    _by_length: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            self._by_length.setdefault(len(term), []).append(term)

    def __contains__(self, word: str) -> bool:
        return word in self.docs

    def has_prefix(self, prefix: str) -> bool:
        """Whether some word starts with `prefix` (the word being typed)."""
        i = bisect.bisect_left(self.terms, prefix)
        return i < len(self.terms) and self.terms[i].startswith(prefix)

    def _starting_with(self, prefix: str) -> list[str]:
        low = bisect.bisect_left(self.terms, prefix)
        high = bisect.bisect_left(self.terms, prefix + "\U0010ffff", low)
        return self.terms[low:high]

    def common_completions(self, prefix: str) -> list[str] | None:
        """The most used words starting with `prefix`, when it starts very many; else None.

        FTS5 answers `st*` by merging the lists of all 679 words starting
        with "st" (29 ms on 10,000 articles), then ranks every row; the 16
        most used of them find nearly the same rows in 1 ms and rank in
        half the time. A word still being typed is a guess anyway: the next letter
        narrows it.
        """
        words = self._starting_with(prefix)
        if len(words) <= EXPAND_PREFIX_FROM:
            return None
        # Words in most articles ("with", "which" for "wh") weigh nothing in
        # bm25 (their IDF is floored near 0) but make it rank every row.
        telling = [w for w in words if self.docs[w] <= self.articles // 2] or words
        return sorted(telling, key=lambda w: (-self.docs[w], w))[:COMMON_COMPLETIONS]

    def _most_docs_starting_with(self, prefix: str) -> int:
        """The most articles any word starting with `prefix` is in (a word still being typed)."""
        words = self._starting_with(prefix)
        return max((self.docs[w] for w in words[:64]), default=0) if len(words) <= 64 else 10**9

    def forms(self, word: str) -> list[str]:
        """The library's words that are forms of `word` (itself included if present)."""
        if len(word) < 3 or not word.isalpha():
            return [word] if word in self.docs else []
        key = form_key(word)
        found: set[str] = set()
        for prefix in _with_british_prefixes(search_prefixes(word), key):
            # Folding changes at most the last letters of a key ("tumor" /
            # "tumour"): look one letter earlier, then keep the same keys.
            start = prefix[:-1] if len(prefix) >= 5 else prefix
            found.update(t for t in self._starting_with(start) if form_key(t) == key)
        ranked = sorted(found, key=lambda t: (t != word, -self.docs[t], t))
        return ranked[:MAX_FORMS]

    def likelier_spellings(self, word: str) -> list[str]:
        """For a word in very few articles: much commoner words a mistake away.

        A library can hold a typing mistake of its own ("bladdr" once); a
        reader who typed it most likely meant the word 500 articles use.
        """
        docs = self.docs.get(word, 0) or self._most_docs_starting_with(word)
        if docs > RARE_DOCS:
            return []
        return [t for t in self.corrections(word) if self.docs[t] >= max(5, 10 * docs)]

    def corrections(self, word: str) -> list[str]:
        """The nearest words within the mistakes allowed, most used first."""
        most = allowed_mistakes(word)
        if not most:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        lengths = range(len(word) - most, len(word) + most + 1)
        choices = [t for n in lengths for t in self._by_length.get(n, ())]
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=most, limit=None)
        found = [f for f in found if f[0] != word]
        if not found:
            return []
        best = min(distance for _, distance, _ in found)
        nearest = [term for term, distance, _ in found if distance == best]
        nearest.sort(key=lambda t: (-self.docs[t], t))
        return nearest[:MAX_CORRECTIONS]


def _with_british_prefixes(prefixes: set[str], key: str) -> set[str]:
    """Also the British spellings' starts: hemorrhage <- haemorrhage, edema <- oedema."""
    more = set(prefixes)
    for prefix in prefixes:
        if prefix.startswith("e"):
            more.add("o" + prefix)
        i = prefix.find("e", 1)
        if 0 < i < 5 and prefix[i - 1] not in "aeiou":
            more.add(prefix[:i] + "a" + prefix[i:])
    return more


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Reads started early on another thread (`read_early`): owner -> (stamp, Future).
_EARLY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def read_early(owner: object, conn: sqlite3.Connection, helper) -> None:
    """Start reading the vocabulary on `helper`'s thread, so the first keystroke does not.

    On 10,000 articles the read takes 0.2-0.6 s; a window calls this when
    the search field gets focus. `conn` is the caller's own connection: its
    data version is the stamp, taken BEFORE the helper reads, so the words
    read are at least as new as the stamp says (a sync committing in between
    only makes the stamp look old, and the next search reads again).
    """
    stamp = conn.execute("PRAGMA data_version").fetchone()[0]
    cached = _CACHE.get(owner)
    early = _EARLY.get(owner)
    if (cached is not None and cached.stamp == stamp) or (early is not None and early[0] == stamp):
        return
    _EARLY[owner] = (stamp, helper.call(_read))


def vocabulary_of(owner: object, conn: sqlite3.Connection) -> Vocabulary:
    """The vocabulary of the index `conn` reads, cached for `owner` (a Library)."""
    stamp = conn.execute("PRAGMA data_version").fetchone()[0]
    cached = _CACHE.get(owner)
    if cached is not None and cached.stamp == stamp:
        return cached
    early = _EARLY.pop(owner, None)
    # A read under way: waiting for it costs less than reading again.
    vocabulary = early[1].result() if early is not None and early[0] == stamp else _read(conn)
    vocabulary.stamp = stamp
    _CACHE[owner] = vocabulary
    return vocabulary


def _read(conn: sqlite3.Connection) -> Vocabulary:
    # The view is a table in the connection's own temporary schema, which
    # a connection told to write nothing (`query_only`, the read-only
    # commands) may not create: the library file itself is never written.
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    if query_only:
        conn.execute("PRAGMA query_only = 0")
    try:
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB_TABLE}"
            " USING fts5vocab(main, articles_fts, 'row')"
        )
    finally:
        if query_only:
            conn.execute("PRAGMA query_only = 1")
    rows = conn.execute(f"SELECT term, doc FROM {_VOCAB_TABLE}").fetchall()
    articles = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    return Vocabulary(terms=[row[0] for row in rows], docs=dict(rows), articles=articles)
