"""The embedded library's content: the shipped ZIP, its sources, and the facts behind them.

The summaries in data/library/ were written from a fact sheet of 42 papers
(/work/shared/facts/sci-papers.yaml, or the file named by SCI_FACTS_FILE).
These tests hold the shipped library to that sheet: one summary per paper,
only verified DOIs, no number the paper's record does not give, plain
reading grades, the fixed pages and sections every reader relies on, and
no promise of a cure or instruction to change treatment.

PyYAML is not a dependency, so the fact sheet is read by a small reader of
its simple structure (top-level list of records, two-space keys, inline
`[a, b]` lists, four-space `- "item"` lists, `# comments`). Anything else in
the file makes the reader fail loudly rather than guess.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.bundle.article import (
    Article,
    decode_markdown,
    parse_article,
    parse_categories,
    split_metadata,
    split_sections,
)
from reader.core.bundle.builder import build_bundle
from reader.core.bundle.readability import article_text, grade
from reader.core.bundle.walk import check_bundle

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SOURCES = DATA / "library"
BUNDLE_ZIP = DATA / "sci-reader-library.zip"
FACTS_FILE = Path(os.environ.get("SCI_FACTS_FILE", "/work/shared/facts/sci-papers.yaml"))

EXPECTED_RECORDS = 42
UMBRELLA = "spinal-cord-injury"
SIMPLE_EXPLANATION_LIMIT = 8.0
ARTICLE_LIMIT = 10.0

# Numbers as a reader sees them: 994,875 and 994875 are the same number;
# 16.0 and 16 are not (a summary must not round differently from the paper).
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", re.ASCII)
_ORDERED_MARKER = re.compile(r"^ {0,3}\d{1,9}[.)](?=[ \t])", re.MULTILINE)
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


@pytest.fixture(scope="module")
def records() -> list[Record]:
    if not FACTS_FILE.is_file():
        pytest.skip(f"fact sheet not found: {FACTS_FILE} (set SCI_FACTS_FILE)")
    return parse_fact_sheet(FACTS_FILE.read_text(encoding="utf-8"))


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


@pytest.fixture(scope="module")
def manifest() -> dict:
    with zipfile.ZipFile(BUNDLE_ZIP) as archive:
        return json.loads(archive.read("manifest.json"))


@pytest.fixture(scope="module")
def category_slugs() -> set[str]:
    data = json.loads((SOURCES / "categories.json").read_text(encoding="utf-8-sig"))
    if isinstance(data, dict):
        data = data["categories"]
    return {c["slug"] for c in data}


@pytest.fixture(scope="module")
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


@pytest.fixture(scope="module")
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


def _record_id(record: Record) -> str:
    return f"line {record.line}: {record.title[:60]}"


# --------------------------------------------------------------------------
# The bundle is valid, readable and up to date
# --------------------------------------------------------------------------


def test_data_bundle_passes_bundle_check_with_readability(capsys):
    code = main(["bundle", "check", str(BUNDLE_ZIP), "--readability"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Simple Explanation grades: median" in out
    assert re.search(r"^OK: version \d+, \d+ articles, \d+ pages\.$", out, re.MULTILINE), out


def test_data_bundle_passes_check_bundle(manifest: dict, sources: list[Source]):
    report = check_bundle(BUNDLE_ZIP, keep_articles=True)
    assert report.version == manifest["version"]
    assert report.articles == len(manifest["articles"]) == len(sources)
    assert report.pages == len(manifest["pages"])
    assert len(report.articles_parsed) == report.articles


def test_every_article_is_within_the_reading_grade_limits():
    report = check_bundle(BUNDLE_ZIP, keep_articles=True)
    failures = []
    simple_grades = []
    for article in report.articles_parsed:
        simple = grade(article.simple_explanation)
        whole = grade(article_text(article))
        simple_grades.append(simple)
        if simple > SIMPLE_EXPLANATION_LIMIT:
            failures.append(f"{article.id}: Simple Explanation grade {simple:.1f}")
        if whole > ARTICLE_LIMIT:
            failures.append(f"{article.id}: article grade {whole:.1f}")
    assert not failures, "\n".join(failures)
    assert statistics.median(simple_grades) <= SIMPLE_EXPLANATION_LIMIT


def test_built_zip_is_byte_identical_to_a_fresh_build(tmp_path, manifest: dict):
    rebuilt = tmp_path / "rebuilt.zip"
    build_bundle(SOURCES, rebuilt, manifest["version"])
    assert rebuilt.read_bytes() == BUNDLE_ZIP.read_bytes(), (
        "data/sci-reader-library.zip is out of date with data/library: run "
        "`python -m reader bundle build data/library data/sci-reader-library.zip "
        f"--version {manifest['version']}`"
    )


def test_sync_into_a_fresh_data_dir_shows_the_whole_library(tmp_path, capsys, manifest: dict):
    data_dir = tmp_path / "fresh"
    assert main(["sync", "--data-dir", str(data_dir), "--json"]) == 0
    synced = json.loads(capsys.readouterr().out)
    assert synced["version"] == manifest["version"]
    assert main(["status", "--json", "--data-dir", str(data_dir)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["library_version"] == manifest["version"]
    assert status["articles"] >= EXPECTED_RECORDS
    assert status["categories"] >= 14
    assert status["articles"] == len(manifest["articles"])
    assert status["categories"] == len(manifest["categories"])
    assert status["pages"] == len(manifest["pages"])


# --------------------------------------------------------------------------
# Articles against the fact sheet
# --------------------------------------------------------------------------


def test_fact_sheet_reader_sees_every_record(records: list[Record]):
    assert len(records) == EXPECTED_RECORDS
    for record in records:
        for key in ("title", "journal", "year", "doi_verified", "categories", "key_facts"):
            assert key in record.fields, f"{_record_id(record)}: no {key}"
        assert re.fullmatch(r"\d{4}", record.get("year") or ""), _record_id(record)
        assert isinstance(record.fields["key_facts"], list), _record_id(record)
        assert record.fields["key_facts"], _record_id(record)
        assert isinstance(record.doi_verified, bool)


def test_each_record_has_exactly_one_article_and_each_article_one_record(
    records: list[Record], sources: list[Source], matched: list[tuple[Source, Record]]
):
    assert len(matched) == len(sources)
    per_record: dict[int, list[str]] = {r.line: [] for r in records}
    for source, record in matched:
        per_record[record.line].append(source.id)
    problems = [
        f"{_record_id(r)}: articles {per_record[r.line]}"
        for r in records
        if len(per_record[r.line]) != 1
    ]
    assert not problems, "\n".join(problems)


def test_article_titles_match_their_records(matched: list[tuple[Source, Record]]):
    problems = [
        f"{s.id}: title {s.article.title!r} vs record {r.title!r}"
        for s, r in matched
        if normalise_title(s.article.title) != normalise_title(r.title)
    ]
    assert not problems, "\n".join(problems)


def test_journal_year_and_published_date_match_their_records(
    matched: list[tuple[Source, Record]],
):
    problems = []
    for source, record in matched:
        article = source.article
        if article.journal is not None and article.journal != record.get("journal"):
            problems.append(
                f"{source.id}: Journal {article.journal!r}, record {record.get('journal')!r}"
            )
        if article.year is not None and str(article.year) != record.get("year"):
            problems.append(f"{source.id}: Year {article.year}, record {record.get('year')}")
        if article.published is not None and article.published != record.get("published"):
            problems.append(
                f"{source.id}: Published {article.published}, record {record.get('published')}"
            )
    assert not problems, "\n".join(problems)


def test_article_dois_are_their_records_verified_dois(matched: list[tuple[Source, Record]]):
    problems = []
    for source, record in matched:
        doi = source.article.doi
        if record.doi_verified:
            if doi is not None and doi != record.doi:
                problems.append(f"{source.id}: DOI {doi}, record {record.doi}")
        elif "doi" in source.meta:
            problems.append(f"{source.id}: has a DOI line, but the record's DOI is not verified")
    assert not problems, "\n".join(problems)


def _data_texts() -> dict[str, str]:
    """Every text file under data/, and every entry of every ZIP there."""
    texts = {}
    for path in sorted(DATA.rglob("*")):
        if not path.is_file():
            continue
        rel = str(path.relative_to(DATA.parent))
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    texts[f"{rel}!{name}"] = archive.read(name).decode("utf-8", "replace")
        else:
            texts[rel] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_every_doi_in_data_is_a_verified_one(records: list[Record]):
    verified = {r.doi.lower() for r in records if r.doi and r.doi_verified}
    unverified = {r.doi.lower() for r in records if r.doi and not r.doi_verified}
    assert unverified, "the fact sheet marks some DOIs unverified; the reader must see them"
    problems = []
    for where, text in _data_texts().items():
        for doi in dois_in(text):
            if doi.lower() not in verified:
                problems.append(f"{where}: DOI {doi} is not a verified one")
        for doi in unverified:
            if doi in text.lower():
                problems.append(f"{where}: mentions the unverified DOI {doi}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_number_in_an_article_is_in_its_record(matched: list[tuple[Source, Record]]):
    problems = []
    for source, record in matched:
        meta_text = "\n".join(
            value for key, values in source.meta.items() if key != "added" for value in values
        )
        body = _ORDERED_MARKER.sub("", source.body)
        extra = numbers_in(meta_text + "\n" + body) - record.numbers()
        if extra:
            problems.append(f"{source.id}: numbers not in the record: {sorted(extra)}")
    assert not problems, "\n".join(problems)


def test_studies_of_people_without_sci_say_so_plainly(matched: list[tuple[Source, Record]]):
    checked = 0
    for source, record in matched:
        participants = record.get("participants") or ""
        if not re.search(r"\bnot (?:SCI|spinal cord injury)\b", participants):
            continue
        checked += 1
        plain = re.compile(r"\bnot (?:a |an )?spinal cord injur", re.IGNORECASE)
        assert plain.search(source.article.participants or ""), source.id
        assert plain.search(source.article.simple_explanation), source.id
        assert any(plain.search(item) for item in source.article.study_limitations), source.id
    assert checked, "the fact sheet has a study of people without SCI; it must be checked"


# --------------------------------------------------------------------------
# Categories and pages
# --------------------------------------------------------------------------


def _one_sentence(text: str) -> bool:
    text = text.strip()
    return bool(text) and text[-1] in ".!?" and len(re.findall(r"[.!?](?:\s|$)", text)) == 1


def test_fifteen_categories_each_described_in_one_sentence(manifest: dict, records):
    categories = manifest["categories"]
    slugs = [c["slug"] for c in categories]
    assert len(categories) == 15
    assert len(set(slugs)) == 15
    assert UMBRELLA in slugs
    areas = {c["name"] for c in categories if c["slug"] != UMBRELLA}
    assert len(areas) == 14
    assert areas == {name for r in records for name in r.categories}
    for category in categories:
        assert _one_sentence(category.get("description") or ""), category


def test_each_article_has_one_to_three_categories_and_each_category_articles(
    manifest: dict, sources: list[Source]
):
    used: dict[str, int] = {c["slug"]: 0 for c in manifest["categories"]}
    for source in sources:
        slugs = source.article.categories
        assert 1 <= len(slugs) <= 3, f"{source.id}: {slugs}"
        for slug in slugs:
            used[slug] += 1
    empty = [slug for slug, count in used.items() if count == 0]
    assert not empty, f"categories without articles: {empty}"


def test_article_categories_are_their_records_areas(
    manifest: dict, matched: list[tuple[Source, Record]]
):
    slug_of = {c["name"]: c["slug"] for c in manifest["categories"]}
    for source, record in matched:
        expected = {slug_of[name] for name in record.categories}
        actual = set(parse_categories(source.meta.get("categories", [])))
        assert expected <= actual, f"{source.id}: {sorted(actual)} lacks {sorted(expected)}"
        assert actual - expected <= {UMBRELLA}, f"{source.id}: {sorted(actual - expected)}"


def test_about_disclaimer_and_how_to_read_pages_are_in_the_bundle(manifest: dict):
    pages = {p["id"]: p for p in manifest["pages"]}
    assert {"about", "disclaimer", "how-to-read"} <= set(pages)
    with zipfile.ZipFile(BUNDLE_ZIP) as archive:
        for page_id in ("about", "disclaimer", "how-to-read"):
            text = archive.read(pages[page_id]["path"]).decode("utf-8")
            assert len(text.split()) > 50, page_id
        disclaimer = archive.read(pages["disclaimer"]["path"]).decode("utf-8")
    flat = " ".join(disclaimer.split()).lower()
    assert "not medical advice" in flat
    assert re.search(r"\btalk (?:with|to) your (?:care team|doctor)", flat)
    assert "care team" in flat


# --------------------------------------------------------------------------
# Sections and wording
# --------------------------------------------------------------------------


def test_every_article_has_limitations_and_two_or_three_implications(sources: list[Source]):
    problems = []
    for source in sources:
        article = source.article
        headings = [s.heading.lower() for s in split_sections(source.body)[1]]
        if "study limitations" not in headings or not article.study_limitations:
            problems.append(f"{source.id}: Study Limitations missing or empty")
        blocks = article.practical_implications
        if not 2 <= len(blocks) <= 3:
            problems.append(f"{source.id}: {len(blocks)} Practical Implications blocks")
        for block in blocks:
            if not block.heading or not block.text.strip():
                problems.append(f"{source.id}: Practical Implications block {block.heading!r}")
    assert not problems, "\n".join(problems)


def _article_prose(source: Source) -> str:
    article = source.article
    parts = [article.title, article_text(article)]
    parts.extend(s.heading for s in article.practical_implications)
    parts.extend(s.heading for s in article.extra_sections)
    parts.extend(v for v in (article.evidence_level, article.participants) if v)
    return "\n".join(parts)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CURE = re.compile(r"\bcur(?:e|es|ed|ing|ative)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|never|nor|without)\b|n't\b", re.IGNORECASE)


def test_no_article_promises_a_cure(sources: list[Source]):
    """'Cure' may appear only to say something is not one ('It is not a cure')."""
    problems = []
    for source in sources:
        for sentence in _SENTENCE.findall(_article_prose(source)):
            for m in _CURE.finditer(sentence):
                if not _NEGATION.search(sentence[: m.start()]):
                    problems.append(f"{source.id}: {sentence.strip()!r}")
    assert not problems, "\n".join(problems)


_INSTRUCTION = re.compile(
    r"\b(?:stop|start|quit|begin)\s+(?:taking|using)\b"
    r"|\b(?:stop|start|change|increase|reduce|lower|raise)\s+(?:your|the)\s+"
    r"(?:dose|doses|medicine|medicines|medication|medications|drug|drugs|pills|treatment)\b",
    re.IGNORECASE,
)


def test_no_article_tells_readers_to_start_or_stop_treatment(sources: list[Source]):
    problems = [
        f"{source.id}: {m.group(0)!r}"
        for source in sources
        for m in _INSTRUCTION.finditer(_article_prose(source))
    ]
    assert not problems, "\n".join(problems)
