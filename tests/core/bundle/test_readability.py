"""Readability: the Flesch-Kincaid grade of known sentences, worked out by hand.

grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Each expected value below is that formula applied to counts written out in
the test, so a wrong constant, a wrong count or a wrong sentence split shows
as a different number. Syllables are the module's vowel-group count, checked
first on words where it agrees with a dictionary.
"""

from __future__ import annotations

import io

import pytest

from reader.core.bundle.readability import (
    ARTICLE_MAX_GRADE,
    SIMPLE_EXPLANATION_MAX_GRADE,
    ArticleGrades,
    article_grades,
    count_syllables,
    grade,
    readability_report,
    text_stats,
)
from reader.core.bundle.walk import check_bundle
from tests.bundles import article_text


def fk(sentences: int, words: int, syllables: int) -> float:
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("cat", 1), ("the", 1), ("table", 2), ("simple", 2), ("people", 2), ("walked", 1),
     ("time", 1), ("walking", 2), ("again", 2), ("spinal", 2), ("injury", 3),
     ("researchers", 3), ("stimulation", 4), ("questions", 2), ("study", 2), ("Ask", 1)],
)  # fmt: skip
def test_syllables_of_common_words(word, syllables):
    assert count_syllables(word) == syllables


# (text, sentences, words, syllables, grade worked out by hand)
KNOWN = [
    # The(1) cat(1) sat(1) on(1) the(1) mat(1): 0.39*6 + 11.8*1 - 15.59
    ("The cat sat on the mat.", 1, 6, 6, -1.45),
    # two sentences, 3 + 4 one-syllable words: 0.39*3.5 + 11.8*1 - 15.59
    ("The cat sat. The dog ran far.", 2, 7, 7, -2.425),
    # Spinal(2) cord(1) stimulation(4) helps(1) people(2) walking(2) again(2):
    # 0.39*7 + 11.8*14/7 - 15.59
    ("Spinal cord stimulation helps people walking again.", 1, 7, 14, 10.74),
    # a number is a word of two syllables: adults(2) walked(1) 12(2)
    # 0.39*3 + 11.8*5/3 - 15.59
    ("12 adults walked.", 1, 3, 5, 5.246667),
    # ! and ? end sentences too: 0.39*5/3 + 11.8*1 - 15.59
    ("Wait! Is it done? Yes.", 3, 5, 5, -3.14),
]


@pytest.mark.parametrize(("text", "sentences", "words", "syllables", "expected"), KNOWN)
def test_known_sentences_have_known_grades(text, sentences, words, syllables, expected):
    stats = text_stats(text)
    assert (stats.sentences, stats.words, stats.syllables) == (sentences, words, syllables)
    assert fk(sentences, words, syllables) == pytest.approx(expected, abs=1e-6)
    assert grade(text) == pytest.approx(expected, abs=1e-6)


def test_markdown_is_read_as_prose():
    """Headings are dropped; list items are sentences; links and emphasis are their text."""
    markdown = (
        "## A heading of many long syllabic words\n\n"
        "- The cat sat\n"
        "- The dog ran\n\n"
        "[The mat](https://example.org/a-very-long-address) is **red**."
    )
    stats = text_stats(markdown)
    # "The cat sat" / "The dog ran" / "The mat is red.": 3 sentences, 10 words of 1 syllable
    assert (stats.sentences, stats.words, stats.syllables) == (3, 10, 10)
    assert grade(markdown) == pytest.approx(fk(3, 10, 10)) == pytest.approx(-2.49)


@pytest.mark.parametrize("text", ["", "   \n\n", "## Only a heading", "- \n- "])
def test_text_without_sentences_has_grade_zero(text):
    assert grade(text) == 0.0


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """Articles parsed by the real bundle reader, as `bundle check --readability` sees them."""
    from tests.bundles import bundle_spec

    root = tmp_path_factory.mktemp("readability")
    every_section = article_text(
        "Every section",
        "general",
        body=(
            "## Simple Explanation\n\nThe cat sat on the mat.\n\n"
            "## Key Findings\n\n1. The dog ran far.\n\n"
            "## Research Summary\n\nSpinal cord stimulation helps people walking again.\n\n"
            "## Practical Implications\n\n### Talk to your team\n\nAsk questions.\n\n"
            "## Study Limitations\n\n1. A small study.\n"
        ),
    )
    hard = article_text(
        "Hard", "general", " ".join(["Spinal cord stimulation helps people walking again."] * 2)
    )
    source = bundle_spec({"every-section": every_section, "hard": hard}).write(
        root / "bundle", "dir"
    )
    report = check_bundle(source, keep_articles=True)
    return {article.id: article for article in report.articles_parsed}


