"""Schema step 4 on a schema-3 file whose `extra_meta` cell is damaged.

Step 4 moves `plain-title` and `study-type` out of `extra_meta` with
`json_extract`, which it trusted: a cell that was not JSON made the
migration fail with "the library file is damaged (malformed JSON)", not
the sentence of a damaged cell; one nested deeper than Python reads, a raw
RecursionError; one that was not UTF-8, "some of its text is not UTF-8";
and a read-only read of such a file failed the same way. Now a row the step
cannot read is left as it is (the keys stay in `extra_meta`), the migration
goes on, and the damaged cell is what a read of any damaged cell is: the one
sentence, "a sync rebuilds it", and a sync does (cell_scan.py). (A value
whose text is not UTF-8 once extracted, a lone surrogate such as "\\ud800",
is damage to an unmigrated read only: after step 4 it is an unknown key,
kept and never shown.)
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import LibraryUnusable
from reader.core.library.cell_scan import damaged_cell
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import INSTALLED_ARTICLES
from tests.core.library.old_schema import back_to_schema_3
from tests.core.library.test_library_cells import AsText

ARTICLE = "alpha-study"
BYTES = st.binary(max_size=4)
KEYS = st.sampled_from(['"plain-title"', '"study-type"', "plain-title", '"plain-title": "x"'])
HOSTILE = [
    "{broken plain-title",
    '["plain-title"]',
    '{"plain-title": 5}',
    '{"plain-title": {"a": "b"}}',
    '{"plain-title": "x", "n": 1}',
    '{"plain-title": "x", "study-type": "cohort"}',
    '{"plain-title": "\\ud800"}',
    '{"plain-title": "x", "k": "\\udc00"}',
    '{"plain-title": ' + "[" * 1500 + "1" + "]" * 1500 + "}",
    '{"plain-title": ' + "1" * 5000 + "}",
    '{"plain-title": "x", "plain-title": 1}',
    AsText('{"plain-title": "x\xff"}'.encode("latin-1")),
    AsText(b'{"plain-title": "\xc3"}'),
    b'{"plain-title": "x"}',
]
CELL_VALUES = (
    st.sampled_from(HOSTILE)
    | st.builds(lambda a, k, b: a + k + b, st.text(max_size=6), KEYS, st.text(max_size=6))
    | st.builds(lambda a, b: AsText(a + b'"plain-title"' + b), st.binary(max_size=4), BYTES)
    | st.builds(lambda a, b: a + b"plain-title" + b, st.binary(max_size=4), BYTES)
)  # fmt: skip


@pytest.fixture
def schema_3(installed, data_dir: Path, tmp_path: Path) -> Path:
    """INSTALLED_ARTICLES as a schema-3 app kept them: a template to copy."""
    back_to_schema_3(data_dir / "library.sqlite3")
    template = tmp_path / "schema-3.sqlite3"
    shutil.move(data_dir / "library.sqlite3", template)
    return template


def with_extra_meta(template: Path, data_dir: Path, value: object) -> None:
    data_dir.mkdir(exist_ok=True)
    for leftover in data_dir.iterdir():
        leftover.unlink()
    shutil.copy(template, data_dir / "library.sqlite3")
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    cell = "CAST(? AS TEXT)" if isinstance(value, AsText) else "?"
    stored = bytes(value) if isinstance(value, AsText) else value
    with conn:
        conn.execute(f"UPDATE articles SET extra_meta = {cell} WHERE id = ?", (stored, ARTICLE))
    conn.close()


def reads(data_dir: Path, *, read_only: bool) -> str:
    """What the commands show of the article (not `extra_meta`, kept but never shown,
    which step 4 tidies), or "damaged", said in the damaged library's one sentence."""
    try:
        with open_library(data_dir, create=False, read_only=read_only) as library:
            library.list_articles()
            article = library.get_article(ARTICLE)
            return f"{article.plain_title!r} {article.study_type!r}"
    except LibraryUnusable as exc:
        (line,) = str(exc).splitlines()
        assert exc.damaged and line.endswith("; a sync rebuilds it"), line
        return "damaged"


def test_step_4_leaves_a_damaged_extra_meta_for_a_read_to_find_and_a_sync_to_rebuild(
    schema_3, data_dir
):
    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(CELL_VALUES)
    def check(value):
        with_extra_meta(schema_3, data_dir, value)
        read_only = reads(data_dir, read_only=True)  # schema 3, read as it is
        migrated = reads(data_dir, read_only=False)  # step 4 runs first
        if read_only != "damaged":  # as an unmigrated read of the file shows it
            assert migrated == read_only
        conn = sqlite3.connect(data_dir / "library.sqlite3")
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
        assert (damaged_cell(conn) is not None) == (migrated == "damaged")
        conn.close()

    check()


@pytest.mark.parametrize("bundle", ["same", "newer"])
@pytest.mark.parametrize("value", [HOSTILE[0], HOSTILE[1], HOSTILE[11], HOSTILE[13]], ids=repr)
def test_a_sync_rebuilds_what_step_4_left_damaged(schema_3, data_dir, make_bundle, bundle, value):
    with_extra_meta(schema_3, data_dir, value)
    assert reads(data_dir, read_only=False) == "damaged"
    version = 1 if bundle == "same" else 2

    result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=version, kind="zip"))

    assert (result.result, result.added) == ("updated", len(INSTALLED_ARTICLES))
    assert reads(data_dir, read_only=True) == "None None"


@pytest.mark.parametrize("value", [HOSTILE[2], HOSTILE[4], HOSTILE[8]], ids=lambda v: v[:24])
def test_a_newer_bundle_rebuilds_a_map_whose_values_step_4_could_not_move(
    schema_3, data_dir, make_bundle, value
):
    """A JSON object whose values are not all text (or nested past Python's
    reach) is found by the stricter query of a sync that changes the library;
    a re-sync of the same bundle asks the cheaper one (cell_scan.py)."""
    with_extra_meta(schema_3, data_dir, value)
    assert reads(data_dir, read_only=False) == "damaged"

    result = sync(data_dir, make_bundle(INSTALLED_ARTICLES, version=2, kind="zip"))

    assert (result.result, result.added) == ("updated", len(INSTALLED_ARTICLES))
    assert reads(data_dir, read_only=True) == "None None"
