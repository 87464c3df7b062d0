"""The article rules: an article file's metadata and sections into an `Article`.

Each rule a bundle's article must meet (a Title, Categories the manifest
lists, a four-digit Year, an ISO date, a known Study-Type, a DOI without a
prefix, a Simple Explanation) is checked here, every broken one a `Problem`;
the file's structure (the metadata block, the `##` sections, list items)
is read by markdown_structure.py.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from reader.core.bundle import study_types
from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.markdown_structure import (
    list_items,
    split_metadata,
    split_sections,
    sub_sections,
)
from reader.core.bundle.textrules import markdown_problems, metadata_problems
from reader.core.errors import Problem
from reader.core.model import Article, Section

# What may stand before a DOI by mistake: a scheme (`doi:`, `https:`) or the
# resolver's host without one. A DOI itself starts with `10.`, never a letter.
_DOI_PREFIX = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|(?:[A-Za-z0-9-]+\.)*doi\.org/)")
_YEAR = re.compile(r"^[0-9]{4}$")  # ASCII only: \d would also take other scripts' digits
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

SIMPLE_EXPLANATION = "simple explanation"
KEY_FINDINGS = "key findings"
RESEARCH_SUMMARY = "research summary"
PRACTICAL_IMPLICATIONS = "practical implications"
STUDY_LIMITATIONS = "study limitations"
KNOWN_SECTIONS = (
    SIMPLE_EXPLANATION,
    KEY_FINDINGS,
    RESEARCH_SUMMARY,
    PRACTICAL_IMPLICATIONS,
    STUDY_LIMITATIONS,
)
# Metadata keys the reader shows; any other key is kept in `extra_meta`.
SHOWN_META = {
    "title",
    "categories",
    "journal",
    "year",
    "doi",
    "published",
    "evidence-level",
    "participants",
    "study-duration",
    "plain-title",
    "study-type",
}


def _single(meta: dict[str, list[str]], key: str) -> str | None:
    values = meta.get(key)
    if not values:
        return None
    if len(values) == 1:  # nearly always: no generator, no join
        return values[0].strip() or None
    value = " ".join(v for v in values if v).strip()
    return value or None


def parse_categories(values: list[str], stop: int | None = None) -> list[str]:
    """The slugs in file order, repeats ignored; at most `stop + 1` of them.

    A hostile line may list a hundred thousand slugs: the look-up is a dict,
    and reading stops once there are more than the limit allows.
    """
    slugs: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            slug = part.strip()
            if slug:
                slugs[slug] = None
                if stop is not None and len(slugs) > stop:
                    return list(slugs)
    return list(slugs)


@functools.lru_cache(maxsize=4096)  # a manifest repeats the same few hundred dates
def is_valid_date(value: str) -> bool:
    if not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_article(
    article_id: str,
    text: str,
    where: str,
    problems: list[Problem],
    known_categories: set[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Article | None:
    """Parse an article's text; every broken rule is appended to `problems`.

    Returns None when the article cannot be used.
    """
    start = len(problems)
    meta, body = split_metadata(text)
    for message in (*metadata_problems(meta, limits), *markdown_problems(body, limits)):
        problems.append(Problem(where, message))
    title = _single(meta, "title")
    if not title:
        problems.append(Problem(where, "the metadata block has no Title"))
    categories = parse_categories(meta.get("categories", []), limits.categories_per_article)
    if not categories:
        problems.append(Problem(where, "the metadata block has no Categories"))
    elif len(categories) > limits.categories_per_article:
        limit = limits.categories_per_article
        problems.append(Problem(where, f"lists more than {limit} categories (the limit)"))
    elif known_categories is not None:
        for slug in categories:
            if slug not in known_categories:
                problems.append(
                    Problem(where, f"category '{slug}' is not one of the manifest's categories")
                )
    year_text = _single(meta, "year")
    year = None
    if year_text is not None:
        if _YEAR.match(year_text):
            year = int(year_text)
        else:
            problems.append(Problem(where, f"Year must be four digits, not '{year_text}'"))
    published = _single(meta, "published")
    if published is not None and not is_valid_date(published):
        problems.append(Problem(where, f"Published must be a date YYYY-MM-DD, not '{published}'"))
    study_type = _single(meta, "study-type")
    if study_type is not None and (wrong := study_types.problem(study_type)):
        problems.append(Problem(where, wrong))
    doi = _single(meta, "doi")
    if doi is not None and "://" in doi:
        problems.append(Problem(where, "DOI must be given without a https://doi.org/ prefix"))
    elif doi is not None and (prefix := _DOI_PREFIX.match(doi)):
        # The window links to https://doi.org/ + the value: a prefix breaks that link.
        problems.append(Problem(where, f"DOI must be given without the '{prefix[0]}' prefix"))

    preamble, sections = split_sections(body)
    if preamble.strip():
        problems.append(Problem(where, "text before the first '## ' section heading"))
    known: dict[str, str] = {}
    extra: list[Section] = []
    for section in sections:
        key = section.heading.lower()
        if key in KNOWN_SECTIONS and key not in known:
            known[key] = section.text
        else:
            extra.append(section)
    if not known.get(SIMPLE_EXPLANATION, "").strip():
        problems.append(
            Problem(where, "the required section '## Simple Explanation' is missing or empty")
        )

    if len(problems) > start:
        return None
    return Article(
        id=article_id,
        title=title or "",
        plain_title=_single(meta, "plain-title"),
        categories=categories,
        journal=_single(meta, "journal"),
        year=year,
        doi=doi,
        published=published,
        evidence_level=_single(meta, "evidence-level"),
        study_type=study_type,
        participants=_single(meta, "participants"),
        study_duration=_single(meta, "study-duration"),
        simple_explanation=known[SIMPLE_EXPLANATION],
        key_findings=list_items(known.get(KEY_FINDINGS, "")),
        research_summary=known.get(RESEARCH_SUMMARY) or None,
        practical_implications=sub_sections(known.get(PRACTICAL_IMPLICATIONS, "")),
        study_limitations=list_items(known.get(STUDY_LIMITATIONS, "")),
        extra_sections=extra,
        extra_meta={k: _single(meta, k) or "" for k in meta if k not in SHOWN_META},
    )
