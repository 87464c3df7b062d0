"""The second edition's rules for the embedded library: plain words a tired patient reads.

Plain headlines and study types are read straight from the Markdown metadata
(`Plain-Title:`, `Study-Type:`), not through the app's Article record, so
these tests hold the sources to the bundle format whatever the app shows.
Each study type must be the one the fact sheet's design gives; cards and Key
Findings must explain the jargon where it stands; categories must be topics
a patient browses by; the wordings the fact sheet does not support must stay
out; About and How to read must say what readers rely on them for.
"""

from __future__ import annotations

import json
import re
import zipfile

import pytest

from reader.core.bundle.readability import grade, markdown_to_prose
from tests.content.library import BUNDLE_ZIP, SOURCES, Record, Source, normalise_title

PLAIN_TITLE_MAX_CHARS = 120
PLAIN_GRADE_LIMIT = 8.0
SENTENCE_MAX_WORDS = 25
PARTICIPANTS_MAX_CHARS = 120
CATCH_ALL_SHARE = 0.5
CARD_KEYS = ("participants", "study-duration", "evidence-level")

# The bundle format's list (BUNDLE_FORMAT.md), with the heading How to read
# gives each one; the app links the Evidence card to these headings.
STUDY_TYPE_HEADINGS = {
    "randomized-trial": "Randomized trial",
    "non-randomized-trial": "Non-randomized trial",
    "single-group-trial": "Single-group trial",
    "case-report": "Case report",
    "case-series": "Case series",
    "cohort": "Cohort study",
    "case-control": "Case-control study",
    "cross-sectional": "Survey or snapshot study",
    "systematic-review": "Systematic review",
    "narrative-review": "Narrative review",
    "guideline": "Guideline",
    "modelling": "Modelling study",
    "laboratory": "Animal or laboratory study",
}


def study_type_for(design: str, evidence_level: str) -> str:
    """The format's Study-Type for the fact sheet's `study_type` and `evidence_level`.

    The sheet's words vary ("RCT", "phase I trial", "survey", "systematic
    analysis (modelling)"); a plain "review" is told apart by the evidence
    level, which says whether it was narrative or systematic.
    """
    d, level = design.casefold(), evidence_level.casefold()
    if d in {"rct", "randomised controlled trial", "randomized controlled trial"}:
        return "randomized-trial"
    if d in {"single-arm trial", "phase i trial"}:
        return "single-group-trial"
    if d == "case report":
        return "case-report"
    if d == "case series":
        return "case-series"
    if d == "cohort":
        return "cohort"
    if d == "case-control":
        return "case-control"
    if d in {"survey", "cross-sectional"}:
        return "cross-sectional"
    if d in {"meta-analysis", "systematic review"}:
        return "systematic-review"
    if d == "review":
        if "systematic" in level:
            return "systematic-review"
        if "narrative" in level:
            return "narrative-review"
    if d == "guideline":
        return "guideline"
    if "modelling" in d or "gbd" in d:
        return "modelling"
    if "preclinical" in d or "animal" in level:
        return "laboratory"
    raise ValueError(f"no study type for design {design!r} ({evidence_level!r})")


def plain_title(source: Source) -> str:
    values = source.meta.get("plain-title", [])
    assert len(values) == 1, f"{source.id}: {len(values)} Plain-Title lines"
    return values[0]


def sentences(markdown_text: str) -> list[str]:
    """Sentences as a reader meets them: per paragraph or list item, split after . ! ?"""
    found = []
    for block in markdown_to_prose(markdown_text):
        found.extend(s for s in re.split(r"(?<=[.!?])\s+", block) if s.strip())
    return found


def word_count(sentence: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’.,%/-]*", sentence))


def cards(source: Source) -> dict[str, str]:
    return {k: " ".join(source.meta[k]) for k in CARD_KEYS if k in source.meta}


# --------------------------------------------------------------------------
# Plain headlines and teasers
# --------------------------------------------------------------------------


def test_every_article_has_a_short_plain_title_at_grade_8_or_below(sources: list[Source]):
    problems = []
    for source in sources:
        title = plain_title(source)
        if len(title) > PLAIN_TITLE_MAX_CHARS:
            problems.append(f"{source.id}: {len(title)} characters")
        if grade(title) > PLAIN_GRADE_LIMIT:
            problems.append(f"{source.id}: grade {grade(title):.1f}: {title}")
        if len(sentences(title)) != 1 or title.endswith("."):
            problems.append(f"{source.id}: not one headline sentence: {title}")
        if normalise_title(title) == normalise_title(source.article.title):
            problems.append(f"{source.id}: the plain title is the paper's title")
    assert not problems, "\n".join(problems)


