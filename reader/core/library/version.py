"""The library's version as its `meta` table keeps it, read in one place.

A sync writes `library_version` as the manifest's version in decimal
(`str(manifest.version)`: ASCII digits, at least 1). The file is on the
reader's disk, though, and may have been damaged or edited, so the value
read back is checked, not trusted: `int()` alone accepts " 3", "٣"
(Arabic-Indic digits) and "-2", and raises a bare ValueError on "x" or on
5,000 digits. Every reader of the version (status, sync's version rules,
the update checks) goes through `library_version`, so they agree: a value
that is not a version makes the library damaged (exit 5, the window's
"damaged" notice), and the next sync rebuilds it like any damaged library,
since its version cannot be compared with a bundle's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from reader.core.library.cells import damaged, shown

KEY = "library_version"
# `[0-9]`, not `\d`: Python's `\d` matches every script's digits. No leading
# zero, sign or space: nothing a sync writes has them.
_DECIMAL = re.compile(r"[1-9][0-9]*")


def library_version(meta: Mapping[str, object], path: Path) -> int | None:
    """The version in `meta` (the library's key/value table); None if it has none
    (nothing synced yet). LibraryUnusable (damaged) if the value is not one a sync
    writes: not text, not plain decimal digits, below 1, or too long for Python.
    """
    if KEY not in meta:
        return None
    value = meta[KEY]
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        try:
            return int(value)
        except ValueError:  # more digits than int() reads (4,300): no manifest has them
            pass
    raise damaged(path, f"its library version is {shown(value)}", "not a version number")
