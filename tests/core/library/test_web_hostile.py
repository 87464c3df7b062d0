"""Web updates against hosts that trickle or send the update elsewhere: they end, in words.

The server is real (127.0.0.1); the budget is shortened as the other web
tests do, so that a trickle that would hold a sync for ever ends in a second.
"""

from __future__ import annotations

import gzip
import time
import tracemalloc

import pytest

from reader.core.errors import SourceError, SyncCancelled
from reader.core.library.web_fetch import Fetcher, NetworkSettings, TooLarge
from reader.core.library.web_guard import redirect_problem
from reader.core.library.web_update import check_for_update, update_from_web
from tests.bundles import library_snapshot
from tests.core.library.conftest import QUICK, spec_of
from tests.web_publish import publish

# A budget of one second, a few bytes of progress: a byte every 0.1 s is a trickle.
STALLS = NetworkSettings(connect_timeout=2, read_timeout=2, attempts=3, backoff=0.01, budget=1)


def _installed(data_dir, served, key, trust) -> dict:
    publish(spec_of(1), served.root, key)
    update_from_web(data_dir, served.url, trust, network=QUICK)
    publish(spec_of(2, count=7), served.root, key)
    served.reset_counts()
    return library_snapshot(data_dir)


@pytest.mark.parametrize("path", ["/manifest.json.gz", "/articles/a-6.md"])
def test_a_host_that_trickles_gives_up_within_the_budget(data_dir, served, key, trust, path):
    # failed before: bytes reset the budget, so a byte a second held the sync for ever
    before = _installed(data_dir, served, key, trust)
    served.behaviour.trickle[path] = 0.1
    start = time.monotonic()

    with pytest.raises(SourceError) as caught:
        update_from_web(data_dir, served.url, trust, network=STALLS)

    assert time.monotonic() - start < 4
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        "127.0.0.1 is sending too slowly to finish (under 4 KB in 1 seconds); nothing was "
        "changed. Try again later: what came so far is kept"
    )
    assert [r.path for r in served.requests].count(path) == 1  # no tries after the budget
    assert library_snapshot(data_dir) == before


def test_a_slow_host_that_keeps_sending_is_never_cut_off(data_dir, served, key, trust):
    before = _installed(data_dir, served, key, trust)
    served.behaviour.trickle["/articles/a-6.md"] = 0.004  # ~250 bytes a second
    slow_but_working = NetworkSettings(
        connect_timeout=2, read_timeout=2, attempts=1, backoff=0, budget=0.5, progress_bytes=64
    )

    result = update_from_web(data_dir, served.url, trust, network=slow_but_working)

    assert (result.version, result.added) == (2, 2)
    assert library_snapshot(data_dir) != before


def test_a_trickled_manifest_is_cancelled_at_once(data_dir, served, key, trust):
    """The window's Close waits for its check: a cancel must be heard between bytes."""
    # failed before: only heard between tries, and a trickle is one try that never ends
    before = _installed(data_dir, served, key, trust)
    served.behaviour.trickle["/manifest.json.gz"] = 0.05
    start = time.monotonic()

    with pytest.raises(SyncCancelled):
        check_for_update(
            data_dir, served.url, trust, network=QUICK,
            cancelled=lambda: time.monotonic() - start > 0.3,
        )  # fmt: skip

    assert time.monotonic() - start < 2
    assert library_snapshot(data_dir) == before


ELSEWHERE = "to another host over plain http://"


@pytest.mark.parametrize(
    "source, target, problem",
    [
        ("https://cdn.example/lib/m", "http://cdn.example/lib/m", "from https:// down to plain http://"),
        ("https://cdn.example/lib/m", "http://127.0.0.1/m", "from https:// down to plain http://"),
        ("http://127.0.0.1:8000/m", "http://10.0.0.1/login", "from this computer out over plain http://"),
        ("http://localhost/m", "http://example.org/m", "from this computer out over plain http://"),
        ("https://a.example/m", "https://b.example/m", None),
        ("http://127.0.0.1:8000/m", "https://cdn.example/m", None),
        ("http://127.0.0.1:8000/m", "http://localhost:8001/m", None),
        # A plain-http source elsewhere (the command line takes one): its own host's
        # redirects, such as a folder's trailing slash, are followed (refused before,
        # "from this computer out"); another host's, a login page's, are not.
        ("http://intranet.example/lib", "http://intranet.example/lib/", None),
        ("http://intranet.example/lib", "http://intranet.example:8080/lib/", None),
        ("http://intranet.example/lib", "http://portal.example/login", ELSEWHERE),
    ],
)  # fmt: skip
def test_a_redirect_is_followed_only_where_the_address_itself_may_point(source, target, problem):
    assert redirect_problem(source, target) == problem


def test_a_small_answer_labelled_gzip_is_unpacked_only_to_its_limit(served):
    """A gzip bomb sent as Content-Encoding: each network read of it is 64 MB unpacked."""
    # failed before: httpx unpacked each read whole, 160 MB held for a 32 MB manifest
    served.behaviour.body["/manifest.json"] = gzip.compress(b" " * (200 << 20), 9)
    served.behaviour.headers["/manifest.json"] = {"Content-Encoding": "gzip"}
    tracemalloc.start()
    try:
        with Fetcher(network=QUICK) as fetcher, pytest.raises(TooLarge):
            fetcher.get(served.url + "manifest.json", 1 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20  # the limit, a read, and the server thread's own; was 140 MB
    assert served.requests[0].headers["accept-encoding"] == "gzip, deflate"


def _seconds_to_cancel_a_check(data_dir, url: str, trust) -> float:
    """A check cancelled 0.3 s in, with time-outs and a budget long enough that only the
    cancel can end it that soon: how long it took to end."""
    patient = NetworkSettings(connect_timeout=10, read_timeout=10, attempts=3, backoff=1, budget=30)
    start = time.monotonic()
    with pytest.raises(SyncCancelled):
        check_for_update(
            data_dir, url, trust, network=patient,
            cancelled=lambda: time.monotonic() - start > 0.3,
        )  # fmt: skip
    return time.monotonic() - start


def test_a_cancel_is_heard_while_a_host_says_nothing(data_dir, served, key, trust):
    # failed before: heard only when the read timed out (here 10 s), then between tries
    before = _installed(data_dir, served, key, trust)
    served.behaviour.hang = True

    assert _seconds_to_cancel_a_check(data_dir, served.url, trust) < 2
    assert len(served.requests) == 1
    assert library_snapshot(data_dir) == before


def test_a_cancel_is_heard_while_waiting_out_a_retry_after(data_dir, served, key, trust):
    # A busy host asks for 9 s between tries, which the update keeps to (within its 10 s):
    # the window's Close must not wait that out.
    before = _installed(data_dir, served, key, trust)
    served.behaviour.status["/manifest.json.gz"] = 503
    served.behaviour.headers["/manifest.json.gz"] = {"Retry-After": "9"}

    assert _seconds_to_cancel_a_check(data_dir, served.url, trust) < 2
    assert served.paths() == ["/manifest.json.gz"]  # the wait was kept to, then cancelled
    assert library_snapshot(data_dir) == before
