"""The fixed list of study types (the bundle format's `Study-Type` values).

Free-text evidence labels were 41 different wordings for 42 articles, so a
reader could not tell how far to trust a result. A bundle now names one
design from this list; the parser rejects any other value, and the window
shows each with a plain meaning, how strong that kind of evidence is (one
fixed scale, `STRENGTHS`), and a link to its part of the How to read page.

Used by the bundle parser (checking), the renderer (the Evidence card) and
the window; docs/bundle-format.md lists the same values and words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The How to read page, and the section of it that explains the types.
GUIDE_PAGE = "how-to-read"
GUIDE_SECTION = "Study types"

# The scale, strongest first: (label, what it means), the same for every type.
STRONG = "Strong evidence"
MODERATE = "Moderate evidence"
EARLY = "Early evidence"
EXPERT = "Expert view"
STRENGTHS: dict[str, str] = {
    STRONG: "The kind of study best able to show whether a treatment works.",
    MODERATE: "Can show that two things go together, but not for sure that one causes the other.",
    EARLY: "A first look, in a few people or in the lab. Useful for ideas, not yet proof.",
    EXPERT: "What experts think after reading the studies. As strong as the studies behind it.",
}


@dataclass(frozen=True)
class StudyType:
    """A study design: its bundle value, name, one plain line and strength."""

    value: str  # as written in a bundle, e.g. "randomized-trial"
    name: str  # as shown, e.g. "Randomized trial"
    meaning: str  # one plain line
    strength: str  # one of STRENGTHS

    @property
    def guide_anchor(self) -> str:
        """Where How to read explains it: `how-to-read#<value>` (see `heading_anchor`)."""
        return f"{GUIDE_PAGE}#{self.value}"

    @property
    def strength_meaning(self) -> str:
        return STRENGTHS[self.strength]


STUDY_TYPES: tuple[StudyType, ...] = (
    StudyType(
        "randomized-trial", "Randomized trial",
        "People were put by chance into a treatment group or a comparison group.", STRONG,
    ),
    StudyType(
        "non-randomized-trial", "Non-randomized trial",
        "A treatment group was compared with another group, not chosen by chance.", MODERATE,
    ),
    StudyType(
        "single-group-trial", "Single-group trial",
        "One group was treated, with no comparison group. Most safety (Phase I) trials are"
        " like this.", EARLY,
    ),
    StudyType(
        "case-report", "Case report",
        "One person, or a few, described in detail.", EARLY,
    ),
    StudyType(
        "case-series", "Case series",
        "A group of similar patients described, with no comparison group.", EARLY,
    ),
    StudyType(
        "cohort", "Cohort study",
        "People followed over time. The researchers did not give any treatment.", MODERATE,
    ),
    StudyType(
        "case-control", "Case-control study",
        "People with a health problem compared with people without it.", MODERATE,
    ),
    StudyType(
        "cross-sectional", "Survey or snapshot study",
        "One look at a group of people at one time, such as a survey.", MODERATE,
    ),
    StudyType(
        "systematic-review", "Systematic review",
        "A careful search for all the studies on one question, and what they add up to.",
        STRONG,
    ),
    StudyType(
        "narrative-review", "Narrative review",
        "Experts describe studies they chose on a topic.", EXPERT,
    ),
    StudyType(
        "guideline", "Guideline",
        "Advice for care, agreed by a group of experts.", EXPERT,
    ),
    StudyType(
        "modelling", "Modelling study",
        "Numbers worked out from data collected in other studies, such as how common"
        " something is.", MODERATE,
    ),
    StudyType(
        "laboratory", "Animal or laboratory study",
        "Research in animals or in the lab, not in people.", EARLY,
    ),
)  # fmt: skip

_BY_VALUE = {t.value: t for t in STUDY_TYPES}
VALUES: tuple[str, ...] = tuple(_BY_VALUE)


def study_type(value: str | None) -> StudyType | None:
    """The type named by a `Study-Type` value; None for no value or one not in the list."""
    return _BY_VALUE.get(value) if value else None


def problem(value: str) -> str | None:
    """Why a `Study-Type` value breaks the format (None if it is in the list)."""
    if value in _BY_VALUE:
        return None
    shown = value if len(value) <= 60 else value[:59] + "…"
    return f"Study-Type '{shown}' is not one of: {', '.join(VALUES)}"


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def heading_anchor(heading: str) -> str:
    """A heading's anchor: lower case, every run of other characters one "-".

    "Randomized trial" -> "randomized-trial". How to read explains a type
    under a `###` heading whose anchor is its value, starts with the value
    and "-" ("Cohort study" -> "cohort-study" explains `cohort`), or is its
    name's ("Survey or snapshot study" explains `cross-sectional`).
    """
    return _NOT_SLUG.sub("-", heading.lower()).strip("-")


def heading_explains(heading: str, anchor: str) -> bool:
    """Whether a heading of How to read is the place an anchor leads to: its
    anchor is the anchor, begins with it and "-", or is the named type's name's."""
    slug = heading_anchor(heading)
    kind = study_type(anchor)
    named = kind is not None and slug == heading_anchor(kind.name)
    return bool(anchor) and (slug == anchor or slug.startswith(anchor + "-") or named)
