"""A web update under Hypothesis: whatever the host sends or the cache holds, words or a result.

A hostile or broken static host (or a proxy) chooses every header and byte
of its answers; the cache folder keeps some of them (`state.json`, a
download's `.part.json`) and sends them back in the next request. Whatever
they are, a check gives an UpdatePlan and a download gives the file's exact
bytes, or one of the app's own errors in words (SourceError, BundleRejected,
a FileMismatch that the update turns into a rejection) - never an encoding
or recursion error out of httpx or json. The server is real (127.0.0.1).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.bundle.limits import DEFAULT_LIMITS
from reader.core.bundle.signature import SIGNATURE_NAME, Trust
from reader.core.errors import BundleRejected, ReaderError
from reader.core.library.web_cache import GZ_NAME, WebCache, _gunzip
from reader.core.library.web_download import download
from reader.core.library.web_fetch import Fetcher, FileMismatch, NetworkSettings
from reader.core.library.web_plan import UpdatePlan
from reader.core.library.web_update import check_for_update, update_from_web
from tests.bundles import article_text, write_zip
from tests.core.library.conftest import spec_of
from tests.web_publish import TestKey, publish
from tests.web_server import WebServer, etag_of

ONCE = NetworkSettings(connect_timeout=2, read_timeout=2, attempts=1, backoff=0, budget=5)
FUZZ = settings(max_examples=40, deadline=None)
ARTICLE = "/articles/a-0.md"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
# What a header's value may hold (RFC 9110 5.5: tab, visible ASCII, space, obs-text 0x80-0xFF);
# an answer with other control characters is not HTTP, and httpx refuses it (a SourceError).
header_text = st.text(
    st.characters(max_codepoint=0xFF, exclude_categories=("Cc",)) | st.just("\t"), max_size=40
)
# Header values that look like what they should be, and near misses.
digits = st.sampled_from(["0", "5", "²", "١٢", "9" * 5000, "-1", " 7", "", "*"]) | st.integers(
    0, 10**6
).map(str)
content_ranges = (
    st.builds(
        lambda unit, first, last, total: f"{unit} {first}-{last}/{total}",
        st.sampled_from(["bytes", "Bytes", "items", ""]),
        digits,
        digits,
        digits,
    )
    | header_text
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A signed bundle served by a real server; each test sets its misbehaviour."""
    root = tmp_path_factory.mktemp("site")
    key = TestKey.make()
    spec = spec_of(1, changed={"a-0": article_text("A", simple=" ".join(["Words."] * 400))})
    publish(spec, root, key)
    packed = spec.copy()
    packed.files[SIGNATURE_NAME] = key.sign(spec.raw_manifest())
    write_zip(root / "library.zip", packed)
    with WebServer(root) as server:
        yield server, Trust((key.public,), required=True), spec


# --- state.json: the cache's own file, read back at every check ------------------


@FUZZ
@given(
    st.binary(max_size=100)
    | json_values.map(json.dumps).map(str.encode)
    | st.fixed_dictionaries(
        {"source": st.just("URL")},
        optional={
            "name": st.sampled_from([GZ_NAME, "manifest.json"]) | json_values,
            "etag": header_text | st.text(max_size=20) | json_values,
            "last_modified": header_text | st.text(max_size=20) | json_values,
        },
    )
)
@example(b"[" * 50_000)  # failed before: RecursionError out of the check
@example(
    {"source": "URL", "name": GZ_NAME, "etag": '"caf\u00e9"'}
)  # failed before: UnicodeEncodeError
@example({"source": "URL", "name": GZ_NAME, "etag": 7})  # failed before: TypeError in httpx
@example({"source": "URL", "name": GZ_NAME, "etag": '"a"\n'})  # failed before: "kept breaking off"
def test_any_cached_state_still_gives_a_plan(site, state):
    server, trust, spec = site
    server.behaviour.headers.clear()
    with tempfile.TemporaryDirectory() as tmp:
        cache = WebCache(Path(tmp), server.url)
        cache.store_manifest(spec.raw_manifest(), None)  # so the state's validators are used
        if isinstance(state, dict):
            state = json.dumps({**state, "source": server.url}).encode()
        (cache.folder / "state.json").write_bytes(state)
        plan = check_for_update(Path(tmp), server.url, trust, network=ONCE)
    assert isinstance(plan, UpdatePlan) and plan.version == 1


# --- validators from the server, sent back on the next check -----------------------


