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
from reader.core.library.columns import article_columns, article_values
from reader.core.model import Article

# A row is a plain tuple: the values of ROW_COLUMNS in order, then the
# article's categories as a list (saves the writer parsing the JSON back).
# Tuples, not dicts: a big sync pickles 10,000 of them from its parsing
# children, and binds them to SQL, and neither then handles 27 key names
# per row (a tenth of a second less of the writing process's time).
Row = tuple
Parsed = tuple[Entry, Row | None]
ROW_COLUMNS = article_columns()  # every column of `articles`, from the model
CATEGORY_LIST = len(ROW_COLUMNS)  # the index of the categories' list in a row


def article_row(article: Article, entry: Entry) -> Row:
    """An article as the values of one library row (see `columns.py`)."""
    summary, details = article.search_texts()
    return (
        *article_values(article),
        entry.path, entry.sha256, entry.size,  # ENTRY_COLUMNS
        summary, details,  # SEARCH_COLUMNS
        article.categories,
    )  # fmt: skip


def row_fields(row: Row) -> dict:
    """A row's values by column name, and its `category_list` (for tests and tools)."""
    return {**dict(zip(ROW_COLUMNS, row, strict=False)), "category_list": row[CATEGORY_LIST]}


def rows_here(
    container, entries, slugs, problems, cancelled, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, read and parsed in this process."""
    for entry, article in iter_articles(container, entries, slugs, problems, cancelled, limits):
        yield entry, (article_row(article, entry) if article is not None else None)


def children_allowed() -> bool:
    # A frozen app (PyInstaller) has no `python -m` to start.
    return not getattr(sys, "frozen", False)
