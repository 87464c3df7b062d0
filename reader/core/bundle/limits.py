"""The bundle format's size limits, in one place.

A bundle comes from outside, so everything it can make the reader store or
render is bounded: the files (bytes), and the text inside them (characters,
counts, nesting). The defaults are generous: the embedded library (42
articles) stays far below each of them (its largest values are noted
beside each limit). A configuration may make them stricter.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The format's default limits; a configuration may make them stricter."""

    # Files.
    manifest_bytes: int = 32 * 1024 * 1024
    file_bytes: int = 1024 * 1024
    entries: int = 200_000
    total_bytes: int = 2 * 1024 * 1024 * 1024
    # Text in the manifest (embedded library: 33, 34, 130 and 21 characters).
    library_title_chars: int = 200
    category_name_chars: int = 200
    category_description_chars: int = 1000
    page_title_chars: int = 200
    # Text in an article's metadata block (embedded library: title 207
    # characters, other values 170, 3 categories, 10 keys).
    title_chars: int = 1000
    meta_value_chars: int = 1000
    plain_title_chars: int = 120  # the format itself says "at most 120 characters"
    categories_per_article: int = 50
    meta_keys: int = 100
    # Markdown (embedded library: nesting depth 1). Line length is not
    # limited: the renderer is linear whatever the lines (see text/render.py).
    nesting_depth: int = 16


DEFAULT_LIMITS = Limits()
