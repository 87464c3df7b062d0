"""manifest.json under Hypothesis: any bytes give a Manifest, or problems in a few words each.

The manifest is the first file of every sync and every web check, and the
one a hostile host or stick chooses most freely. Whatever its bytes (not
JSON, JSON of the wrong shape in any field, huge numbers, deep nesting,
NUL and control characters, escapes of lone surrogates), `parse_manifest`
gives a Manifest exactly when it finds no problem, with `partial` never
more entries than without problems, and every problem short enough to be
read: a value a rule refuses is quoted, never pasted whole.
"""

from __future__ import annotations

import copy
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.bundle.manifest import Manifest, parse_manifest
from reader.core.errors import Problem
from tests.bundles import bundle_spec

BASE = bundle_spec().manifest
LONGEST_MESSAGE = 400  # a location, a rule, a quoted value

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**30, -(10**30), 2**63, 10**4000])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["\x00", "\ud800", "articles/../x.md", "a" * 300, "2026-13-40"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
FIELDS = ["format", "format_version", "version", "created", "title", "expires", "categories",
          "articles", "pages", "synonyms"]  # fmt: skip
ENTRY_FIELDS = ["id", "path", "sha256", "size", "added", "title", "slug", "name", "description"]


@st.composite
def manifests(draw) -> dict:
    """The test bundle's manifest with a few of its fields, or its entries' fields, changed."""
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            doc[draw(st.sampled_from(FIELDS))] = draw(json_values)
            continue
        listed = [
            v for k in ("categories", "articles", "pages") if isinstance(v := doc.get(k), list)
        ]
        items = [item for items in listed for item in items if isinstance(item, dict)]
        if items:
            item = draw(st.sampled_from(items))
            key = draw(st.sampled_from(ENTRY_FIELDS))
            if draw(st.booleans()):
                item[key] = draw(json_values)
            else:
                item.pop(key, None)
    return doc


def _encoded(doc: object) -> bytes:
    return json.dumps(doc).encode()  # lone surrogates as \ud800 escapes


VALID = _encoded(BASE)


def _check(raw: bytes) -> None:
    for partial in (False, True):
        problems: list[Problem] = []
        manifest = parse_manifest(raw, problems, partial=partial)
        assert manifest is None or isinstance(manifest, Manifest)
        if not partial:
            assert (manifest is None) == bool(problems)
            whole = manifest
        elif manifest is not None and whole is not None:
            assert manifest == whole
        for problem in problems:
            assert isinstance(problem.where, str) and problem.message
            assert len(str(problem)) <= LONGEST_MESSAGE, str(problem)[:200]


@settings(max_examples=300, deadline=None)
@given(
    manifests().map(_encoded)
    | json_values.map(_encoded)
    | st.binary(max_size=200)
    | st.integers(0, len(VALID)).map(lambda n: VALID[:n])
)
# Each failed before: the whole value pasted into the message (a 32 MB manifest, 32 MB of words).
@example(_encoded({**BASE, "categories": [{"slug": "A" * 2000, "name": "x"}]}))
@example(_encoded({**BASE, "articles": [{"id": ["x"] * 500}]}))
@example(_encoded({**BASE, "pages": [{"id": "p", "path": "pages/" + "\\" * 2000}]}))
@example(_encoded({**BASE, "format_version": 10**2000}))
@example(_encoded({**BASE, "articles": [{**BASE["articles"][0], "size": 10**2000}]}))
def test_any_manifest_gives_a_manifest_or_short_problems(raw):
    _check(raw)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), st.sampled_from(["[", '{"a":', '{"categories":[{"slug":']))
def test_deep_nesting_is_refused_in_words(depth, opener):
    _check((opener * depth).encode() + b"0")
