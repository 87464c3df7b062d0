"""Turning a bundle's new and changed articles into library rows.

A small sync reads and parses them here; a big one hands that work to child
processes (`reader.core.children`), which send the same rows back.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from reader.core.article import Article, blocks_json
from reader.core.bundle import iter_articles
from reader.core.errors import Problem
from reader.core.manifest import Entry

if TYPE_CHECKING:
    from reader.core.children import ChildPool

PARALLEL_FROM = 2000  # articles; below this the children's start-up is not worth it

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


def parsed_rows(
    source: str | os.PathLike[str],
    container,
    entries: list[Entry],
    slugs: set[str],
    problems: list[Problem],
    cancelled: Callable[[], bool],
    pool: ChildPool | None = None,
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, in order; problems appended as found.

    `pool` holds children started ahead of time; they are used, or stopped.
    """
    if not uses_children(len(entries)):
        if pool is not None:
            pool.close()
        yield from rows_here(container, entries, slugs, problems, cancelled)
        return
    from reader.core.children import rows_in_children  # subprocess and pickle: only now

    children = pool.take() if pool is not None else []
    yield from rows_in_children(
        str(source), container, entries, slugs, problems, cancelled, children
    )


def uses_children(articles: int) -> bool:
    """Whether reading this many articles is worth starting child processes."""
    return articles >= PARALLEL_FROM and children_allowed()


def children_allowed() -> bool:
    # A frozen app (PyInstaller) has no `python -m` to start.
    return not getattr(sys, "frozen", False)
