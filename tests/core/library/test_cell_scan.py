"""A damaged article cell that a read refuses is found and rebuilt by a sync.

Before, a sync read of the installed articles only their ids, dates, titles
and categories, and a re-sync of the same bundle only `meta`: with an
explanation, a findings list or a section damaged (a blob, text that is
not UTF-8, broken JSON), `show` said "the library file is damaged ...; a
sync rebuilds it", but `sync` with the same bundle said "already up to
date", and one with a newer bundle that left the article unchanged kept the
damaged row. Now both find it (cell_scan.py) and rebuild the library, the
damaged file set aside.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import LibraryUnusable
from reader.core.library import cell_scan
from reader.core.library.cell_scan import damaged_cell
from reader.core.library.columns import stored_fields
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from reader.core.model import Article
from tests.bundles import INSTALLED_ARTICLES, article_text
from tests.core.library.test_article_cells import read_everything
from tests.core.library.test_library_cells import AsText

ARTICLE = "alpha-study"
# (column, SQL value): a blob, text that is not UTF-8, JSON that is not JSON.
DAMAGE = [
    ("simple_explanation", "x'ff00'"),
    ("simple_explanation", "CAST(x'41ff' AS TEXT)"),
    ("key_findings", "x'5b5d'"),
    ("key_findings", "CAST(x'5b2241ff225d' AS TEXT)"),
    ("key_findings", "'[broken'"),
    ("practical_implications", '\'[{"heading": "H"\''),
    ("study_limitations", "'{}'"),
    ("extra_meta", "'[]'"),
    ("journal", "CAST(x'ff' AS TEXT)"),
]


def damage(data_dir: Path, column: str, sql_value: str) -> None:
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute(f"UPDATE articles SET {column} = {sql_value} WHERE id = ?", (ARTICLE,))
    conn.close()
    with pytest.raises(LibraryUnusable) as caught, open_library(data_dir, read_only=True) as lib:
        lib.get_article(ARTICLE)
    assert str(caught.value).endswith("; a sync rebuilds it")


def assert_rebuilt(data_dir: Path) -> None:
    with open_library(data_dir, read_only=True) as library:
        assert library.get_article(ARTICLE).title == "Old alpha title"
    assert len(list(data_dir.glob("library.sqlite3.damaged-????????-??????"))) == 1


@pytest.mark.parametrize("kind", ["zip", "dir"])  # a ZIP is told up to date from its first entries
@pytest.mark.parametrize(("column", "sql_value"), DAMAGE)
def test_a_sync_of_the_same_bundle_rebuilds_a_damaged_article_cell(
    installed, data_dir, make_bundle, kind, column, sql_value
):
    bundle = make_bundle(INSTALLED_ARTICLES, version=1, kind=kind)
    damage(data_dir, column, sql_value)

    result = sync(data_dir, bundle)

    assert (result.result, result.version, result.added) == ("updated", 1, len(INSTALLED_ARTICLES))
    assert_rebuilt(data_dir)
    assert sync(data_dir, bundle).result == "up-to-date"


@pytest.mark.parametrize(("column", "sql_value"), DAMAGE)
def test_a_newer_bundle_that_leaves_the_article_unchanged_rebuilds_its_damaged_cell(
    installed, data_dir, make_bundle, column, sql_value
):
    changed = {**INSTALLED_ARTICLES, "delta-study": article_text("New delta", "general", "Hi.")}
    damage(data_dir, column, sql_value)

    result = sync(data_dir, make_bundle(changed, version=2))

    assert (result.result, result.version) == ("updated", 2)
    assert_rebuilt(data_dir)


def test_a_sound_library_is_up_to_date_and_never_set_aside(installed, data_dir, make_bundle):
    for kind in ("zip", "dir"):
        bundle = make_bundle(INSTALLED_ARTICLES, version=1, kind=kind)
        assert sync(data_dir, bundle).result == "up-to-date"
    # A library this small is scanned at each sync: no stamp (sound_stamp.STAMP_FROM_BYTES).
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]


# JSON that SQLite reads and Python does not, or the other way round, and shapes.
JSON_TEXTS = [
    "['a']", '["a",]', '{a: "b"}', "[NaN]", '["a"]\x00', '["a"] ', '["\\ud800"]', "[1]",
    '[["a"]]', '[{"heading": "h", "text": "t"}]', '[{"heading": "h", "text": "t", "x": 1}]',
    '[{"heading": "h", "heading": 1, "text": "t"}]', '[{"heading": "h", "text": 1}]',
    '{"k": "v"}', '{"k": "v", "k": 1}', '{"k": 1}', "[" * 3000 + "]" * 3000,
    '[{"heading": "h", "text": "t", "n": ' + "1" * 5000 + "}]", "null", '"a"', "[]",
]  # fmt: skip
CELL_VALUES = (
    st.sampled_from(JSON_TEXTS)
    | st.text(max_size=12)
    | st.binary(max_size=6)
    | st.binary(max_size=6).map(AsText)
    | st.none()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
)


def test_the_scan_finds_exactly_what_a_read_refuses(installed, data_dir):
    """Whatever a cell holds: the full scan finds damage if, and only if, a read
    refuses the article; the cheaper one (a re-sync's) never finds damage a read
    would not see."""
    path = data_dir / "library.sqlite3"
    with sqlite3.connect(path) as conn:
        (synced,) = conn.execute(
            f"SELECT {', '.join(stored_fields(Article))} FROM articles WHERE id = ?", (ARTICLE,)
        ).fetchall()
    conn.close()

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(stored_fields(Article)[1:]), CELL_VALUES)
    def check(column, value):
        conn = sqlite3.connect(path)
        with conn:
            names = stored_fields(Article)
            conn.execute(
                f"UPDATE articles SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                (*synced, ARTICLE),
            )
            cell = "CAST(? AS TEXT)" if isinstance(value, AsText) else "?"
            stored = bytes(value) if isinstance(value, AsText) else value
            conn.execute(f"UPDATE articles SET {column} = {cell} WHERE id = ?", (stored, ARTICLE))
        found = damaged_cell(conn)
        cheap = damaged_cell(conn, elements=False)
        conn.close()
        try:
            read_everything(data_dir)
            refused = False
        except LibraryUnusable as exc:
            refused = exc.damaged
        assert (found is not None) == refused, (column, value, found)
        if cheap is not None:
            assert refused and cheap.column == column
        if found is not None:
            assert found.column == column
            json.dumps(found.why)

    check()


def test_a_ctrl_c_during_the_scan_is_raised_as_one(installed, data_dir, monkeypatch):
    """sqlite3 drops what a function of a query raises ("user-defined function raised
    exception"): a Ctrl-C in the UTF-8 test made a sync say the library "cannot be
    used" (exit 5) instead of that it was interrupted."""

    def interrupted(cells):
        raise KeyboardInterrupt

    monkeypatch.setattr(cell_scan, "_utf8", interrupted)
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        with pytest.raises(KeyboardInterrupt):
            damaged_cell(conn)
    finally:
        conn.close()


class _EnteredAndInterrupted(sqlite3.Connection):
    """A Ctrl-C as the query's function is entered, before its `try`: sqlite3 drops it."""

    def create_function(self, name, narg, func, **options):
        def interrupted(*cells):
            raise KeyboardInterrupt

        super().create_function(name, narg, interrupted, **options)


def test_a_ctrl_c_sqlite3_dropped_is_raised_as_one(installed, data_dir):
    conn = sqlite3.connect(data_dir / "library.sqlite3", factory=_EnteredAndInterrupted)
    try:
        with pytest.raises(KeyboardInterrupt):
            damaged_cell(conn)
    finally:
        conn.close()
