"""Fixtures for the content tests: the fact sheet, the article sources and the shipped ZIP.

Session-scoped: every content test module reads the same 42 files once.
"""

from __future__ import annotations

import json
import zipfile

import pytest

from reader.core.bundle.article import parse_article
from reader.core.bundle.markdown_structure import decode_markdown, split_metadata
from tests.content.library import (
    BUNDLE_ZIP,
    FACTS_FILE,
    SOURCES,
    Record,
    Source,
    normalise_title,
    parse_fact_sheet,
)


@pytest.fixture(scope="session")
def records() -> list[Record]:
    if not FACTS_FILE.is_file():
        pytest.skip(f"fact sheet not found: {FACTS_FILE} (set SCI_FACTS_FILE)")
    return parse_fact_sheet(FACTS_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def manifest() -> dict:
    with zipfile.ZipFile(BUNDLE_ZIP) as archive:
        return json.loads(archive.read("manifest.json"))


@pytest.fixture(scope="session")
def category_slugs() -> set[str]:
    data = json.loads((SOURCES / "categories.json").read_text(encoding="utf-8-sig"))
    if isinstance(data, dict):
        data = data["categories"]
    return {c["slug"] for c in data}


@pytest.fixture(scope="session")
def sources(category_slugs: set[str]) -> list[Source]:
    found = []
    for path in sorted((SOURCES / "articles").glob("*.md")):
        problems: list = []
        text = decode_markdown(path.read_bytes(), path.name, problems)
        assert text is not None, problems
        article = parse_article(path.stem, text, path.name, problems, category_slugs)
        assert article is not None and not problems, [str(p) for p in problems]
        meta, body = split_metadata(text)
        found.append(Source(path, text, meta, body, article))
    assert found, "data/library/articles holds no articles"
    return found


@pytest.fixture(scope="session")
def matched(records: list[Record], sources: list[Source]) -> list[tuple[Source, Record]]:
    """Each article with its one record (DOI first, else normalised title)."""
    pairs = []
    problems = []
    for source in sources:
        doi = source.article.doi
        candidates = [r for r in records if doi and r.doi and r.doi.lower() == doi.lower()]
        if not candidates:
            title = normalise_title(source.article.title)
            candidates = [r for r in records if normalise_title(r.title) == title]
        if len(candidates) != 1:
            problems.append(f"{source.id}: matches {len(candidates)} fact-sheet records")
        else:
            pairs.append((source, candidates[0]))
    assert not problems, "\n".join(problems)
    return pairs
