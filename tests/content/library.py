"""Shared reading of the embedded library's sources and the fact sheet behind them.

The summaries in data/library/ were written from a fact sheet of 42 papers
(/work/shared/facts/sci-papers.yaml, or the file named by SCI_FACTS_FILE).
The content tests (test_library_content, test_library_plain) share this
reader of the sheet and of the article sources; conftest.py holds the
fixtures built on it.

PyYAML is not a dependency, so the fact sheet is read by a small reader of
its simple structure (top-level list of records, two-space keys, inline
`[a, b]` lists, four-space `- "item"` lists, `# comments`). Anything else in
the file makes the reader fail loudly rather than guess.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.bundle.article import Article

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SOURCES = DATA / "library"
BUNDLE_ZIP = DATA / "sci-reader-library.zip"
FACTS_FILE = Path(os.environ.get("SCI_FACTS_FILE", "/work/shared/facts/sci-papers.yaml"))

# Numbers as a reader sees them: 994,875 and 994875 are the same number;
# 16.0 and 16 are not (a summary must not round differently from the paper).
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", re.ASCII)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"'<>\]]+", re.ASCII)


# --------------------------------------------------------------------------
# The fact sheet
# --------------------------------------------------------------------------


@dataclass
class Record:
    line: int
    fields: dict[str, str | list[str]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def get(self, key: str) -> str | None:
        value = self.fields.get(key)
        assert value is None or isinstance(value, str), f"{key} is a list"
        return value

    @property
    def title(self) -> str:
        return self.get("title") or ""

    @property
    def doi(self) -> str | None:
        return self.get("doi")

    @property
    def doi_verified(self) -> bool:
        value = self.get("doi_verified")
        assert value in ("true", "false"), f"record at line {self.line}: doi_verified={value}"
        return value == "true"

    @property
    def categories(self) -> list[str]:
        value = self.fields.get("categories")
        assert isinstance(value, list), f"record at line {self.line}: categories is not a list"
        return value

    def numbers(self) -> set[str]:
        """Every number the record states: all fields but provenance, plus comments."""
        parts = list(self.comments)
        for key, value in self.fields.items():
            if key == "source_seen":
                continue
            parts.extend(value if isinstance(value, list) else [value])
        return numbers_in("\n".join(parts))


_RECORD_START = re.compile(r"^- (?P<key>[a-z_]+):[ \t]*(?P<value>.*)$")
_RECORD_KEY = re.compile(r"^  (?P<key>[a-z_]+):[ \t]*(?P<value>.*)$")
_LIST_ITEM = re.compile(r"^    - (?P<value>.*)$")


def _scalar(raw: str, where: str) -> tuple[str | list[str], str | None]:
    """A value and its trailing comment, if any."""
    raw = raw.strip()
    if raw.startswith('"'):
        end = raw.find('"', 1)
        if end < 0:
            raise ValueError(f"{where}: unterminated quoted value")
        rest = raw[end + 1 :].strip()
        if rest and not rest.startswith("#"):
            raise ValueError(f"{where}: text after a quoted value: {rest!r}")
        return raw[1:end], (rest[1:].strip() or None) if rest else None
    comment = None
    m = re.search(r"\s#\s?(.*)$", raw)
    if m:
        comment = m.group(1).strip()
        raw = raw[: m.start()].strip()
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise ValueError(f"{where}: unterminated inline list")
        return [item.strip() for item in raw[1:-1].split(",") if item.strip()], comment
    return raw, comment


def parse_fact_sheet(text: str) -> list[Record]:
    if '\\"' in text:
        raise ValueError("escaped quotes are beyond this reader")
    records: list[Record] = []
    list_key: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{FACTS_FILE.name}:{number}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        start = _RECORD_START.match(line)
        key_line = _RECORD_KEY.match(line)
        item = _LIST_ITEM.match(line)
        if start:
            records.append(Record(number))
            key, raw = start.group("key"), start.group("value")
        elif key_line and records:
            key, raw = key_line.group("key"), key_line.group("value")
        elif item and records and list_key is not None:
            value, comment = _scalar(item.group("value"), where)
            if not isinstance(value, str):
                raise ValueError(f"{where}: nested list")
            target = records[-1].fields[list_key]
            assert isinstance(target, list)
            target.append(value)
            if comment:
                records[-1].comments.append(comment)
            continue
        else:
            raise ValueError(f"{where}: line not understood: {line!r}")
        record = records[-1]
        if key in record.fields:
            raise ValueError(f"{where}: key {key!r} given twice")
        if raw.strip() == "":
            record.fields[key] = []
            list_key = key
            continue
        list_key = None
        value, comment = _scalar(raw, where)
        record.fields[key] = value
        if comment:
            record.comments.append(comment)
    return records


# --------------------------------------------------------------------------
# The sources and the shipped bundle
# --------------------------------------------------------------------------


@dataclass
class Source:
    """One article source file, parsed the way the reader parses it."""

    path: Path
    text: str
    meta: dict[str, list[str]]
    body: str
    article: Article

    @property
    def id(self) -> str:
        return self.path.stem


def dois_in(text: str) -> list[str]:
    """DOI-shaped strings, without trailing punctuation or an unbalanced ')'."""
    found = []
    for doi in _DOI.findall(text):
        while doi and (doi[-1] in ".,;:" or (doi[-1] == ")" and doi.count(")") > doi.count("("))):
            doi = doi[:-1]
        found.append(doi)
    return found


def numbers_in(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def normalise_title(title: str) -> str:
    return re.sub(r"\W+", " ", title.casefold()).strip()


def record_id(record: Record) -> str:
    return f"line {record.line}: {record.title[:60]}"
