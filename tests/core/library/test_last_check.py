"""`last-check.json` read back under Hypothesis: a damaged record is no record, never a crash.

`status` and the window read the record the app wrote; a disk error, a
half-written file or another program can leave anything there. Whatever
the bytes, `read_last_check` gives a LastCheck of three strings with a known
result, or None, which the daily schedule (`check_due`) reads without
fail; a record the app could have written comes back whole.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.config import ClinicConfig
from reader.core.library.last_check import (
    RESULTS,
    LastCheck,
    last_check_path,
    read_last_check,
    record_last_check,
)
from reader.core.library.update_check import check_due

# The window's daily schedule reads `at` as a moment: the edges of what ISO 8601 allows.
STAMPS = ["2026-11-20T10:00:00Z", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59",
          "2026-11-20", "2026-11-20T10:00:00", "2026-13-40T99:99:99Z", ""]  # fmt: skip
DAILY = ClinicConfig(update_source="/media/usb/library.zip", update_check="daily")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "at": st.sampled_from(STAMPS) | json_values,
        "source": st.text() | json_values,
        "result": st.sampled_from(RESULTS) | json_values,
    },
)
written = st.builds(
    LastCheck,
    st.just("2026-11-20T10:00:00Z"),
    st.text(),  # a path or address, NUL, controls and lone surrogates included
    st.sampled_from(RESULTS),
)


def _read(content: bytes) -> LastCheck | None:
    with tempfile.TemporaryDirectory() as tmp:
        last_check_path(Path(tmp)).write_bytes(content)
        return read_last_check(Path(tmp))


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=200)
    | records.map(lambda d: json.dumps(d).encode())
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.tuples(written, st.integers(0, 80)).map(
        lambda t: json.dumps(t[0].to_json()).encode()[: t[1]]  # cut short by a full disk
    )
)
@example(b"[" * 60_000)  # failed before: RecursionError out of `status`
@example(b'{"at": ["x"], "source": {}, "result": "offline"}')  # failed before: "['x']" as a time
def test_any_record_reads_as_a_check_or_none(content):
    check = _read(content)
    if check is not None:  # exactly what the file holds: three strings, a known result
        doc = json.loads(content)
        assert check == LastCheck(doc["at"], doc["source"], doc["result"])
        assert all(isinstance(v, str) for v in (check.at, check.source, check.result))
        assert check.result in RESULTS
    assert check_due(DAILY, check, starting=False) in (True, False)


@settings(max_examples=60, deadline=None)
@given(st.text(), st.sampled_from(RESULTS))
@example("/media/usb/caf\udce9.zip", "updated")  # a path's undecodable byte, as Python keeps it
def test_a_record_the_app_writes_reads_back_whole(source, result):
    with tempfile.TemporaryDirectory() as tmp:
        check = record_last_check(Path(tmp), source, result)
        assert read_last_check(Path(tmp)) == check
        assert check.source == source