def test_an_article_is_graded_over_every_section_but_not_its_headings(parsed):
    grades = article_grades(parsed["every-section"])
    assert grades.article_id == "every-section"
    assert grades.simple_explanation == pytest.approx(-1.45)
    # The cat sat on the mat. (6 words, 6 syllables) / The dog ran far. (4, 4) /
    # Spinal cord ... again. (7, 14) / Ask(1) questions(2). (2, 3) / A small study(2). (3, 4);
    # the heading "Talk to your team" is not counted.
    assert grades.article == pytest.approx(fk(5, 22, 31)) == pytest.approx(2.753273, abs=1e-6)
    assert grades.problems() == []


def test_limits_are_inclusive_and_each_breach_is_one_message():
    assert ArticleGrades("a", SIMPLE_EXPLANATION_MAX_GRADE, ARTICLE_MAX_GRADE).problems() == []
    assert ArticleGrades("a", 8.04, 10.5).problems() == [
        "a: Simple Explanation reads at grade 8.0, above the limit of 8",
        "a: the article reads at grade 10.5, above the limit of 10",
    ]
    assert ArticleGrades("b", 2.0, 10.01).problems() == [
        "b: the article reads at grade 10.0, above the limit of 10"
    ]


def test_report_prints_a_row_per_article_and_returns_the_breaches(parsed):
    out = io.StringIO()
    failures = readability_report([parsed["every-section"], parsed["hard"]], out)
    # hard: two copies of the 10.74 sentence, in the simple explanation and so in the article
    assert failures == [
        "hard: Simple Explanation reads at grade 10.7, above the limit of 8",
        "hard: the article reads at grade 10.7, above the limit of 10",
    ]
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["article", "simple", "article", "headline", "cards", "findings"]
    # -1.45 is -1.4499... in binary; no headline or cards; "The dog ran far." is -2.2
    assert lines[1].split() == ["every-section", "-1.4", "2.8", "-", "-", "-2.2"]
    assert lines[2].split() == ["hard", "10.7", "10.7", "-", "-", "-"]
    assert lines[3] == (
        "Simple Explanation grades: median 4.6, max 10.7 (limit 8); article limit 10"
    )
    assert lines[4] == (
        "Headline, cards and Key Findings target: grade 8; sentences: 25 words; 0 notes"
    )
    assert len(lines) == 5


def test_report_of_no_articles_is_only_the_header():
    out = io.StringIO()
    assert readability_report([], out) == []
    assert out.getvalue().split() == [
        "article",
        "simple",
        "article",
        "headline",
        "cards",
        "findings",
    ]


def test_report_grades_the_parts_read_first_and_names_long_sentences():
    from reader.core.bundle.article import parse_article
    from tests.bundles import full_article_text

    long_finding = (
        "The first finding was that people who trained with the suit for many weeks walked"
        " further and faster than they had walked before they started the study."
    )
    text = full_article_text(
        "A paper title",
        "w",
        plain_title="Walking got better with a robot suit, used every day for many weeks,"
        " and a stimulator that sends pulses to the spine",
        study_type="cohort",
    ).replace("1. The first finding.", f"1. {long_finding}")
    problems: list = []
    article = parse_article("suit", text, "articles/suit.md", problems)
    assert problems == []
    out = io.StringIO()
    assert readability_report([article], out) == []  # targets are reported, never failed
    lines = out.getvalue().splitlines()
    assert lines[1].split() == ["suit", "7.4", "4.2", "9.6", "6.3", "5.6"]
    assert lines[3].endswith("; 2 notes")
    assert lines[4] == "suit: the plain headline reads at grade 9.6, above the target of 8"
    assert lines[5].startswith(
        "suit: Key Findings: a sentence of 27 words (target 25): “The first finding was"
    )
    assert len(lines) == 6
