"""The embedded library's content: the shipped ZIP, its sources, and the facts behind them.

These tests hold the shipped library to the fact sheet: one summary per paper,
only verified DOIs, no number the paper's record does not give, plain
reading grades, the fixed pages and sections every reader relies on, and
no promise of a cure or instruction to change treatment. Plain headlines,
study types, categories and the wording rules of the second edition are in
test_library_plain.py.
"""

from __future__ import annotations

import json
import re
import statistics
import zipfile

from reader.cli import main
from reader.core.bundle.builder import build_bundle
from reader.core.bundle.markdown_structure import split_sections
from reader.core.bundle.readability import article_text, grade
from reader.core.bundle.signature import Trust, decode_public_key, shipped_keys, verify_manifest
from reader.core.bundle.walk import check_bundle
from tests.content.library import (
    BUNDLE_ZIP,
    DATA,
    REPO,
    SOURCES,
    Record,
    Source,
    dois_in,
    normalise_title,
    numbers_in,
    record_id,
)

EXPECTED_RECORDS = 42
SIMPLE_EXPLANATION_LIMIT = 8.0
ARTICLE_LIMIT = 10.0
_ORDERED_MARKER = re.compile(r"^ {0,3}\d{1,9}[.)](?=[ \t])", re.MULTILINE)


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


def test_built_zip_is_a_fresh_build_signed_with_the_project_key(tmp_path, manifest: dict):
    """Rebuilt without the private key (tests never have it), the ZIP is the
    shipped one minus `manifest.sig`, entry for entry, and the shipped
    signature verifies against the key in resources/keys (docs/publishing.md)."""
    rebuilt = tmp_path / "rebuilt.zip"
    build_bundle(SOURCES, rebuilt, manifest["version"])
    stale = (
        "data/sci-reader-library.zip is out of date with data/library: run "
        "`python -m reader bundle build data/library data/sci-reader-library.zip "
        f"--version {manifest['version']} --sign /path/to/sci-reader-project.key`"
    )
    with zipfile.ZipFile(BUNDLE_ZIP) as shipped, zipfile.ZipFile(rebuilt) as fresh:
        names = [i.filename for i in shipped.infolist()]
        assert names[:2] == ["manifest.json", "manifest.sig"]
        assert names[:1] + names[2:] == fresh.namelist(), stale
        for info in fresh.infolist():
            same = shipped.getinfo(info.filename)
            assert shipped.read(same) == fresh.read(info), f"{info.filename}: {stale}"
            assert (same.date_time, same.external_attr, same.compress_type) == (
                info.date_time, info.external_attr, info.compress_type
            )  # fmt: skip
        signature = shipped.read("manifest.sig")
    shipped_key = decode_public_key((REPO / "resources/keys/sci-reader.pub").read_text())
    assert shipped_key is not None and shipped_key in shipped_keys()
    strict = Trust((shipped_key,), required=True)
    assert verify_manifest(fresh_manifest(rebuilt), signature, strict) is True


def fresh_manifest(path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("manifest.json")


def test_sync_into_a_fresh_data_dir_shows_the_whole_library(tmp_path, capsys, manifest: dict):
    data_dir = tmp_path / "fresh"
    assert main(["sync", "--data-dir", str(data_dir), "--json"]) == 0
    synced = json.loads(capsys.readouterr().out)
    assert synced["version"] == manifest["version"]
    assert main(["status", "--json", "--data-dir", str(data_dir)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["library_version"] == manifest["version"]
    assert status["articles"] >= EXPECTED_RECORDS
    assert status["categories"] >= 10
    assert status["articles"] == len(manifest["articles"])
    assert status["categories"] == len(manifest["categories"])
    assert status["pages"] == len(manifest["pages"])
    assert status["signed"] is True  # signed with the project key, verified on import


# --------------------------------------------------------------------------
# Articles against the fact sheet
# --------------------------------------------------------------------------


def test_fact_sheet_reader_sees_every_record(records: list[Record]):
    assert len(records) == EXPECTED_RECORDS
    for record in records:
        for key in ("title", "journal", "year", "doi_verified", "categories", "key_facts"):
            assert key in record.fields, f"{record_id(record)}: no {key}"
        assert re.fullmatch(r"\d{4}", record.get("year") or ""), record_id(record)
        assert isinstance(record.fields["key_facts"], list), record_id(record)
        assert record.fields["key_facts"], record_id(record)
        assert isinstance(record.doi_verified, bool)


def test_each_record_has_exactly_one_article_and_each_article_one_record(
    records: list[Record], sources: list[Source], matched: list[tuple[Source, Record]]
):
    assert len(matched) == len(sources)
    per_record: dict[int, list[str]] = {r.line: [] for r in records}
    for source, record in matched:
        per_record[record.line].append(source.id)
    problems = [
        f"{record_id(r)}: articles {per_record[r.line]}"
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
# Pages
# --------------------------------------------------------------------------


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
