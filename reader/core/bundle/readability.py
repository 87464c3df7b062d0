"""Plain-language measurement for summaries.

The library is read by tired, anxious people, often through a magnifier, so
the project holds every summary to a reading grade. This module computes the
Flesch-Kincaid grade of Markdown text without any third-party dependency: the
syllable count is the usual vowel-group heuristic, good to a fraction of a
grade on English prose, which is all a limit check needs.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import TextIO

from reader.core.model import Article

SIMPLE_EXPLANATION_MAX_GRADE = 8.0
ARTICLE_MAX_GRADE = 10.0
# Targets the report points out without failing the check: the plain
# headline, the cards (Participants, Study Duration, Evidence Level) and the
# Key Findings are read first, so they are held to the Simple Explanation's
# grade; and no sentence a reader must hold in mind should run past 25 words.
PARTS_TARGET_GRADE = 8.0
SENTENCE_TARGET_WORDS = 25

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A sentence ends at . ! ? or : followed by space/end; list items and
# paragraphs end sentences too (handled by splitting on lines first).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# No bracket inside the text nor parenthesis inside the target: each match
# attempt stops at the next bracket, so a run of "[" costs linear time
# (with [^\]]* a 32 KB run took 3.6 s, 128 KB a minute).
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MD_MARKUP = re.compile(r"[*_`>#]+")
_LIST_MARKER = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+")


def count_syllables(word: str) -> int:
    """Approximate English syllables: vowel groups, minus a silent final e."""
    w = word.lower().strip("'’")
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    groups = re.findall(r"[aeiouy]{1,2}", w)
    return max(1, len(groups))


@dataclass(frozen=True)
class TextStats:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (0.0 for empty text)."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59


def markdown_to_prose(markdown_text: str) -> list[str]:
    """Turn Markdown into a list of plain-text blocks (paragraphs, list items).

    Headings are dropped: they are labels, not sentences a reader parses.
    """
    blocks: list[str] = []
    current: list[str] = []
    for raw in markdown_text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if current:
                blocks.append(" ".join(current))
                current = []
            continue
        if _LIST_MARKER.match(line):
            if current:
                blocks.append(" ".join(current))
            current = [_LIST_MARKER.sub("", line)]
            continue
        current.append(line)
    if current:
        blocks.append(" ".join(current))
    cleaned = []
    for block in blocks:
        block = _MD_LINK.sub(r"\1", block)
        block = _MD_MARKUP.sub("", block)
        cleaned.append(block.strip())
    return [b for b in cleaned if b]


def sentences_of(markdown_text: str) -> list[str]:
    """The text's sentences as plain text (paragraphs and list items end one too)."""
    return [
        sentence
        for block in markdown_to_prose(markdown_text)
        for sentence in _SENTENCE_END.split(block)
        if _WORD.search(sentence) or _NUMBER.search(sentence)
    ]


def word_count(sentence: str) -> int:
    """Words as the grade counts them: each number is one word."""
    return len(_WORD.findall(sentence)) + len(_NUMBER.findall(sentence))


def text_stats(markdown_text: str) -> TextStats:
    sentences = words = syllables = 0
    for block in markdown_to_prose(markdown_text):
        for sentence in _SENTENCE_END.split(block):
            tokens = _WORD.findall(sentence)
            numbers = _NUMBER.findall(sentence)
            if not tokens and not numbers:
                continue
            sentences += 1
            words += len(tokens) + len(numbers)
            syllables += sum(count_syllables(t) for t in tokens)
            # A number is read aloud as at least one word; count it as two
            # syllables, a fair average for "twenty", "forty-three" ...
            syllables += 2 * len(numbers)
    return TextStats(sentences, words, syllables)


def grade(markdown_text: str) -> float:
    return text_stats(markdown_text).grade


def article_text(article: Article) -> str:
    """All of an article's sections as one Markdown text (headings left out)."""
    parts = [article.simple_explanation, *article.key_findings]
    if article.research_summary:
        parts.append(article.research_summary)
    parts.extend(s.text for s in article.practical_implications)
    parts.extend(article.study_limitations)
    parts.extend(s.text for s in article.extra_sections)
    return "\n\n".join(parts)


def cards_text(article: Article) -> str:
    """The cards beside the Simple Explanation, one paragraph each (absent ones left out)."""
    cards = (article.participants, article.study_duration, article.evidence_level)
    return "\n\n".join(card for card in cards if card)


