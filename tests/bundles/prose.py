"""English-looking text for the synthetic library: one article's Markdown from a seed.

Every article is about 5 KB: a metadata block with every field, then the
five known sections, written from seeded templates over the words in
`words.py`. Topic words follow the article's categories, so searches find
the articles they should; a Zipf-distributed tail of made-up names gives the
search index a realistic vocabulary. The same (seed, index, revision) always
gives the same text.
"""

from __future__ import annotations

import bisect
import random
import re
from datetime import date, timedelta

from tests.bundles.words import (
    ADJECTIVES,
    ADVERBS,
    CATEGORIES,
    COUNTS,
    DURATIONS,
    EVIDENCE,
    JOURNALS,
    KINDS,
    LIMIT_PHRASES,
    NOUNS,
    NUMBERS,
    PEOPLE,
    TEMPLATES,
    TIMES,
    TOPICS,
    VERBS,
    VERBS_PAST,
)


def _rare_words(seed: int, count: int) -> list[str]:
    """A long tail of made-up names (drugs, genes, places), stable per seed.

    They never contain 'q' or 'x', so a marker word starting with 'qx' can
    never be the prefix of one of them.
    """
    rng = random.Random(f"{seed}:rare")
    onsets = ["b", "br", "c", "cl", "d", "dr", "f", "g", "gl", "h", "k", "l", "m", "n", "p",
              "pr", "r", "s", "st", "t", "tr", "v", "z", "th", "ch"]  # fmt: skip
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "y"]
    codas = ["", "n", "r", "l", "s", "m", "t", "nd", "st"]
    suffixes = ["ine", "ol", "ide", "ate", "mab", "in", "ford", "ton", "ase", "ium", "ex", ""]
    words: set[str] = set()
    result: list[str] = []
    while len(result) < count:
        parts = [rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                 for _ in range(rng.randint(1, 3))]  # fmt: skip
        word = ("".join(parts) + rng.choice(suffixes)).replace("x", "ks")
        if len(word) >= 5 and word not in words:
            words.add(word)
            result.append(word)
    return result


class _Vocabulary:
    """Zipf-weighted pickers, built once per seed."""

    def __init__(self, seed: int):
        self.rare = _rare_words(seed, 30_000)
        self.rare_cum = _zipf_cum(len(self.rare))
        self.nouns_cum = _zipf_cum(len(NOUNS))
        self.adj_cum = _zipf_cum(len(ADJECTIVES))
        self.people_cum = _zipf_cum(len(PEOPLE))


def _zipf_cum(n: int) -> list[float]:
    total = 0.0
    cum = []
    for rank in range(n):
        total += 1.0 / (rank + 2.7)
        cum.append(total)
    return cum


_VOCABULARIES: dict[int, _Vocabulary] = {}


def _vocabulary(seed: int) -> _Vocabulary:
    if seed not in _VOCABULARIES:
        _VOCABULARIES[seed] = _Vocabulary(seed)
    return _VOCABULARIES[seed]


_A_AN = re.compile(r"\b([Aa]) ([aeiouAEIOU])")


class _Lazy(dict):
    """Template values made only when the template uses them."""

    def __init__(self, makers: dict, **values: object):
        super().__init__(values)
        self.makers = makers

    def __missing__(self, key: str) -> object:
        value = self[key] = self.makers[key]()
        return value


