"""Which process parses a sync's new and changed articles: this one, or a child.

A small sync reads and parses them here (`rows.py`); a big one hands that
work to a child process (`children.py`), which sends the same rows back. Kept
apart from both so that neither imports the other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.manifest import Entry
from reader.core.errors import Problem
from reader.core.library.rows import Parsed, children_allowed, rows_here

if TYPE_CHECKING:
    from reader.core.library.children import ChildPool

PARALLEL_FROM = 2000  # articles; below this the child's start-up is not worth it


def parsed_rows(
    source: str | os.PathLike[str],
    container,
    entries: list[Entry],
    slugs: set[str],
    problems: list[Problem],
    cancelled: Callable[[], bool],
    limits: Limits = DEFAULT_LIMITS,
    pool: ChildPool | None = None,
) -> Iterator[Parsed]:
    """(entry, row or None) for each entry, in order; problems appended as found.

    `pool` holds a child started ahead of time; it is used, or stopped.
    """
    if not uses_children(len(entries)):
        if pool is not None:
            pool.close()
        yield from rows_here(container, entries, slugs, problems, cancelled, limits)
        return
    from reader.core.library.children import rows_in_children  # subprocess and pickle: only now

    child = pool.take() if pool is not None else None
    yield from rows_in_children(
        str(source), container, entries, slugs, problems, cancelled, child, limits
    )


def uses_children(articles: int) -> bool:
    """Whether reading this many articles is worth starting a child process."""
    return articles >= PARALLEL_FROM and children_allowed()