@dataclass(frozen=True)
class ArticleGrades:
    article_id: str
    simple_explanation: float
    article: float
    # The parts read first (None: the article has none).
    headline: float | None = None
    cards: float | None = None
    key_findings: float | None = None

    def problems(self) -> list[str]:
        found = []
        if self.simple_explanation > SIMPLE_EXPLANATION_MAX_GRADE:
            found.append(
                f"{self.article_id}: Simple Explanation reads at grade "
                f"{self.simple_explanation:.1f}, above the limit of "
                f"{SIMPLE_EXPLANATION_MAX_GRADE:g}"
            )
        if self.article > ARTICLE_MAX_GRADE:
            found.append(
                f"{self.article_id}: the article reads at grade {self.article:.1f}, "
                f"above the limit of {ARTICLE_MAX_GRADE:g}"
            )
        return found

    def above_target(self) -> list[str]:
        """The parts read first that are above PARTS_TARGET_GRADE (reported, not failed)."""
        parts = (
            ("the plain headline reads", self.headline),
            ("the cards read", self.cards),
            ("Key Findings read", self.key_findings),
        )
        return [
            f"{self.article_id}: {name} at grade {value:.1f}, above the target of "
            f"{PARTS_TARGET_GRADE:g}"
            for name, value in parts
            if value is not None and value > PARTS_TARGET_GRADE
        ]


def _grade_or_none(markdown_text: str | None) -> float | None:
    return grade(markdown_text) if markdown_text else None


def article_grades(article: Article) -> ArticleGrades:
    return ArticleGrades(
        article.id,
        grade(article.simple_explanation),
        grade(article_text(article)),
        headline=_grade_or_none(article.plain_title),
        cards=_grade_or_none(cards_text(article)),
        key_findings=_grade_or_none("\n\n".join(article.key_findings)),
    )


def long_sentences(article: Article) -> list[tuple[int, str, str]]:
    """(words, part, sentence) of each sentence over SENTENCE_TARGET_WORDS, longest first.

    The parts a patient reads: headline, cards, Simple Explanation, Key Findings.
    """
    parts = (
        ("plain headline", article.plain_title or ""),
        ("cards", cards_text(article)),
        ("Simple Explanation", article.simple_explanation),
        ("Key Findings", "\n\n".join(article.key_findings)),
    )
    found = [
        (words, part, sentence)
        for part, text in parts
        for sentence in sentences_of(text)
        if (words := word_count(sentence)) > SENTENCE_TARGET_WORDS
    ]
    return sorted(found, key=lambda item: -item[0])


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def readability_report(articles: list[Article], out: TextIO) -> list[str]:
    """Print each article's grades as a table, then what is above its target;
    return the limit failures."""
    failures: list[str] = []
    notes: list[str] = []
    simple: list[float] = []
    print(
        f"{'article':<60} {'simple':>7} {'article':>8} {'headline':>9} {'cards':>6}"
        f" {'findings':>9}",
        file=out,
    )
    for article in articles:
        grades = article_grades(article)
        simple.append(grades.simple_explanation)
        print(
            f"{article.id:<60} {grades.simple_explanation:>7.1f} {grades.article:>8.1f}"
            f" {_cell(grades.headline):>9} {_cell(grades.cards):>6}"
            f" {_cell(grades.key_findings):>9}",
            file=out,
        )
        failures.extend(grades.problems())
        notes.extend(grades.above_target())
        notes.extend(
            f"{article.id}: {part}: a sentence of {words} words (target "
            f"{SENTENCE_TARGET_WORDS}): {_shortened(sentence)}"
            for words, part, sentence in long_sentences(article)
        )
    if simple:
        print(
            f"Simple Explanation grades: median {statistics.median(simple):.1f}, "
            f"max {max(simple):.1f} (limit {SIMPLE_EXPLANATION_MAX_GRADE:g}); "
            f"article limit {ARTICLE_MAX_GRADE:g}",
            file=out,
        )
        print(
            f"Headline, cards and Key Findings target: grade {PARTS_TARGET_GRADE:g}; "
            f"sentences: {SENTENCE_TARGET_WORDS} words; "
            f"{len(notes)} {'note' if len(notes) == 1 else 'notes'}",
            file=out,
        )
        for note in notes:
            print(note, file=out)
    return failures


def _shortened(sentence: str, limit: int = 90) -> str:
    """The sentence, quoted, its middle cut when long (the count says how long)."""
    if len(sentence) > limit:
        sentence = sentence[: limit // 2].rstrip() + " … " + sentence[-limit // 2 :].lstrip()
    return f"“{sentence}”"