class _Writer:
    """Sentences for one article; all randomness from one seeded generator."""

    def __init__(self, rng: random.Random, vocab: _Vocabulary, topics: list[str]):
        self.rng = rng
        self.vocab = vocab
        self.primary = TOPICS[topics[0]]
        self.secondary = [term for slug in topics[1:] for term in TOPICS[slug]] or self.primary
        # A few made-up names recur within one article, as real names do.
        self.local_rare = rng.choices(vocab.rare, cum_weights=vocab.rare_cum, k=4)
        pick = self._pick
        self.makers = {
            "t2": lambda: pick(self.secondary),
            "n": self._noun,
            "n2": self._noun,
            "n3": self._noun,
            "a": self._adj,
            "a2": self._adj,
            "v": lambda: pick(VERBS_PAST),
            "vb": lambda: pick(VERBS),
            "adv": lambda: pick(ADVERBS),
            "r": self._rare,
            "r2": self._rare,
            "pct": lambda: rng.randint(5, 60),
            "people": self._people,
            "dur": lambda: pick(DURATIONS),
            "kind": lambda: pick(KINDS),
            "time": lambda: pick(TIMES),
            "year": lambda: rng.randint(1995, 2025),
        }

    def _zipf(self, words: list[str], cum: list[float]) -> str:
        return words[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def _noun(self) -> str:
        return self._zipf(NOUNS, self.vocab.nouns_cum)

    def _adj(self) -> str:
        return self._zipf(ADJECTIVES, self.vocab.adj_cum)

    def _people(self) -> str:
        return self._zipf(PEOPLE, self.vocab.people_cum)

    def _rare(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return rng.choice(self.local_rare).capitalize()
        return self._zipf(self.vocab.rare, self.vocab.rare_cum).capitalize()

    def _pick(self, seq: list) -> object:
        return seq[int(self.rng.random() * len(seq))]

    def sentence(self) -> str:
        rng = self.rng
        pick = self._pick
        template = pick(TEMPLATES)
        t = pick(self.primary) if rng.random() < 0.7 else pick(self.secondary)
        num = pick(NUMBERS)
        values = _Lazy(self.makers, t=t, T=t[0].upper() + t[1:], num=num, Num=str(num))
        return template.format_map(values)

    def paragraph(self, sentences: int) -> str:
        return _A_AN.sub(r"\1n \2", " ".join(self.sentence() for _ in range(sentences)))


def article_id(seed: int, index: int) -> str:
    """The stable id of article `index` (the same in every version)."""
    rng = random.Random(f"{seed}:id:{index}")
    slug = rng.choice(CATEGORIES)[0]
    word = rng.choice(TOPICS[slug]).lower().replace(" ", "-").replace("'", "")
    return f"{word}-{rng.choice(KINDS)}-{index:05d}"


def fixed_facts(seed: int, index: int, base_count: int) -> dict:
    """What never changes between revisions: categories, added date, journal..."""
    rng = random.Random(f"{seed}:facts:{index}")
    slugs = [c[0] for c in CATEGORIES]
    # Skewed: some categories are much bigger than others, as in real life.
    weights = [1.0 / (k + 1.5) for k in range(len(slugs))]
    chosen: list[str] = []
    while len(chosen) < rng.choice((2, 2, 3)):
        slug = rng.choices(slugs, weights=weights)[0]
        if slug not in chosen:
            chosen.append(slug)
    year = rng.randint(1998, 2025)
    published = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    if index < base_count:
        added = date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365))
    else:  # added in a later version: newer than the base set
        added = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
    return {
        "categories": chosen,
        "year": year,
        "published": published.isoformat(),
        "added": added.isoformat(),
        "journal": rng.choice(JOURNALS),
        "doi": f"10.{rng.randint(1000, 9999)}/j.{rng.randint(10**6, 10**7)}",
        "evidence": rng.choice(EVIDENCE),
        "participants": f"{rng.choice(COUNTS)} {rng.choice(PEOPLE[4:])}",
        "duration": rng.choice(DURATIONS),
    }


def article_text(
    seed: int, index: int, revision: int = 0, marker: str | None = None, base_count: int = 0
) -> str:
    """The Markdown of article `index` at `revision` (about 5 KB)."""
    facts = fixed_facts(seed, index, base_count or index + 1)
    rng = random.Random(f"{seed}:text:{index}:{revision}")
    writer = _Writer(rng, _vocabulary(seed), facts["categories"])
    topic = rng.choice(writer.primary)
    title_topic = topic[0].upper() + topic[1:]
    title = rng.choice(
        [
            f"{title_topic} and {rng.choice(writer.secondary)} in {rng.choice(PEOPLE[4:])}",
            f"Does {topic} help {rng.choice(PEOPLE[4:])}? A {rng.choice(KINDS)}",
            f"{title_topic} after spinal cord injury: a {rng.choice(KINDS)}",
            f"Effects of {topic} on {rng.choice(writer.secondary)}",
        ]
    )
    title = _A_AN.sub(r"\1n \2", title)
    if revision:
        title += f" (update {revision})"
    lines = [
        f"Title: {title}",
        f"Categories: {', '.join(facts['categories'])}",
        f"Journal: {facts['journal']}",
        f"Year: {facts['year']}",
        f"DOI: {facts['doi']}",
        f"Published: {facts['published']}",
        f"Evidence-Level: {facts['evidence']}",
        f"Participants: {facts['participants']}",
        f"Study-Duration: {facts['duration']}",
        "",
        "## Simple Explanation",
        "",
        writer.paragraph(rng.randint(7, 9)),
        "",
        "## Key Findings",
        "",
    ]
    for k in range(rng.randint(5, 7)):
        lines.append(f"{k + 1}. {writer.paragraph(2)}")
    summary = [writer.paragraph(rng.randint(8, 10)) for _ in range(3)]
    if marker:
        summary[1] += f" This revision adds the {marker} measure to the {topic} results."
    lines += ["", "## Research Summary", "", "\n\n".join(summary), "", "## Practical Implications"]
    for _ in range(rng.randint(2, 3)):
        heading = rng.choice(["What this may mean for you", "Questions to ask", "At home",
                              "In the clinic", "For carers", "Before you try it"])  # fmt: skip
        lines += ["", f"### {heading}", "", writer.paragraph(rng.randint(4, 5))]
    lines += ["", "## Study Limitations", ""]
    for k, phrase in enumerate(rng.sample(LIMIT_PHRASES, rng.randint(2, 4))):
        lines.append(
            f"{k + 1}. "
            + phrase.format(
                n=rng.randint(6, 60),
                dur=rng.choice(DURATIONS),
                topic=topic,
                topic2=rng.choice(writer.secondary),
                people=rng.choice(PEOPLE[4:]),
                noun=rng.choice(["clinic", "hospital", "centre", "region"]),
            )
        )
    return "\n".join(lines) + "\n"