@FUZZ
@given(etag=header_text, modified=header_text)
@example(etag='"caf\u00e9"', modified="")  # failed before: UnicodeEncodeError on the 2nd check
@example(etag="", modified="Thu, 01 Jan 2026 00:00:00 GMT\u00ff")
def test_any_validators_the_server_gives_still_give_a_plan_next_time(site, etag, modified):
    server, trust, _spec = site
    server.behaviour.headers.clear()
    server.behaviour.headers["/" + GZ_NAME] = {"ETag": etag, "Last-Modified": modified}
    with tempfile.TemporaryDirectory() as tmp:
        first = check_for_update(Path(tmp), server.url, trust, network=ONCE)
        again = check_for_update(Path(tmp), server.url, trust, network=ONCE)
    assert first.version == again.version == 1


@settings(max_examples=20, deadline=None)
@given(etag=header_text)
@example(etag='"caf\u00e9"')  # failed before 13dcff9: UnicodeEncodeError, next HEAD
def test_a_zip_source_with_any_etag_updates_then_checks_again(site, etag):
    server, trust, _spec = site
    server.behaviour.headers.clear()
    server.behaviour.headers["/library.zip"] = {"ETag": etag}
    url = server.url + "library.zip"
    with tempfile.TemporaryDirectory() as tmp:
        assert update_from_web(Path(tmp), url, trust, network=ONCE).result == "updated"
        plan = check_for_update(Path(tmp), url, trust, network=ONCE)
    assert isinstance(plan, UpdatePlan) and not plan.counts_known


# --- a resumed download: the part, its .part.json and the server's Content-Range ---------


@settings(max_examples=80, deadline=None)
@given(
    have=st.integers(0, 3000),
    validator=st.sampled_from(["REAL"]) | header_text | json_values,
    meta=st.sampled_from(["json", "cut"]) | st.binary(max_size=40),
    content_range=st.none() | content_ranges,
)
@example(have=100, validator="REAL", meta="json", content_range="bytes 100-2/²")  # ValueError
@example(have=100, validator="REAL", meta="json", content_range="bytes 100-2/" + "9" * 5000)
@example(have=100, validator="caf\u00e9", meta="json", content_range=None)  # UnicodeEncodeError
@example(have=100, validator="REAL", meta=b"[" * 50_000, content_range=None)  # RecursionError
def test_any_part_and_content_range_give_the_file_or_words(
    site, have, validator, meta, content_range
):
    server, _trust, spec = site
    data = spec.files[ARTICLE.lstrip("/")]
    server.behaviour.headers.clear()
    if content_range is not None:
        server.behaviour.headers[ARTICLE] = {"Content-Range": content_range}
    url = server.url + ARTICLE.lstrip("/")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "a-0.md"
        part = target.with_name("a-0.md.part")
        part.write_bytes(data[:have])
        if validator == "REAL":
            validator = etag_of(data)
        if meta in ("json", "cut"):
            text = json.dumps({"url": url, "validator": validator}).encode()
            meta = text if meta == "json" else text[: len(text) // 2]
        target.with_name("a-0.md.part.json").write_bytes(meta)
        sha = hashlib.sha256(data).hexdigest()
        try:
            with Fetcher(network=ONCE) as fetcher:
                download(fetcher, url, target, len(data), sha)
        except (ReaderError, FileMismatch):
            assert not target.exists()
        else:
            assert target.read_bytes() == data
        written = {p.name for p in Path(tmp).iterdir()}
        assert written <= {"a-0.md", "a-0.md.part", "a-0.md.part.json"}  # nothing beside it


# --- the .gz manifest -------------------------------------------------------------------

MANIFEST = spec_of(1).raw_manifest()


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=200).map(lambda b: b"\x1f\x8b" + b)
    | st.integers(0, 200).map(lambda n: gzip.compress(MANIFEST, mtime=0)[:n])
    | st.tuples(st.integers(0, 400), st.integers(0, 255)).map(
        lambda t: _flipped(gzip.compress(MANIFEST, mtime=0), *t)
    )
)
def test_any_gz_manifest_unpacks_or_is_rejected_in_words(data):
    try:
        raw = _gunzip(data, DEFAULT_LIMITS, decoded=False)
    except BundleRejected as exc:
        assert [p.where for p in exc.problems] == [GZ_NAME]
    else:
        assert isinstance(raw, bytes)


def _flipped(data: bytes, at: int, value: int) -> bytes:
    at %= len(data)
    return data[:at] + bytes([value]) + data[at + 1 :]
