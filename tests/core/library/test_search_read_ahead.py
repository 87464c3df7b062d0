"""The vocabulary read before the first search, on the helper's thread (issue 16, keystroke).

A big library's first search used to read the index's words itself;
`read_ahead` starts that read on the helper connection's thread, and the
first search then uses it, with the same results as a search that read them.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.library import search, vocabulary
from reader.core.library.store import open_library
from reader.core.library.sync import sync

EMBEDDED = Path(__file__).resolve().parents[3] / "data" / "sci-reader-library.zip"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    data = tmp_path_factory.mktemp("read-ahead") / "data"
    sync(data, EMBEDDED)
    return data


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the threads that read a vocabulary."""
    names: list[str] = []
    real = vocabulary._read

    def spy(conn):
        names.append(threading.current_thread().name)
        return real(conn)

    monkeypatch.setattr(vocabulary, "_read", spy)
    return names


def test_read_ahead_reads_on_the_helper_thread_and_the_first_search_uses_it(
    data, reads, monkeypatch
):
    with open_library(data, create=False, read_only=True) as library:
        expected = search.find(library, "bladdr training")  # read by the search itself
    assert reads == [threading.current_thread().name]
    reads.clear()

    monkeypatch.setattr(search, "SPLIT_FROM", 1)  # the embedded library taken for a big one
    with open_library(data, create=False, read_only=True) as library:
        assert search.read_ahead(library)
        assert search.read_ahead(library)  # a second focus: no second read
        found = search.find(library, "bladdr training")
    assert len(reads) == 1 and reads[0].startswith("library-helper")
    assert [h.id for h in found.hits] == [h.id for h in expected.hits]
    assert found.corrected_query == expected.corrected_query == "bladder training"


def test_a_small_library_is_not_read_ahead(data, reads):
    with open_library(data, create=False, read_only=True) as library:
        assert not search.read_ahead(library)  # its first search reads it in milliseconds
        assert library._helper is None  # no thread started for it
    assert reads == []


def test_a_library_changed_after_the_read_ahead_is_read_again(tmp_path, reads, monkeypatch):
    data = tmp_path / "data"
    sync(data, EMBEDDED)
    monkeypatch.setattr(search, "SPLIT_FROM", 1)
    with open_library(data, create=False) as library:
        assert search.read_ahead(library)
        with open_library(data, create=False) as other:  # a sync, say, on another connection
            other.conn.execute(
                "DELETE FROM articles_fts WHERE rowid = (SELECT min(rowid) FROM articles_fts)"
            )
            other.conn.commit()
        search.find(library, "bladder")
    assert len(reads) == 2  # the words read ahead are older than the file: read again
