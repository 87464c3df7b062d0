"""An article as the values of a library row, read and parsed in this process.

Both a small sync (here) and the parsing children of a big one
(`children.py`) make their rows with these functions; `parsing.py` decides
which of the two runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.manifest import Entry
from reader.core.bundle.walk import iter_articles
from reader.core.model import Article, article_to_row

Row = dict
Parsed = tuple[Entry, Row | None]


def article_row(article: Article, entry: Entry) -> Row:
    """An article as the values of one library row (see `reader.core.model`)."""
    summary, details = article.search_texts()
    row = article_to_row(article)
    row.update(path=entry.path, sha256=entry.sha256, size=entry.size)
    row.update(search_summary=summary, search_details=details)
    row["category_list"] = article.categories  # saves the writer parsing the JSON back
    return row


def rows_here(
    container, entries, slugs, problems, cancelled, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, read and parsed in this process."""
    for entry, article in iter_articles(container, entries, slugs, problems, cancelled, limits):
        yield entry, (article_row(article, entry) if article is not None else None)


def children_allowed() -> bool:
    # A frozen app (PyInstaller) has no `python -m` to start.
    return not getattr(sys, "frozen", False)
