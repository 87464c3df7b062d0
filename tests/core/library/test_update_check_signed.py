"""Checks of the configured source (kiosk, schedule) under the clinic's signature policy."""

from __future__ import annotations

from reader.core.config import ClinicConfig
from reader.core.library.last_check import read_last_check
from reader.core.library.update_check import check_configured_source
from tests.bundles import INSTALLED_ARTICLES, article_text, bundle_spec, library_snapshot
from tests.bundles.signing import PublisherKey

KEY = PublisherKey.new()


def newer_spec():
    articles = dict(INSTALLED_ARTICLES)
    articles["new-study"] = article_text("A new study", "general", "Something new.")
    return bundle_spec(articles, version=2)


def test_an_unsigned_source_is_rejected_when_signatures_are_required(
    data_dir, installed, make_bundle
):
    source = make_bundle(newer_spec(), kind="zip")
    config = ClinicConfig(update_source=str(source), require_signatures=True)
    for apply in (False, True):  # found while reading, and when applied
        outcome = check_configured_source(data_dir, config, apply=apply)
        assert outcome.result == "rejected"
        assert any("manifest.sig" in line for line in outcome.problems)
        assert read_last_check(data_dir).result == "rejected"
    assert library_snapshot(data_dir) == installed


def test_a_source_signed_with_the_clinics_key_waits_then_is_applied(
    data_dir, installed, make_bundle
):
    source = make_bundle(KEY.sign(newer_spec()), kind="zip")
    config = ClinicConfig(
        update_source=str(source), require_signatures=True, trusted_keys=(KEY.public_text,)
    )
    assert check_configured_source(data_dir, config, apply=False).pending
    outcome = check_configured_source(data_dir, config, apply=True)
    assert (outcome.result, outcome.sync_result.added) == ("updated", 1)
    # Without that key the same bundle is a stranger's: rejected before it is offered.
    untrusted = ClinicConfig(update_source=str(make_bundle(KEY.sign(bundle_spec(version=3)))))
    assert check_configured_source(data_dir, untrusted, apply=False).result == "rejected"
