"""ZIP bundles under Hypothesis: a damaged or hostile ZIP is refused in words, or read exactly.

A ZIP file on a USB stick or from a web host is read by hand first
(zip_format.py: the central directory, a peek at the first entry) and by
`zipfile` for anything unusual. Whatever its bytes (one changed, some cut
off or put in, a central directory that lies, entry names with `..`, a
NUL, backslashes or a drive), `bundle check` and sync give their result
or BundleRejected / SourceError, agree on which, and write nothing but the
data folder; the hand-read directory and peek give their answer or None.
"""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.bundle.walk import check_bundle
from reader.core.bundle.zip_format import peek_zip_entries, read_directory
from reader.core.errors import BundleRejected, SourceError
from reader.core.library.sync import sync
from tests.bundles import bundle_spec

FUZZ = settings(max_examples=60, deadline=None)


def _valid_zip() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return bundle_spec().write(Path(tmp) / "b.zip", "zip").read_bytes()


VALID = _valid_zip()
END = VALID.rfind(b"PK\x05\x06")
CENTRAL = struct.unpack_from("<L", VALID, END + 16)[0]
# Where a changed byte matters most: the first local header, the central directory, its end.
HOT = [*range(0, 46), *range(CENTRAL, CENTRAL + 46), *range(END, len(VALID))]


def _changed(at: int, value: int) -> bytes:
    return VALID[:at] + bytes([value]) + VALID[at + 1 :]


damaged = st.one_of(
    st.tuples(st.sampled_from(HOT) | st.integers(0, len(VALID) - 1), st.integers(0, 255)).map(
        lambda t: _changed(*t)
    ),
    st.lists(st.tuples(st.sampled_from(HOT), st.integers(0, 255)), min_size=2, max_size=6).map(
        lambda changes: _apply(changes)
    ),
    st.integers(0, len(VALID)).map(lambda n: VALID[:n]),
    st.tuples(st.integers(0, len(VALID)), st.binary(min_size=1, max_size=30)).map(
        lambda t: VALID[: t[0]] + t[1] + VALID[t[0] :]
    ),
    st.binary(max_size=100).map(lambda b: b + VALID[END:]),  # a directory's end, nothing else
)


def _apply(changes: list[tuple[int, int]]) -> bytes:
    data = bytearray(VALID)
    for at, value in changes:
        data[at] = value
    return bytes(data)


def _outcomes(path: Path, data_dir: Path) -> tuple[bool, bool]:
    """(check_bundle accepted, sync accepted); anything but words escapes and fails."""
    try:
        check_bundle(path)
        checked = True
    except (BundleRejected, SourceError) as exc:
        assert str(exc)
        checked = False
    try:
        sync(data_dir, path)
        synced = True
    except (BundleRejected, SourceError) as exc:
        assert str(exc)
        synced = False
    return checked, synced


def _utf8_flag_on_a_name_that_is_not() -> bytes:
    data = bytearray(VALID)
    data[CENTRAL + 9] |= 0x08  # general purpose flag 0x800: the name is UTF-8
    data[CENTRAL + 46] = 0xFF  # its first byte is not
    return bytes(data)


@FUZZ
@given(damaged)
@example(_changed(CENTRAL + 6, 64))  # failed before: NotImplementedError("zip file version 6.4")
@example(_utf8_flag_on_a_name_that_is_not())  # failed before: UnicodeDecodeError
def test_a_damaged_zip_is_read_or_refused_alike_by_check_and_sync(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bundle.zip"
        path.write_bytes(data)
        with open(path, "rb") as stream:
            directory = read_directory(stream)
        assert directory is None or isinstance(directory, dict)
        peeked = peek_zip_entries(path, ("manifest.json", "manifest.sig"), 1 << 20)
        assert len(peeked) == 2 and all(p is None or isinstance(p, bytes) for p in peeked)
        checked, synced = _outcomes(path, Path(tmp) / "data")
        assert checked == synced
        assert {p.name for p in Path(tmp).iterdir()} <= {"bundle.zip", "data"}


NAMES = ["../evil.md", "/abs.md", "C:/x.md", "articles\\x.md", "articles/../../x.md", "a\x00b",
         "articles/./x.md", "articles//x.md", "manifest.json", "articles/alpha-study.md",
         "é" * 200, "articles/" + "x" * 5000 + ".md", "\u202e.md", ""]  # fmt: skip


@FUZZ
@given(st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=30), st.binary(max_size=20),
                       min_size=1, max_size=4))  # fmt: skip
def test_any_extra_entry_names_are_read_or_refused_and_nothing_is_written_outside(extra):
    spec = bundle_spec()
    spec.extra_zip_entries = extra
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        try:
            path = spec.write(folder / "bundle.zip", "zip")
        except (ValueError, UnicodeEncodeError):  # a name zipfile itself cannot write
            return
        checked, synced = _outcomes(path, folder / "data")
        assert checked == synced
        assert [p.name for p in Path(tmp).iterdir()] == ["in"]
        assert {p.name for p in folder.iterdir()} <= {"bundle.zip", "data"}