def test_card_teasers_say_the_finding_not_the_head_count(sources: list[Source]):
    """A card shows the first sentence of the Simple Explanation."""
    head_count = re.compile(
        r"^(?:This|The) (?:study|trial|report|paper|review)\b"
        r"|^(?:This|The) (?:study|trial)\b.*\b(?:involved|had|looked at|is about|tested)\b"
    )
    problems = [
        f"{s.id}: {first}"
        for s in sources
        if head_count.search(first := sentences(s.article.simple_explanation)[0])
    ]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# Study types
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("design", "level", "expected"),
    [
        ("RCT", "Randomised controlled trial, blinded assessors", "randomized-trial"),
        ("phase I trial", "Phase I safety trial, uncontrolled", "single-group-trial"),
        ("review", "Narrative review", "narrative-review"),
        ("review", "Systematic review of trials", "systematic-review"),
        ("meta-analysis", "Meta-analysis", "systematic-review"),
        ("survey", "Cross-sectional survey", "cross-sectional"),
        ("secondary analysis of GBD data", "Population-level modelling", "modelling"),
        ("preclinical and first-in-human proof of concept", "Animal studies", "laboratory"),
    ],
)
def test_fact_sheet_designs_map_to_the_format_list(design, level, expected):
    assert study_type_for(design, level) == expected


def test_an_unknown_design_is_not_guessed():
    with pytest.raises(ValueError):
        study_type_for("review", "Expert opinion")


def test_every_study_type_is_from_the_list_and_matches_the_fact_sheet(
    matched: list[tuple[Source, Record]],
):
    problems = []
    for source, record in matched:
        values = source.meta.get("study-type", [])
        design, level = record.get("study_type") or "", record.get("evidence_level") or ""
        expected = study_type_for(design, level)
        if values != [expected]:
            problems.append(f"{source.id}: Study-Type {values}, the sheet's {design!r}: {expected}")
    assert not problems, "\n".join(problems)


def test_evidence_level_of_a_systematic_review_says_so(matched: list[tuple[Source, Record]]):
    """The free-text detail must not read as the weaker 'Review'."""
    for source, _record in matched:
        level = source.article.evidence_level or ""
        if source.meta["study-type"] == ["systematic-review"]:
            assert re.search(r"systematic review|meta-analysis", level, re.I), source.id
        if source.meta["study-type"] == ["narrative-review"]:
            assert "narrative review" in level.casefold(), source.id


def test_published_date_is_given_wherever_the_fact_sheet_has_one(
    matched: list[tuple[Source, Record]],
):
    missing = [s.id for s, r in matched if r.get("published") and not s.article.published]
    assert not missing, missing


# --------------------------------------------------------------------------
# Cards and Key Findings: short, plain, jargon explained where it stands
# --------------------------------------------------------------------------


def test_no_sentence_over_25_words_in_simple_explanation_and_key_findings(
    sources: list[Source],
):
    problems = [
        f"{s.id}: {word_count(sentence)} words: {sentence}"
        for s in sources
        for text in (s.article.simple_explanation, *s.article.key_findings)
        for sentence in sentences(text)
        if word_count(sentence) > SENTENCE_MAX_WORDS
    ]
    assert not problems, "\n".join(problems)


def test_cards_and_key_findings_read_at_grade_8_or_below(sources: list[Source]):
    problems = []
    for source in sources:
        card_text = "\n\n".join(cards(source).values())
        if grade(card_text) > PLAIN_GRADE_LIMIT:
            problems.append(f"{source.id}: cards at grade {grade(card_text):.1f}")
        findings = "\n\n".join(source.article.key_findings)
        if grade(findings) > PLAIN_GRADE_LIMIT:
            problems.append(f"{source.id}: Key Findings at grade {grade(findings):.1f}")
        participants = cards(source).get("participants", "")
        if len(participants) > PARTICIPANTS_MAX_CHARS:
            problems.append(f"{source.id}: Participants card of {len(participants)} characters")
    assert not problems, "\n".join(problems)


# A term, and what the same sentence must hold to explain it (None: the term
# has a plain replacement and must not appear in a card or a finding at all).
JARGON = {
    r"\bSCI\b": r"spinal cord injury",
    r"\bAIS\b": r"\bA\b.*\bE\b|A-to-E",
    r"\b[CTLS]\d{1,2}\b": r"neck|back|spine|spinal|chest",
    r"\b(?:para|tetra)plegi": r"arms|legs",
    r"motor complete": r"no movement",
    r"mean arterial": r"average",
    r"mmHg": r"unit|points",
    r"cmH2O": r"unit",
    r"years lived with disability": r"poor health",
    r"Cochrane": r"group|review",
    r"\bodds\b": r"chance",
    r"\bMETs\b": r"measure|unit",
    r"placebo": r"dummy",
    r"spasticity": r"stiff",
    r"neuropathic": r"nerve",
    r"\bCI\b|confidence interval|\bp ?[<=>] ?0|statistically significant": None,
}


