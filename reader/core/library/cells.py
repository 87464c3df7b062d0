"""The library's per-library rows (categories, pages) made into records, their cells checked.

A sync writes each category's slug and name and each page's id, title and
body as text; the file is on the reader's disk, though, and a damaged or
edited one may hold a blob or a NULL there. Taken for text, a blob slug
crashed `categories` (TypeError in a format string) and `categories --json`
(bytes are not JSON), and a page title the window's Menu. So, as for the
values of `meta` (meta.py): a cell the app cannot do without that is not
text makes the library damaged (exit 5, the window's notice, a sync
rebuilds it); a description, which is optional, is left out.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.errors import LibraryUnusable
from reader.core.library.schema import LABEL
from reader.core.library.version import shown
from reader.core.model import Category, Page, PageTitle


def damaged(path: Path, what: str, why: str) -> LibraryUnusable:
    """The one sentence for a library whose stored value is not one a sync writes."""
    return LibraryUnusable(
        f"{path}: the {LABEL} file is damaged ({what}, {why}); a sync rebuilds it",
        damaged=True,
        path=path,
        reason="damaged",
    )


def _text(row: sqlite3.Row, column: str, path: Path, table: str) -> str:
    value = row[column]
    if isinstance(value, str):
        return value
    raise damaged(path, f"a {column} in its {table} is {shown(value)}", "not text")


def category_of(row: sqlite3.Row, path: Path) -> Category:
    """A row of `slug, name, description`."""
    description = row["description"]
    return Category(
        _text(row, "slug", path, "categories"),
        _text(row, "name", path, "categories"),
        description if isinstance(description, str) else None,
    )


def page_of(row: sqlite3.Row, path: Path) -> Page:
    """A row of `id, title, body`."""
    return Page(*(_text(row, column, path, "pages") for column in ("id", "title", "body")))


def page_title_of(row: sqlite3.Row, path: Path) -> PageTitle:
    """A row of `id, title`."""
    return PageTitle(*(_text(row, column, path, "pages") for column in ("id", "title")))
