"""What a typed query means: its words, their forms, the library's words for them, their spelling.

The people typing often have tremor or limited hand function, and many do
not know the clinical word. So each typed word matches

- itself (the last one, still being typed, as a prefix; a prefix of very
  many words, such as "st", by its most used completions),
- its other forms in the library (walked for walking, paralysis for
  paralysed: `vocabulary.forms`),
- the library's words for an everyday phrase (bed sores -> pressure
  ulcers: the bundle's lay-synonym list),

and every word must match (AND). That is the *exact* query. A word that
is not in the library at all, not even as the start of a word, is taken
for a typing mistake: the *forgiving* query puts its nearest spellings in
its place (`vocabulary.corrections`), and its results come after the
exact ones. The text is only ever turned into quoted FTS5 strings joined
by AND / OR, so no input can make the expression malformed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.bundle.synonyms import words_of
from reader.core.library.synonyms import Synonyms
from reader.core.library.vocabulary import Vocabulary

MAX_WORDS = 24
MIN_PREFIX = 2


@dataclass(frozen=True)
class QueryPlan:
    exact: str | None  # FTS5 MATCH: the words, their forms and synonyms
    exact_can_match: bool  # False when a word is in no article: no need to ask
    forgiving: str | None  # the same with mistyped words corrected; None if none was
    corrected_text: str | None  # the query as corrected, "bladder training"


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _any_of(alternatives: list[str]) -> str:
    unique = list(dict.fromkeys(alternatives))
    return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"


def _all_of(groups: list[str]) -> str:
    return groups[0] if len(groups) == 1 else "(" + " AND ".join(groups) + ")"


def _word_forms(word: str, vocabulary: Vocabulary) -> list[str]:
    return [_quoted(w) for w in vocabulary.forms(word)]


def _phrase_forms(words: tuple[str, ...], vocabulary: Vocabulary) -> list[str]:
    """A phrase of the library's, its last word in each of its forms (pressure ulcer[s])."""
    *first, last = words
    return [_quoted(" ".join([*first, form])) for form in vocabulary.forms(last) or [last]]


def plan_query(text: str, vocabulary: Vocabulary, synonyms: Synonyms) -> QueryPlan | None:
    """The plan for what a person typed, or None if it holds no words."""
    words = list(words_of(text.replace("\0", " ")))[:MAX_WORDS]
    if not words:
        return None
    typing_last = text[-1:].isalnum() and len(words[-1]) >= MIN_PREFIX
    exact: list[str] = []
    forgiving: list[str] = []
    corrected: list[str] = []
    can_match = True
    any_corrected = False
    i = 0
    while i < len(words):
        length, means = synonyms.matches_at(words, i)
        if length:
            phrase = words[i : i + length]
            alternatives = [_quoted(" ".join(phrase))]
            alternatives += [alt for meant in means for alt in _phrase_forms(meant, vocabulary)]
            group = _any_of(alternatives)
            exact.append(group)
            forgiving.append(group)
            corrected += phrase
            i += length
            continue
        word = words[i]
        last = i == len(words) - 1
        as_typed = _quoted(word) + ("*" if last and typing_last else "")
        if last and typing_last and (common := vocabulary.common_completions(word)):
            as_typed = _any_of([_quoted(w) for w in common])
        forms = _word_forms(word, vocabulary)
        known = bool(forms) or word in vocabulary
        if last and typing_last:
            known = known or vocabulary.has_prefix(word)
        exact.append(_any_of([as_typed, *forms]))
        if word.isdigit():
            fixes = []
        elif not known:
            fixes = vocabulary.corrections(word)
        else:  # the library may hold the mistake itself: its matches come first
            fixes = vocabulary.likelier_spellings(word)
        if fixes:
            any_corrected = True
            fixed = [f for fix in fixes for f in (_word_forms(fix, vocabulary) or [_quoted(fix)])]
            forgiving.append(_any_of(([exact[-1]] if known else []) + fixed))
            corrected.append(fixes[0])
        else:
            forgiving.append(exact[-1])
            corrected.append(word)
        can_match = can_match and known
        i += 1
    return QueryPlan(
        exact=" AND ".join(exact),
        exact_can_match=can_match,
        forgiving=" AND ".join(forgiving) if any_corrected else None,
        corrected_text=" ".join(corrected) if any_corrected else None,
    )
