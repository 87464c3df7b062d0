"""What a web check says it found, said truthfully: an unknown version is not "version 0",
a damaged library's download is its repair, not "N new summaries".

Before, a `.zip` address with something to download gave a plan of version
0 (its manifest is inside the ZIP, read only once it is here): the kiosk's
log said "version 0 waits to be applied", the cost dialog "Library version
0". Now the version is None until it is known, and said as "a new version".
And a damaged library (its digests unknown) gave a plan that counted every
article as new: the reader was told of "42 new summaries" for what is a
repair. Now the plan says `repair`. Real HTTP on 127.0.0.1, real libraries.
"""

from __future__ import annotations

import logging

import pytest

from reader.core.bundle.signature import public_key_text
from reader.core.config import ClinicConfig
from reader.core.library.update_check import check_configured_source
from reader.core.library.web_update import check_for_update, download_and_apply, update_from_web
from reader.core.text.update_words import plan_question, update_available
from tests.bundles import write_zip
from tests.core.library.conftest import QUICK, spec_of
from tests.core.library.test_web_damaged_cell import damage
from tests.core.library.test_web_update import _installed
from tests.web_publish import publish


def _signed_zip(served, key, version: int) -> str:
    spec = spec_of(version)
    spec.signature = key.sign(spec.raw_manifest())
    write_zip(served.root / "library.zip", spec)
    return served.url + "library.zip"


def test_a_zip_address_with_something_to_download_has_no_version_yet(data_dir, served, key, trust):
    url = _signed_zip(served, key, 3)
    plan = check_for_update(data_dir, url, trust, network=QUICK)
    assert (plan.up_to_date, plan.version) == (False, None)  # was 0
    result = download_and_apply(data_dir, plan, trust, network=QUICK)
    assert (result.result, result.version) == ("updated", 3)  # known once it is here
    again = check_for_update(data_dir, url, trust, network=QUICK)
    assert (again.up_to_date, again.version) == (True, 3)  # the library's: known
    assert update_from_web(data_dir, url, trust, network=QUICK).to_json()["version"] == 3


def test_a_scheduled_look_at_a_zip_address_logs_a_new_version_not_version_0(
    data_dir, served, key, caplog
):
    url = _signed_zip(served, key, 3)
    config = ClinicConfig(update_source=url, trusted_keys=(public_key_text(key.public),))
    with caplog.at_level(logging.INFO, logger="reader"):
        found = check_configured_source(data_dir, config, apply=False)
    assert (found.result, found.available_version) == ("available", None)
    assert f"update check of {url}: a new version waits to be applied" in caplog.text
    assert "version 0" not in caplog.text and "version None" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="reader"):
        applied = check_configured_source(data_dir, config, apply=True)
    assert applied.result == "updated"
    assert "(version 3)" in caplog.text  # the record of what was applied names it


@pytest.mark.parametrize("how", ["cell", "whole"])
def test_a_damaged_library_s_plan_is_a_repair_not_new_summaries(
    data_dir, served, key, trust, how, caplog
):
    _installed(data_dir, served, key, trust, count=5)
    damage(data_dir, how)

    plan = check_for_update(data_dir, served.url, trust, network=QUICK)

    assert (plan.repair, plan.new, plan.up_to_date) == (True, 5, False)
    question = plan_question(plan)
    assert question.startswith("The library file on this computer is damaged. To repair it, ")
    assert "all 5 summaries are downloaded again" in question
    assert "new summaries" not in question and "new summaries" not in update_available(plan)
    config = ClinicConfig(update_source=served.url, trusted_keys=(public_key_text(key.public),))
    with caplog.at_level(logging.INFO, logger="reader"):
        assert check_configured_source(data_dir, config, apply=False).pending
    assert "version 1 waits to be applied (the library file is damaged" in caplog.text
    download_and_apply(data_dir, plan, trust, network=QUICK)
    assert not check_for_update(data_dir, served.url, trust, network=QUICK).repair


def test_a_first_download_and_a_sound_library_are_no_repair(data_dir, served, key, trust):
    publish(spec_of(1, count=5), served.root, key)
    first = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (first.repair, first.new) == (False, 5)  # nothing here yet: new, truly
    download_and_apply(data_dir, first, trust, network=QUICK)
    publish(spec_of(2, count=6), served.root, key)
    newer = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (newer.repair, newer.new) == (False, 1)


@pytest.mark.parametrize("how", ["cell", "whole"])
def test_a_damaged_library_s_zip_plan_is_a_repair_too(data_dir, served, key, trust, how):
    """A `.zip` address's plan for a damaged library was no repair: the dialog said "A new
    copy of the library" where a folder's said "Repair the library"."""
    url = _signed_zip(served, key, 3)
    first = check_for_update(data_dir, url, trust, network=QUICK)
    assert not first.repair  # nothing here yet: a first download, no repair
    download_and_apply(data_dir, first, trust, network=QUICK)
    damage(data_dir, how)

    plan = check_for_update(data_dir, url, trust, network=QUICK)

    assert (plan.repair, plan.up_to_date, plan.counts_known) == (True, False, False)
    assert plan_question(plan).startswith("The library file on this computer is damaged.")
    download_and_apply(data_dir, plan, trust, network=QUICK)
    assert check_for_update(data_dir, url, trust, network=QUICK).up_to_date
