"""Which words are forms of one another: walk / walked / walking, paralysis / paralysed / paralyzed.

A word's *form key* is its spelling folded to American (tumour -> tumor,
paralysed -> paralyzed, haemorrhage -> hemorrhage, centre -> center), then
stemmed with the Snowball English stemmer, then with the -ysis / -yze
family joined (paralysis, paralyse, paralytic... share "paralyz"). Two
words with the same key are forms of one word. Keys are only ever compared
with keys, so a fold that makes a non-word ("exercize") does no harm; the
rules only have to avoid joining two different words (hence the length
guards: "four" must not become "for", "hour" "hor", "does" "des").
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# (pattern, replacement), applied in order to a lower-case word.
_FOLDS = [
    # colour, tumour, behaviour(s), labouring; not four, hour, your, flour.
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|able)?$"), r"or\1"),
    # analyse, paralysed, paralysis, dialysing: the -yze family.
    (re.compile(r"(?<=[a-z]{3})ys(e|ed|es|ing|is|er|ers)$"), r"yz\1"),
    # organise, organisation, mobilising; not rise, wise, noise (too short).
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    # haemorrhage, anaemia, paediatric, faeces; not aerobic (word start).
    (re.compile(r"(?<=[a-z])ae(?=[a-z]{2})"), "e"),
    # oedema, oesophagus, oestrogen; diarrhoea, gonorrhoea.
    (re.compile(r"^oe(?=[dsn])"), "e"),
    (re.compile(r"rrhoea"), "rrhea"),
    # centre, fibre, litre, metre(s); not more, there (a vowel before "re").
    (re.compile(r"(?<=[a-z]{2}[bt])re(s|d)?$"), r"er\1"),
]
_FOLD_HINT = re.compile(r"our|ys|is|ae|oe|re")


def fold_spelling(word: str) -> str:
    """British spellings made American, for comparing keys only."""
    if not _FOLD_HINT.search(word):
        return word
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=65536)
def form_key(word: str) -> str:
    """The key that every form of `word` shares (lower-case input expected)."""
    stem = _STEMMER.stemWord(fold_spelling(word))
    # paralysis -> "paralysi", paralyzed -> "paralyz": one family.
    if stem.endswith("yzi") or stem.endswith("ysi"):
        stem = stem[:-3] + "yz"
    elif stem.endswith("yt") and len(stem) > 5:  # paralytic -> "paralyt"
        stem = stem[:-2] + "yz"
    return stem


def search_prefixes(word: str) -> set[str]:
    """Prefixes under which the other forms of `word` are listed, folded.

    A form of a word starts with its key, except where the stemmer turned
    a final y into i (study -> studi: "study" does not start with it) or
    joined the -ysis family ("paralyz": "paralysis" folds to "paralyzis").
    """
    key = form_key(word)
    prefixes = {key}
    if key.endswith("i"):
        prefixes.add(key[:-1] + "y")
    if key.endswith("yz"):
        prefixes.add(key[:-1])  # "paraly": paralytic, paralyse unfolded
    return {p for p in prefixes if len(p) >= 3}
