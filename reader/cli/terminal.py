"""Text at the terminal: untrusted text printed safely, and checked when it comes in.

Text from a bundle (titles, names, snippets) and from the command line is
untrusted: an escape sequence printed raw can retitle or rewrite the user's
terminal. Every text print of a command goes through `print_safe` (or
`safe_text`): C0 controls and DEL in caret notation (ESC as ^[), C1
controls, bidirectional overrides and undecodable bytes as \\u escapes. JSON
output (`print_json`) is escaped too.
"""

from __future__ import annotations

import json
import re
import sys

from reader.core.errors import SourceError

_UNSAFE = {code: f"^{chr(code + 64)}" for code in range(0x20)}
_UNSAFE[0x7F] = "^?"
for _code in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _UNSAFE[_code] = f"\\u{_code:04x}"
_LINE_SAFE = dict(_UNSAFE)
del _LINE_SAFE[ord("\t")], _LINE_SAFE[ord("\n")]
_JSON_UNSAFE = {
    code: f"\\u{code:04x}"
    for code in (0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_JSON_UNSAFE.update({code: f"\\u{code:04x}" for code in range(0xD800, 0xE000)})
# Undecodable bytes of a command-line argument arrive as lone surrogates.
_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(value: object, *, multiline: bool = False) -> str:
    """`value` as text safe for a terminal (tabs and newlines kept if `multiline`)."""
    text = str(value).translate(_LINE_SAFE if multiline else _UNSAFE)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_safe(*parts: object, multiline: bool = False) -> None:
    """Print untrusted text on standard output, cleaned (see `safe_text`).

    Characters the output cannot encode (a pipe on Windows takes cp1252: no
    '≥', 'β' nor emoji) are printed as backslash escapes, not a crash.
    """
    text = " ".join(safe_text(p, multiline=multiline) for p in parts)
    try:
        print(text)
    except UnicodeEncodeError:  # raised before a byte is written
        encoding = sys.stdout.encoding or "ascii"
        print(text.encode(encoding, "backslashreplace").decode(encoding))


def print_json(value: object) -> None:
    """Print `value` as one line of JSON, every control character escaped.

    `json.dumps` escapes only U+0000-U+001F; DEL, the C1 controls (U+009B is
    a terminal's CSI), bidi overrides and lone surrogates are escaped here
    (`\\u009b`): they can only stand inside JSON strings, where an escape
    means the same character, so the JSON is unchanged for a program.
    """
    try:
        print(json.dumps(value, ensure_ascii=False, indent=None).translate(_JSON_UNSAFE))
    except UnicodeEncodeError:  # an output that cannot hold every character: the same JSON
        print(json.dumps(value, ensure_ascii=True, indent=None))


def is_undecodable(value: str) -> bool:
    """True if a command-line value holds bytes that were not valid text."""
    return _SURROGATE.search(value) is not None


def text_argument(value: str, what: str) -> str:
    """A command-line value that must be text; undecodable bytes exit 2."""
    if is_undecodable(value):
        raise SourceError(f"{what} '{safe_text(value)}' is not valid text (undecodable bytes)")
    return value
