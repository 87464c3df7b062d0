"""The sync's fast text checks decide exactly what their plain definitions decide.

`nesting_depth`, `split_sections`, the index's markup stripping and the JSON
of list and section columns were made faster for issue 16 (a big sync runs
them on every article). Each is compared here, on arbitrary input built from what matters
to it, with the plain code it replaced, kept as the definition: a faster
check may never find less, nor a faster encoder write other text.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.core.bundle.markdown_structure import split_metadata, split_sections
from reader.core.bundle.textrules import _STRUCTURE_CHARS, line_depth, nesting_depth
from reader.core.library.columns import _encode_blocks, _encode_json
from reader.core.model import Section, _strip_markup, blocks_json


def nesting_depth_defined(text: str, above: int = 0) -> int:
    deepest = 0
    for m in re.finditer(rf"^{_STRUCTURE_CHARS}{{{above + 1},}}.*$", text, re.M):
        deepest = max(deepest, line_depth(m.group(), above))
    return deepest


_H2 = re.compile(r"^ {0,3}##(?!#)")


def split_sections_defined(body: str) -> tuple[str, list[Section]]:
    """Without code fences: every line that is a `##` heading starts a section."""
    lines = body.split("\n")
    starts = [i for i, line in enumerate(lines) if _H2.match(line)]
    if not starts:
        return body, []
    sections = []
    for number, first in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        title = lines[first].split("##", 1)[1].strip().rstrip("#").rstrip()
        text = "\n".join(lines[first + 1 : end]).rstrip()  # blank lines around it dropped,
        text = re.sub(r"^(?:[ \t]*\n)+", "", text)  # the first line's indentation kept
        sections.append(Section(title, text))
    return "\n".join(lines[: starts[0]]) + ("\n" if starts[0] else ""), sections


_MARKUP = str.maketrans(dict.fromkeys("*_`#>~|[]!", " "))


def strip_markup_defined(text: str) -> str:
    return re.sub(r"\]\([^)]*\)", " ", text).translate(_MARKUP)


def texts(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.text(max_size=3), max_size=60).map("".join)


STRUCTURE = [" ", "  ", "    ", "\t", ">", "> ", "*", "- ", "+", "1.", "12)", ".", ")",
             "\n", "\n\n", "a", "_", "***", "- - -"]  # fmt: skip
HEADINGS = ["#", "##", "###", "## T", "\n## S\n", " ", "   ", "    ", "\n", "a", "x ", "\t",
            "\r", "é"]  # fmt: skip
MARKUP = ["*", "_", "`", "#", ">", "~", "|", "[", "]", "!", "(", ")", "](", "[a](b)", "é",
          "\ud83d\ude00", " ", "\n", "a"]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(STRUCTURE), st.sampled_from([0, 1, 2, 3, 16]))
def test_nesting_depth_is_its_definition(text, above):
    assert nesting_depth(text, above) == nesting_depth_defined(text, above)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(HEADINGS))
def test_split_sections_is_its_definition(body):
    assume("```" not in body and "~~~" not in body)  # code fences: read line by line
    assert split_sections(body) == split_sections_defined(body)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(MARKUP))
def test_markup_stripping_is_its_definition(text):
    assert _strip_markup(text) == strip_markup_defined(text)


def test_a_lone_surrogate_survives_markup_stripping():
    assert _strip_markup("a\ud800*b") == "a\ud800 b"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text()) | st.dictionaries(st.text(), st.text()) | JSON_VALUES)
def test_stored_json_is_what_the_json_encoder_writes(value):
    assert _encode_json(value) == json.JSONEncoder(ensure_ascii=False).encode(value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(Section, st.text(), st.text()), max_size=5))
def test_stored_sections_are_what_the_json_encoder_writes(blocks):
    encoded = _encode_blocks(blocks)
    assert encoded == json.JSONEncoder(ensure_ascii=False).encode(blocks_json(blocks))
    assert [Section(**b) for b in json.loads(encoded)] == blocks


_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_META_BEGIN = re.compile(r"^-{3}(\s.*)?")
_META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")


def split_metadata_defined(text: str) -> tuple[dict[str, list[str]], str]:
    """Python-Markdown's Meta-Data extension, line by line, with its own patterns."""
    meta: dict[str, list[str]] = {}
    key = None
    lines = text.split("\n")
    used = 0
    if lines and _META_BEGIN.match(lines[0]):
        used = 1
    for number in range(used, len(lines)):
        line = lines[number].expandtabs(4)  # as its NormalizeWhitespace step does first
        if line.strip() == "" or (number > 0 and _META_END.match(line)):
            used = number + 1
            break
        m = _META.match(line)
        more = _META_MORE.match(line)
        if m:
            key = m.group("key").lower()
            meta.setdefault(key, []).append(m.group("value").strip())
        elif more and key is not None:
            meta[key].append(more.group("value").strip())
        else:
            used = number
            break
        used = number + 1
    return meta, "\n".join(lines[used:])


METADATA = ["Title: A", "title:", "Year: 2020", "    more", "  Doi:x", "---", "...", "--- x",
            "----", "\n", "\n\n", " ", "\t", "a", ":", "-", ".", "é", "Key_1-b:  v "]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(METADATA))
def test_split_metadata_is_its_definition(text):
    assert split_metadata(text) == split_metadata_defined(text)
