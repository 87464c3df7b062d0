"""An article's fields as the library's column values, written fast for a sync.

`model.py` says how each field is kept (`PLAIN`, `JSON_LIST`, `JSON_BLOCKS`,
`JSON_MAP`); this module turns an article into the values of its row in
that field order, and names every column of the `articles` table. It is a
job apart because a sync encodes thousands of articles: the JSON text is
written here by hand where `json`'s encoder would cost several times as
much. Reading a row back, each cell checked, is `cells.py`'s job.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from json.encoder import encode_basestring  # the encoder's own, ensure_ascii=False
from typing import Any

from reader.core.model import (
    JSON_BLOCKS,
    JSON_LIST,
    JSON_MAP,
    PLAIN,
    Article,
    Section,
    blocks_json,
    stored_as,
)

# Columns of an article's row that are not article fields: where its file is
# (from the manifest entry) and the plain text the search index reads.
ENTRY_COLUMNS = ("path", "sha256", "size")
SEARCH_COLUMNS = ("search_summary", "search_details")

_json_encoder = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps builds one per call


def _encode_json(value: Any) -> str:
    """`value` as JSON text, as `_json_encoder` writes it.

    A list of strings (categories, findings, limitations) is joined here and
    an empty map written at once: a sync encodes six values per article, and
    the encoder's set-up was most of each one's cost.
    """
    if type(value) is list:
        if all(type(item) is str for item in value):
            return "[" + ", ".join(map(encode_basestring, value)) + "]"
    elif type(value) is dict and not value:
        return "{}"
    return _json_encoder(value)


Coder = Callable[[Any], Any] | None  # None: the value as it is


def _encode_blocks(blocks: list[Section]) -> str:
    """`_encode_json(blocks_json(blocks))`, the same text written straight from the Sections.

    Two per article in a sync; through the encoder, with a dict per block,
    each cost several times as much.
    """
    if not blocks:
        return "[]"
    if not all(type(b.heading) is str and type(b.text) is str for b in blocks):
        return _encode_json(blocks_json(blocks))
    return (
        "["
        + ", ".join(
            '{"heading": ' + encode_basestring(b.heading) + ', "text": ' + encode_basestring(b.text)
            + "}"
            for b in blocks
        )
        + "]"
    )  # fmt: skip


_TO_COLUMN: dict[str, Coder] = {
    PLAIN: None,
    JSON_LIST: _encode_json,
    JSON_BLOCKS: _encode_blocks,
    JSON_MAP: _encode_json,
}


def stored_fields(record_type: type = Article) -> tuple[str, ...]:
    """The names of a record's fields, each one library column."""
    return tuple(f.name for f in fields(record_type))


def article_columns(article_type: type = Article) -> tuple[str, ...]:
    """Every column of the library's `articles` table."""
    return (*stored_fields(article_type), *ENTRY_COLUMNS, *SEARCH_COLUMNS)


# Worked out once per record type: a sync turns thousands of articles into rows.
_encoders: dict[type, tuple[tuple[str, Coder], ...]] = {}


def article_to_row(article: Article) -> dict[str, Any]:
    """An article's fields as library column values (JSON text for lists and maps)."""
    return dict(zip(stored_fields(type(article)), article_values(article), strict=True))


def article_values(article: Article) -> tuple[Any, ...]:
    """`article_to_row`'s values alone, in field order (a sync's rows are tuples)."""
    encoders = _encoders.get(type(article))
    if encoders is None:
        encoders = tuple((f.name, _TO_COLUMN[stored_as(f)]) for f in fields(article))
        _encoders[type(article)] = encoders
    return tuple(
        [
            getattr(article, name) if encode is None else encode(getattr(article, name))
            for name, encode in encoders
        ]
    )
