"""The library's rows (articles, categories, pages) made into records, their cells checked.

A sync writes each cell as its field's type: text, an integer year, JSON
text for lists and maps. The file is on the reader's disk, though, and a
damaged or edited one may hold a blob, a NULL, a number or broken JSON
anywhere. Taken as given, a blob slug crashed `categories` (TypeError in a
format string), a blob article title `list --json`, `search` and `show`
(bytes are not JSON), broken `key_findings` JSON `list` and `show`, a blob
journal `show` (TypeError in a join). So, as for the values of `meta`
(meta.py): a cell the app cannot do without that is not what a sync writes
makes the library damaged (exit 5, the window's notice, a sync rebuilds
it); an optional one (a category's description, an article field the
bundle may leave out, such as its journal or year) is left out.

Article rows are read in bulk (a list of 10,000, every search), so their
check is type tests on what is read anyway: `type(x) is str`, and the JSON
the record needs parsed once, its result's types tested.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import Field, fields
from pathlib import Path
from typing import Any

from reader.core import db_errors
from reader.core.errors import LibraryUnusable
from reader.core.library.schema import LABEL
from reader.core.model import (
    JSON_BLOCKS,
    JSON_LIST,
    JSON_MAP,
    PLAIN,
    Article,
    ArticleSummary,
    Category,
    Page,
    PageTitle,
    Section,
    stored_as,
)


def damaged(path: Path, what: str, why: str) -> LibraryUnusable:
    """The one sentence for a library whose stored value is not one a sync writes
    (`db_errors.damaged`, which also says text that is not UTF-8)."""
    return db_errors.damaged(path, LABEL, what, why)


_SHOWN = 40  # characters of a refused value repeated in the message


def shown(value: object) -> str:
    """The refused value, quoted and short: enough to find it, never kilobytes of it."""
    text = "NULL" if value is None else repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 4]} ..."


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


class CellError(ValueError):
    """An article's cell that is not what a sync writes for its field."""

    def __init__(self, column: str, value: object, why: str):
        super().__init__(f"{column}: {why}")
        self.column, self.value, self.why = column, value, why


class _NotWritten(Exception):
    """A decoder's refusal; `record_from_row` names the cell."""


def article_damage(path: Path, exc: CellError) -> LibraryUnusable:
    """The damaged library at `path` that a `CellError` says."""
    return damaged(path, f"an article's {exc.column} is {shown(exc.value)}", exc.why)


@contextmanager
def article_cells(path: Path) -> Iterator[None]:
    """Turn a `CellError` raised inside into the damaged library at `path`."""
    try:
        yield
    except CellError as exc:
        raise article_damage(path, exc) from None


def _plain(expected: type, optional: bool) -> Callable[[Any], Any]:
    if optional:  # left out when not of its type
        return lambda value: value if type(value) is expected else None

    def required(value: Any) -> Any:
        if type(value) is expected:
            return value
        raise _NotWritten

    return required


def _parsed(text: Any, empty: Any) -> Any:
    """JSON text as parsed; `empty` for NULL or "" (read so since the first release)."""
    if text is None or text == "":
        return empty
    if type(text) is not str:
        raise _NotWritten
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # broken, or nested past Python's stack
        raise _NotWritten from None


def _json_list(text: Any) -> list[str]:
    value = _parsed(text, [])
    if type(value) is list and all(type(item) is str for item in value):
        return value
    raise _NotWritten


def _json_blocks(text: Any) -> list[Section]:
    value = _parsed(text, [])
    if type(value) is list and all(
        type(b) is dict and type(b.get("heading")) is str and type(b.get("text")) is str
        for b in value
    ):
        return [Section(b["heading"], b["text"]) for b in value]
    raise _NotWritten


def _json_map(text: Any) -> dict[str, str]:
    value = _parsed(text, {})
    if type(value) is dict and all(type(item) is str for item in value.values()):
        return value
    raise _NotWritten


_WHY = {
    PLAIN: "not text",
    JSON_LIST: "not a JSON list of text",
    JSON_BLOCKS: "not JSON sections",
    JSON_MAP: "not a JSON map of text",
}


def _stored(f: Field, alike: list[Field]) -> tuple[str, bool]:
    """(how it is stored, whether it may be left out) of a record's field. A summary's
    field is stored as the article's of the same name; it is optional only if every
    record with the field (`alike`) may leave it out (`added` is None until a sync
    dates an article, but a list shows every article's date: it is always there)."""
    article = alike[0] if alike else None
    stored = f.metadata.get("stored") or (stored_as(article) if article else PLAIN)
    return stored, stored == PLAIN and all(g.default is None for g in (f, *alike))


def _decoder(f: Field, alike: list[Field]) -> tuple[str, Callable[[Any], Any], str]:
    """(name, decoder, why refused) of a record's field."""
    stored, optional = _stored(f, alike)
    if stored == PLAIN:
        # `year` is the one integer: its annotation is "int | None" (a string
        # under postponed annotations, a type for a made dataclass alike).
        expected = int if str(f.type).startswith("int") else str
        return f.name, _plain(expected, optional), _WHY[PLAIN]
    decode = {JSON_LIST: _json_list, JSON_BLOCKS: _json_blocks, JSON_MAP: _json_map}[stored]
    return f.name, decode, _WHY[stored]


def _alike(name: str) -> list[Field]:
    """The fields of that name of every record read from an article row."""
    return [g for kind in (fields(Article), fields(ArticleSummary)) for g in kind if g.name == name]


def article_storage() -> list[tuple[str, str, bool]]:
    """(name, how stored, whether it may be left out) of each `Article` field, as
    `record_from_row` checks it: for a check of every row at once (cell_scan.py)."""
    return [(f.name, *_stored(f, _alike(f.name))) for f in fields(Article)]


# Worked out once per record type.
_decoders: dict[type, tuple[tuple[str, Callable[[Any], Any], str], ...]] = {}


def _decoders_of(record_type: type) -> tuple[tuple[str, Callable[[Any], Any], str], ...]:
    decoders = _decoders.get(record_type)
    if decoders is None:
        decoders = tuple(_decoder(f, _alike(f.name)) for f in fields(record_type))
        _decoders[record_type] = decoders
    return decoders


def record_from_row(record_type: type, row: Mapping[str, Any]) -> Any:
    """An `Article` or `ArticleSummary` from a library row holding (at least) its fields.

    An optional field that is not of its type is left out (None); any other
    cell that is not what a sync writes raises `CellError` (`article_cells`
    makes it a damaged library).
    """
    decoders = _decoders_of(record_type)
    try:
        return record_type(**{name: decode(row[name]) for name, decode, _why in decoders})
    except _NotWritten:
        for name, decode, why in decoders:  # which cell: only once it is known to be bad
            try:
                decode(row[name])
            except _NotWritten:
                raise CellError(name, row[name], why) from None
        raise


def article_cell(name: str, value: object) -> Any:
    """One cell of `Article`'s field `name`, checked as `record_from_row` checks it."""
    decode, why = _ARTICLE_CELLS[name]
    try:
        return decode(value)
    except _NotWritten:
        raise CellError(name, value, why) from None


_ARTICLE_CELLS = {name: (decode, why) for name, decode, why in _decoders_of(Article)}