def test_jargon_in_cards_and_key_findings_is_explained_in_the_same_sentence(
    sources: list[Source],
):
    problems = []
    for source in sources:
        texts = [*cards(source).values(), *source.article.key_findings]
        for sentence in (s for text in texts for s in sentences(text)):
            for term, explained in JARGON.items():
                if not re.search(term, sentence):
                    continue
                if explained is None or not re.search(explained, sentence):
                    problems.append(f"{source.id}: {term!r} unexplained in: {sentence}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# Categories for browsing
# --------------------------------------------------------------------------

EVERYDAY = (
    "walking-movement",
    "arms-hands",
    "bladder-bowel",
    "pain",
    "skin",
    "sex-fertility",
    "breathing",
    "heart-blood-pressure",
    "mood-quality-of-life",
)
LATER = ("right-after-injury", "new-treatments", "numbers-and-facts")

# Words a category's description uses; each of its articles must use one of
# them in its headline or Simple Explanation.
CATEGORY_WORDS = {
    "walking-movement": r"walk|stand|stood|step|leg",
    "arms-hands": r"\barms?\b|\bhands?\b",
    "bladder-bowel": r"bladder|bowel",
    "pain": r"\bpain\b",
    "skin": r"pressure (?:sore|ulcer)",
    "sex-fertility": r"\bsex|fertil|father|sperm",
    "breathing": r"breath",
    "heart-blood-pressure": r"blood pressure",
    "mood-quality-of-life": r"depression|matter|quality of life",
    "right-after-injury": r"first (?:hours|days)|soon after|within \d+ hours|new spinal cord|"
    r"right after|intensive care|in hospital|bruised",
    "new-treatments": r"implant|pulses|cells?\b|drug|device|sensor",
    "numbers-and-facts": r"how (?:many|common)|\bmillion\b|half|one in|"
    r"\b1 in\b|on their own|grade|exam|\d+(?:\.\d+)?%",
}

# The fact sheet's research areas that name one patient topic.
AREA_TO_CATEGORY = {
    "Pain": "pain",
    "Bladder & Bowel": "bladder-bowel",
    "Pressure Injuries / Skin": "skin",
    "Sexual Health & Fertility": "sex-fertility",
    "Respiratory": "breathing",
    "Cardiovascular & Autonomic": "heart-blood-pressure",
    "Mental Health & Quality of Life": "mood-quality-of-life",
    "Acute Care": "right-after-injury",
    "Epidemiology": "numbers-and-facts",
    "Regenerative Medicine": "new-treatments",
    "Neuromodulation": "new-treatments",
}

# A headline naming one of these must be in the matching category.
HEADLINE_TOPICS = {
    r"bladder|bowel": "bladder-bowel",
    r"\bpain\b": "pain",
    r"pressure sores": "skin",
    r"breath": "breathing",
    r"blood pressure": "heart-blood-pressure",
    r"depression": "mood-quality-of-life",
    r"\bwalk": "walking-movement",
    r"\bsex\b|sperm|father": "sex-fertility",
}


@pytest.fixture(scope="module")
def categories() -> list[dict]:
    return json.loads((SOURCES / "categories.json").read_text(encoding="utf-8"))


def _members(sources: list[Source]) -> dict[str, list[Source]]:
    members: dict[str, list[Source]] = {}
    for source in sources:
        for slug in source.article.categories:
            members.setdefault(slug, []).append(source)
    return members


def test_categories_are_patient_topics_with_everyday_ones_first(categories: list[dict]):
    slugs = [c["slug"] for c in categories]
    assert set(slugs) == set(EVERYDAY) | set(LATER)
    assert max(slugs.index(s) for s in EVERYDAY) < min(slugs.index(s) for s in LATER)
    for category in categories:
        description = category.get("description") or ""
        assert description.endswith(".") and len(sentences(description)) == 1, category
        assert re.search(CATEGORY_WORDS[category["slug"]], description, re.I), category
    fertility = next(c for c in categories if c["slug"] == "sex-fertility")
    assert re.search(r"\bmen\b", fertility["description"])


def test_no_catch_all_category_and_each_article_in_one_to_three(
    categories: list[dict], sources: list[Source]
):
    members = _members(sources)
    for source in sources:
        assert 1 <= len(source.article.categories) <= 3, source.id
    for category in categories:
        count = len(members.get(category["slug"], []))
        assert 1 <= count <= CATCH_ALL_SHARE * len(sources), (category["slug"], count)


def test_each_categorys_articles_use_its_words(sources: list[Source]):
    problems = [
        f"{slug}: {s.id}"
        for slug, group in _members(sources).items()
        for s in group
        if not re.search(
            CATEGORY_WORDS[slug], f"{plain_title(s)}\n{s.article.simple_explanation}", re.I
        )
    ]
    assert not problems, "\n".join(problems)


def test_a_headline_topic_puts_the_article_in_that_category(sources: list[Source]):
    problems = [
        f"{s.id}: headline names {pattern!r}, not in {slug}"
        for s in sources
        for pattern, slug in HEADLINE_TOPICS.items()
        if re.search(pattern, plain_title(s), re.I) and slug not in s.article.categories
    ]
    assert not problems, "\n".join(problems)


def test_categories_follow_the_fact_sheets_research_areas(
    matched: list[tuple[Source, Record]],
):
    problems = []
    for source, record in matched:
        for area in record.categories:
            slug = AREA_TO_CATEGORY.get(area)
            if slug and slug not in source.article.categories:
                problems.append(f"{source.id}: area {area!r} but not in {slug}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------
# Statements the fact sheet does not support stay out
# --------------------------------------------------------------------------

UNSUPPORTED = {
    "botulinum-toxin-bladder-leaks-trial-2011": [r"lower dose worked about as well"],
    "neurogenic-bowel-management-review-2010": [r"strongest proof", r"\bmost people need"],
    "brain-spine-interface-walking-2023": [
        r"not yet (?:been )?tested in other",
        r"rehab with the system helped",
    ],
    "treadmill-vs-overground-walking-training-2006": [
        r"some people in the study did not know",
        r"both can be useful",
    ],
    "overground-walking-epidural-stimulation-2018": [r"many months"],
    "riluzole-riscis-trial-2023": [r"signals that can cause extra damage"],
    "brain-controlled-robotic-arm-2012": [r"brain that plans"],
    "brain-controlled-muscle-stimulation-2017": [r"brain that plans"],
    "powered-exoskeleton-walking-review-2016": [r"other benefits, such as less stiffness"],
    "neuroprosthetic-baroreflex-blood-pressure-2021": [
        r"(?<!In animals, it )worked (?:after )?both"
    ],
}


def test_unsupported_and_causal_wordings_are_gone(sources: list[Source]):
    by_id = {s.id: s for s in sources}
    problems = [
        f"{aid}: {pattern!r}"
        for aid, patterns in UNSUPPORTED.items()
        for pattern in patterns
        if re.search(pattern, by_id[aid].text, re.I)
    ]
    assert not problems, "\n".join(problems)


def test_uncontrolled_arm_and_hand_gains_are_not_told_as_caused(sources: list[Source]):
    source = next(s for s in sources if s.id == "noninvasive-stimulation-arm-hand-2024")
    said = sentences(source.article.simple_explanation)
    caveat = next(i for i, s in enumerate(said) if "comparison group" in s)
    assert "cannot be sure" in said[caveat]
    assert not any(re.search(r"\bpulses (?:helped|caused|gave)\b", s) for s in said[:caveat])


def test_brain_2014_gives_the_duration_the_fact_sheet_gives(sources: list[Source]):
    source = next(s for s in sources if s.id == "spinal-stimulation-voluntary-movement-2014")
    assert "80 training sessions" in (source.article.study_duration or "")


# --------------------------------------------------------------------------
# Pages and release
# --------------------------------------------------------------------------


def _page(page_id: str) -> str:
    with zipfile.ZipFile(BUNDLE_ZIP) as archive:
        return archive.read(f"pages/{page_id}.md").decode("utf-8")


def test_about_says_sources_review_date_reviewers_and_how_to_report():
    about = " ".join(_page("about").split())
    for needed in (
        "full paper",
        "abstract",
        "news report",
        "conference abstract",
        "project report",
        "last reviewed on 2 December 2026",
        "fact sheet",
        "**Report a problem with this summary**",
        "export your notes",
    ):
        assert needed in about, needed
    assert "written from the published paper" not in about


def test_how_to_read_explains_dates_not_specified_evidence_and_every_study_type():
    text = _page("how-to-read")
    for needed in ("**Year and Published.**", '"Not specified"', "**Evidence.**"):
        assert needed in text, needed
    section = text.split("\n## Study types\n", 1)[1].split("\n## ", 1)[0]
    blocks = dict(
        (b.split("\n", 1)[0].strip(), b.split("\n", 1)[1]) for b in section.split("\n### ")[1:]
    )
    assert list(blocks) == list(STUDY_TYPE_HEADINGS.values())
    for heading, body in blocks.items():
        assert "How strong:" in body, heading


def test_bundle_json_version_is_the_shipped_version(manifest: dict):
    settings = json.loads((SOURCES / "bundle.json").read_text(encoding="utf-8"))
    assert settings["version"] == manifest["version"]
