"""Every article row's cells checked at once, so that a sync finds the damage a read finds.

A read checks the cells it shows (cells.py): one that is not what a sync
writes makes the library damaged, "a sync rebuilds it". But a sync reads of
the installed articles only their ids, dates, titles and categories
(writer.read_installed), and a re-sync of the same bundle nothing at all: a
damaged explanation, list or section made `show` say "damaged" while `sync`
said "already up to date", or kept the row of an article the bundle left
unchanged, for ever. So a sync asks here whether an article it keeps holds
such a cell, and rebuilds the library if one does.

The question is one SQL query over the columns. It picks every row whose
cells SQL cannot vouch for: a cell a sync always writes as text that is not
text, a JSON cell that is not RFC 8259 JSON (SQLite's `json_valid`) of its
field's shape, any text that is not UTF-8. Only the rows it picks are then
read as a read would read them (`record_from_row`), so a row it picks that a
read accepts (an old app's extra key in a section, say) is not damage. The
query with `elements` is the stricter of the two: a row it passes, a read
accepts (tests/core/library/test_cell_scan.py). A sync asks that one,
and only when the file changed since a sync last left it known sound
(sound_stamp.py): the scan reads all the text, a quarter to half a second
on 10,000 articles, once per change (benchmarks/README.md, "Damaged
article cells").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from reader.core.library.cells import CellError, article_storage, record_from_row
from reader.core.model import JSON_BLOCKS, JSON_LIST, JSON_MAP, Article

# What each element of a JSON cell must be (`json_each`'s row), by how it is stored.
_ELEMENT = {
    JSON_LIST: "type = 'text'",
    JSON_MAP: "type = 'text'",
    # {"heading": text, "text": text} and nothing else; `value` is JSON only
    # for an object, so the rest is asked of objects alone.
    JSON_BLOCKS: "CASE WHEN type = 'object' THEN json_type(value, '$.heading') IS 'text'"
    " AND json_type(value, '$.text') IS 'text'"
    " AND json_remove(value, '$.heading', '$.text') = '{}' ELSE 0 END",
}
_TOP = {JSON_LIST: "array", JSON_BLOCKS: "array", JSON_MAP: "object"}


def _vouched(name: str, stored: str, optional: bool, elements: bool) -> str | None:
    """SQL true when SQL can vouch for the cell; None when any value reads."""
    if stored not in _TOP:
        return None if optional else f"typeof({name}) = 'text'"
    each = f" AND NOT EXISTS (SELECT 1 FROM json_each({name}) WHERE NOT ({_ELEMENT[stored]}))"
    # NULL and "" read as empty, as since the first release.
    return (
        f"CASE WHEN {name} IS NULL OR {name} = '' THEN 1"
        f" WHEN typeof({name}) = 'text' AND json_valid({name})"
        f" THEN json_type({name}) = '{_TOP[stored]}'{each if elements else ''} ELSE 0 END"
    )


_STORAGE = article_storage()
_NAMES = [name for name, _stored, _optional in _STORAGE]
_UTF8 = "_cells_utf8"  # the query's own function: SQL has no test for UTF-8
_DROPPED = "user-defined function raised exception"  # sqlite3's words, the exception lost


def _text_as_bytes(name: str) -> str:
    return f"CASE typeof({name}) WHEN 'text' THEN CAST({name} AS BLOB) END"


def _suspects(elements: bool) -> str:
    return "SELECT rowid FROM articles WHERE NOT ({} AND {}({}))".format(
        " AND ".join(filter(None, (_vouched(*rule, elements) for rule in _STORAGE))),
        _UTF8,
        ", ".join(map(_text_as_bytes, _NAMES)),
    )


_SUSPECTS = {elements: _suspects(elements) for elements in (True, False)}
# A row's cells as stored: each one's type, and a text's bytes (decoded here).
_RAW_ROW = "SELECT {} FROM articles WHERE rowid = ?".format(
    ", ".join(f"typeof({n}), coalesce({_text_as_bytes(n)}, {n})" for n in _NAMES)
)


def _utf8(cells: tuple[bytes | None, ...]) -> bool:
    """Whether each text is UTF-8 without a NUL: SQLite's JSON reads up to one, Python's
    past it (a sync writes none; a row with one is read as a read would)."""
    for cell in cells:
        if cell is None:
            continue
        if b"\0" in cell:
            return False
        try:
            cell.decode()
        except UnicodeDecodeError:
            return False
    return True


def damaged_cell(
    conn: sqlite3.Connection, rows: Collection[int] | None = None, *, elements: bool = True
) -> CellError | None:
    """The first cell a read would refuse in the article rows whose rowids are given
    (every row for None), or None; without `elements`, a JSON cell of its field's
    type whose items are not is not looked for. SQLite's errors are the caller's."""
    if rows is not None and not rows:
        return None
    raised: list[BaseException] = []

    def utf8(*cells: bytes | None) -> bool:
        # sqlite3 turns what a function raises into "user-defined function raised
        # exception" and drops it: a Ctrl-C is kept, and raised once the query is done.
        try:
            return bool(raised) or _utf8(cells)
        except BaseException as exc:
            raised.append(exc)
            return True

    conn.create_function(_UTF8, -1, utf8, deterministic=True)
    try:
        suspects = conn.execute(_SUSPECTS[elements]).fetchall()
    except sqlite3.OperationalError as exc:
        if not raised and str(exc) == _DROPPED:
            # Raised as the function was entered, before its `try` could catch it:
            # only a signal's handler does that, and the app's is Ctrl-C's.
            raise KeyboardInterrupt from exc
        raise
    if raised:
        raise raised[0]
    for (rowid,) in suspects:
        if rows is None or rowid in rows:
            refused = _read_as_a_read_would(conn, rowid)
            if refused is not None:
                return refused
    return None


def _read_as_a_read_would(conn: sqlite3.Connection, rowid: int) -> CellError | None:
    raw = conn.execute(_RAW_ROW, (rowid,)).fetchone()
    row = {}
    for name, kind, value in zip(_NAMES, raw[::2], raw[1::2], strict=True):
        if kind == "text":
            try:
                value = value.decode()  # strictly, as sqlite3 reads a TEXT cell
            except UnicodeDecodeError:
                return CellError(name, value, "not UTF-8 text")
        row[name] = value
    try:
        record_from_row(Article, row)
    except CellError as exc:
        return exc
    return None
