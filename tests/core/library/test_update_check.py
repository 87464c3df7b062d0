"""Updates from the configured source: recorded for IT, found while reading, applied later."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.config import ClinicConfig
from reader.core.library.last_check import (
    LAST_CHECK_FILE,
    LastCheck,
    read_last_check,
    record_last_check,
)
from reader.core.library.update_check import check_configured_source, check_due
from reader.core.logfile import log_path, start_log, stop_log
from reader.core.timestamps import is_iso_timestamp
from tests.bundles import INSTALLED_ARTICLES, article_text, library_snapshot
from tests.core.library.test_cell_scan import assert_rebuilt, damage


def newer(make_bundle, **kwargs) -> Path:
    articles = dict(INSTALLED_ARTICLES)
    articles["new-study"] = article_text("A new study", "general", "Something new.")
    return make_bundle(articles, version=2, **kwargs)


def library_bytes(data_dir: Path) -> bytes:
    return (data_dir / "library.sqlite3").read_bytes()


def config(source: Path | str, **kwargs) -> ClinicConfig:
    return ClinicConfig(update_source=str(source), **kwargs)


def test_no_configured_source_checks_nothing(data_dir):
    assert check_configured_source(data_dir, ClinicConfig()) is None
    assert not data_dir.exists()


def test_an_update_is_applied_and_recorded(data_dir, installed, make_bundle):
    source = newer(make_bundle)
    outcome = check_configured_source(data_dir, config(source))
    assert outcome.result == "updated" and outcome.sync_result.added == 1
    assert outcome.last_check == read_last_check(data_dir)
    assert outcome.last_check.source == str(source)
    assert outcome.last_check.result == "updated"
    assert is_iso_timestamp(outcome.last_check.at)
    again = check_configured_source(data_dir, config(source))
    assert again.result == "up-to-date"
    assert read_last_check(data_dir).result == "up-to-date"


def test_a_rejected_update_is_recorded_and_the_library_is_untouched(
    data_dir, installed, make_bundle
):
    source = newer(make_bundle, edit=lambda s: s.set_file("new-study", "changed", rehash=False))
    before = library_bytes(data_dir)
    outcome = check_configured_source(data_dir, config(source))
    assert outcome.result == "rejected"
    assert outcome.problems[0].startswith("articles/new-study.md: size is 7 bytes")
    assert read_last_check(data_dir).result == "rejected"
    assert library_bytes(data_dir) == before
    assert library_snapshot(data_dir) == installed


def test_an_unreachable_source_is_offline(data_dir, installed, tmp_path):
    outcome = check_configured_source(data_dir, config(tmp_path / "usb" / "absent.zip"))
    assert outcome.result == "offline"
    assert read_last_check(data_dir).result == "offline"


def test_an_older_version_is_refused(data_dir, installed, make_bundle):
    check_configured_source(data_dir, config(newer(make_bundle)))
    older = make_bundle(INSTALLED_ARTICLES, version=1)
    outcome = check_configured_source(data_dir, config(older))
    assert outcome.result == "refused"
    assert read_last_check(data_dir).result == "refused"


def test_found_while_reading_then_applied_at_the_reset(data_dir, installed, make_bundle):
    source = newer(make_bundle)
    found = check_configured_source(data_dir, config(source), apply=False)
    assert found.pending and found.available_version == 2
    assert found.last_check is None
    assert read_last_check(data_dir) is None  # nothing is recorded until it is applied
    assert library_snapshot(data_dir) == installed  # the visitor's reading is not changed
    applied = check_configured_source(data_dir, config(source), apply=True)
    assert applied.result == "updated"
    assert library_snapshot(data_dir)["status"]["library_version"] == 2
    assert check_configured_source(data_dir, config(source), apply=False).result == "up-to-date"


def test_a_look_without_applying_records_what_it_can_tell(data_dir, installed, make_bundle):
    broken = newer(make_bundle, edit=lambda s: s.manifest.update(format="x"))
    assert check_configured_source(data_dir, config(broken), apply=False).result == "rejected"
    assert read_last_check(data_dir).result == "rejected"
    same = make_bundle(INSTALLED_ARTICLES, version=1)
    assert check_configured_source(data_dir, config(same), apply=False).result == "up-to-date"


@pytest.mark.parametrize("kind", ["zip", "dir"])
def test_a_look_at_the_same_bundle_finds_a_damaged_cell_waiting_for_its_rebuild(
    data_dir, installed, make_bundle, kind
):
    # failed before: the look compared the library's `meta` alone, recorded "up to
    # date", and the kiosk never applied the rebuild every "damaged" message promises.
    same = make_bundle(INSTALLED_ARTICLES, version=1, kind=kind)
    damage(data_dir, "key_findings", "'[broken'")

    found = check_configured_source(data_dir, config(same), apply=False)

    assert (found.pending, found.available_version) == (True, 1)
    assert read_last_check(data_dir) is None
    applied = check_configured_source(data_dir, config(same), apply=True)
    assert (applied.result, read_last_check(data_dir).result) == ("updated", "updated")
    assert_rebuilt(data_dir)
    assert check_configured_source(data_dir, config(same), apply=False).result == "up-to-date"


def test_a_file_found_valid_by_its_manifest_can_still_be_rejected_at_the_reset(
    data_dir, installed, make_bundle
):
    source = newer(make_bundle, edit=lambda s: s.set_file("new-study", "changed", rehash=False))
    assert check_configured_source(data_dir, config(source), apply=False).pending
    assert check_configured_source(data_dir, config(source)).result == "rejected"
    assert library_snapshot(data_dir) == installed


def test_the_first_check_of_an_empty_data_folder(data_dir, make_bundle):
    source = make_bundle(INSTALLED_ARTICLES, version=1, kind="zip")
    assert check_configured_source(data_dir, config(source), apply=False).available_version == 1
    assert check_configured_source(data_dir, config(source)).result == "updated"


def test_checks_are_written_to_the_log(data_dir, installed, make_bundle, tmp_path):
    start_log(data_dir)
    try:
        check_configured_source(data_dir, config(tmp_path / "absent.zip"))
        check_configured_source(data_dir, config(newer(make_bundle)))
    finally:
        stop_log()
    lines = log_path(data_dir).read_text(encoding="utf-8").splitlines()
    assert any("WARNING update check of" in line and "offline" in line for line in lines)
    assert any("absent.zip" in line and "WARNING" in line for line in lines[1:])
    assert any(line.endswith(": updated (version 2)") for line in lines)
    assert all(is_iso_timestamp(line.split(" ")[0]) for line in lines if not line.startswith(" "))


@pytest.mark.parametrize(
    "content", [b"", b"{", b"[]", b'{"at": "x"}', b'{"at": "x", "source": "y", "result": "z"}']
)
def test_a_record_that_cannot_be_read_is_no_record(data_dir, content):
    data_dir.mkdir()
    (data_dir / LAST_CHECK_FILE).write_bytes(content)
    assert read_last_check(data_dir) is None


def test_the_record_is_replaced_whole(data_dir):
    record_last_check(data_dir, "/media/usb/a.zip", "offline")
    record_last_check(data_dir, "/media/usb/a.zip", "updated")
    doc = json.loads((data_dir / LAST_CHECK_FILE).read_text())
    assert set(doc) == {"at", "source", "result"} and doc["result"] == "updated"
    assert [p.name for p in data_dir.iterdir()] == [LAST_CHECK_FILE]


NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def at(delta: timedelta) -> LastCheck:
    return LastCheck((NOW - delta).strftime("%Y-%m-%dT%H:%M:%SZ"), "/x", "up-to-date")


@pytest.mark.parametrize(
    ("when", "starting", "last", "due"),
    [
        ("never", True, None, False),
        ("start", True, None, True),
        ("start", False, at(timedelta(days=3)), False),
        ("daily", True, at(timedelta(minutes=1)), True),
        ("daily", False, None, True),
        ("daily", False, at(timedelta(hours=23)), False),
        ("daily", False, at(timedelta(hours=24)), True),
    ],
)
def test_when_a_check_is_due(when, starting, last, due):
    clinic = ClinicConfig(update_source="/x", update_check=when)
    assert check_due(clinic, last, starting=starting, now=NOW) is due


def test_no_source_is_never_due():
    assert not check_due(ClinicConfig(update_check="daily"), None, starting=True, now=NOW)
