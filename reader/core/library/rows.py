"""An article as the values of a library row, read and parsed in this process.

Both a small sync (here) and the parsing children of a big one
(`children.py`) make their rows with these functions; `parsing.py` decides
which of the two runs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from reader.core.bundle.article import Article, blocks_json
from reader.core.bundle.manifest import Entry
from reader.core.bundle.walk import iter_articles

_encode_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps builds one per call

Row = dict
Parsed = tuple[Entry, Row | None]


def article_row(article: Article, entry: Entry) -> Row:
    """An article as the values of one library row (JSON for list fields)."""
    dump = _encode_json
    summary, details = article.search_texts()
    return {
        "id": article.id,
        "path": entry.path,
        "sha256": entry.sha256,
        "size": entry.size,
        "added": article.added,
        "categories": dump(article.categories),
        "category_list": article.categories,  # saves the writer parsing the JSON back
        "title": article.title,
        "journal": article.journal,
        "year": article.year,
        "doi": article.doi,
        "published": article.published,
        "evidence_level": article.evidence_level,
        "participants": article.participants,
        "study_duration": article.study_duration,
        "simple_explanation": article.simple_explanation,
        "key_findings": dump(article.key_findings),
        "research_summary": article.research_summary,
        "practical_implications": dump(blocks_json(article.practical_implications)),
        "study_limitations": dump(article.study_limitations),
        "extra_sections": dump(blocks_json(article.extra_sections)),
        "extra_meta": dump(article.extra_meta),
        "search_summary": summary,
        "search_details": details,
    }


def rows_here(container, entries, slugs, problems, cancelled) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, read and parsed in this process."""
    for entry, article in iter_articles(container, entries, slugs, problems, cancelled):
        yield entry, (article_row(article, entry) if article is not None else None)


def children_allowed() -> bool:
    # A frozen app (PyInstaller) has no `python -m` to start.
    return not getattr(sys, "frozen", False)
