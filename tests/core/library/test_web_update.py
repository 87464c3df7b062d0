"""Updates from a web source served by a real HTTP server on 127.0.0.1: what crosses the wire.

Each test publishes signed bundles into the server's folder, updates a real
library from it, and asserts on the server's own record of requests.
"""

from __future__ import annotations

import pytest

from reader.core.errors import BundleRejected, SyncRefused
from reader.core.library.web_update import (
    check_for_update,
    download_and_apply,
    is_web_source,
    update_from_web,
)
from tests.bundles import article_text, library_snapshot
from tests.core.library.conftest import QUICK, spec_of
from tests.web_publish import TestKey, publish


def _installed(data_dir, served, key, trust, version=1, **spec_options):
    spec = spec_of(version, **spec_options)
    publish(spec, served.root, key)
    update_from_web(data_dir, served.url, trust, network=QUICK)
    served.reset_counts()
    return spec


def test_web_sources_are_told_from_files():
    assert is_web_source("https://example.org/library/")
    assert is_web_source("HTTP://127.0.0.1:8000/x.zip")
    assert not is_web_source("/media/usb/library.zip")
    assert not is_web_source("C:\\library")


def test_a_first_update_downloads_every_file_and_applies_them(data_dir, served, key, trust):
    spec = spec_of(1, count=4)
    publish(spec, served.root, key)
    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (plan.version, plan.new, plan.updated, plan.withdrawn, plan.up_to_date) == (
        1, 4, 0, 0, False,
    )  # fmt: skip
    assert plan.download_bytes == sum(len(data) for data in spec.files.values())

    result = download_and_apply(data_dir, plan, trust, network=QUICK)

    assert (result.result, result.version, result.added) == ("updated", 1, 4)
    snapshot = library_snapshot(data_dir)
    assert sorted(snapshot["articles"]) == ["a-0", "a-1", "a-2", "a-3"]
    assert [page[0] for page in snapshot["pages"]] == ["about", "disclaimer"]


def test_a_delta_downloads_only_the_changed_and_new_files(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust, count=5)
    new = spec_of(2, count=6, changed={"a-1": article_text("Article 1, revised")})
    publish(new, served.root, key)

    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (plan.new, plan.updated, plan.withdrawn) == (1, 1, 0)
    changed = len(new.files["articles/a-1.md"]) + len(new.files["articles/a-5.md"])
    assert plan.download_bytes == changed  # the pages are kept from the last update
    progress: list[tuple[int, int]] = []
    result = download_and_apply(
        data_dir, plan, trust, network=QUICK, progress=lambda d, t: progress.append((d, t))
    )

    assert (result.added, result.updated, result.unchanged) == (1, 1, 4)
    assert served.paths() == [
        "/manifest.json.gz",
        "/manifest.sig",
        "/articles/a-1.md",
        "/articles/a-5.md",
    ]
    assert progress[0] == (0, changed) and progress[-1] == (changed, changed)
    assert library_snapshot(data_dir)["articles"]["a-1"][0]["title"] == "Article 1, revised"


def test_a_check_with_nothing_new_costs_one_conditional_request(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust)

    plan = check_for_update(data_dir, served.url, trust, network=QUICK)

    assert plan.up_to_date and plan.download_bytes == 0
    [request] = served.requests
    assert request.path == "/manifest.json.gz" and "if-none-match" in request.headers
    assert (request.status, request.body_bytes) == (304, 0)
    assert served.bytes_out < 400
    assert update_from_web(data_dir, served.url, trust, network=QUICK).result == "up-to-date"


def test_without_a_gz_manifest_the_plain_one_is_used(data_dir, served, key, trust):
    spec = spec_of(1)
    publish(spec, served.root, key, gz=False)

    result = update_from_web(data_dir, served.url, trust, network=QUICK)

    assert result.result == "updated"
    assert served.paths()[:3] == ["/manifest.json.gz", "/manifest.json", "/manifest.sig"]
    served.reset_counts()
    assert check_for_update(data_dir, served.url, trust, network=QUICK).up_to_date
    assert [(r.path, r.status) for r in served.requests] == [("/manifest.json", 304)]


def test_a_gz_manifest_labelled_content_encoding_gzip_is_read_too(data_dir, served, key, trust):
    publish(spec_of(1), served.root, key)
    served.behaviour.gz_encoding = True

    assert update_from_web(data_dir, served.url, trust, network=QUICK).added == 5
    assert served.paths()[0] == "/manifest.json.gz"


@pytest.mark.parametrize("signing", ["unsigned", "other-key", "tampered"])
def test_a_web_update_must_carry_a_good_signature(data_dir, served, key, trust, signing):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    new = spec_of(2, changed={"a-0": article_text("Changed")})
    publish(new, served.root, None if signing == "unsigned" else key)
    if signing == "other-key":
        (served.root / "manifest.sig").write_bytes(TestKey.make().sign(new.raw_manifest()))
    if signing == "tampered":
        (served.root / "manifest.sig").write_bytes(key.sign(new.raw_manifest() + b" "))

    with pytest.raises(BundleRejected) as caught:
        update_from_web(data_dir, served.url, trust, network=QUICK)

    assert caught.value.exit_code == 3
    assert "manifest.sig" in str(caught.value)
    assert library_snapshot(data_dir) == before
    assert "/articles/a-0.md" not in served.paths()  # nothing downloaded past the signature


def test_an_unsigned_web_source_is_refused_even_when_the_trust_allows_unsigned(
    data_dir, served, trust
):
    from reader.core.bundle.signature import Trust

    publish(spec_of(1), served.root, None)
    with pytest.raises(BundleRejected, match="must be signed"):
        check_for_update(data_dir, served.url, Trust(trust.keys, required=False), network=QUICK)
    assert not (data_dir / "library.sqlite3").exists()


def test_an_older_signed_manifest_is_refused(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust, version=3)
    before = library_snapshot(data_dir)
    publish(spec_of(2), served.root, key)

    with pytest.raises(SyncRefused, match="older than the library's version 3") as caught:
        update_from_web(data_dir, served.url, trust, network=QUICK)

    assert caught.value.exit_code == 4
    assert library_snapshot(data_dir) == before
    assert (
        update_from_web(data_dir, served.url, trust, network=QUICK, allow_downgrade=True).version
        == 2
    )


def test_a_file_whose_bytes_differ_from_the_manifest_rejects_the_update(
    data_dir, served, key, trust
):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    publish(spec_of(2, changed={"a-0": article_text("Changed"), "a-1": article_text("Too")}),
            served.root, key)  # fmt: skip
    (served.root / "articles" / "a-1.md").write_text(article_text("Tom"))  # same length

    with pytest.raises(BundleRejected, match=r"articles/a-1\.md: sha256 does not match") as caught:
        update_from_web(data_dir, served.url, trust, network=QUICK)

    assert caught.value.exit_code == 3
    assert library_snapshot(data_dir) == before


def test_a_file_missing_from_the_server_rejects_the_update(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    publish(spec_of(2, changed={"a-0": article_text("Changed")}), served.root, key)
    (served.root / "articles" / "a-0.md").unlink()

    with pytest.raises(BundleRejected, match="missing from the server"):
        update_from_web(data_dir, served.url, trust, network=QUICK)
    assert library_snapshot(data_dir) == before


def test_a_configured_web_source_is_found_then_applied_and_recorded(data_dir, served, key):
    """The window's and the schedule's path (check_configured_source) with a web address."""
    from reader.core.bundle.signature import public_key_text
    from reader.core.config import ClinicConfig
    from reader.core.library.last_check import read_last_check
    from reader.core.library.update_check import check_configured_source

    publish(spec_of(4), served.root, key)
    config = ClinicConfig(update_source=served.url, trusted_keys=(public_key_text(key.public),))

    found = check_configured_source(data_dir, config, apply=False)
    assert (found.result, found.available_version) == ("available", 4)
    assert not (data_dir / "library.sqlite3").exists()
    applied = check_configured_source(data_dir, config, apply=True)
    assert (applied.result, applied.sync_result.added) == ("updated", 5)
    assert read_last_check(data_dir).result == "updated"
    assert check_configured_source(data_dir, config, apply=False).result == "up-to-date"
    # Even a 304 is judged by the signature of the manifest it vouches for: a
    # key the clinic no longer trusts is not trusted for "nothing new" either.
    untrusted = check_configured_source(data_dir, ClinicConfig(update_source=served.url))
    assert untrusted.result == "rejected"


def test_the_synonym_list_comes_down_with_the_update_and_reaches_search(
    data_dir, served, key, trust
):
    # A bundle's optional synonyms.txt is listed in the manifest like the
    # pages: a web update that left it out was rejected as "missing".
    spec = spec_of(1, count=3)
    spec.set_synonyms("bed sores => pressure ulcers\n")
    publish(spec, served.root, key)

    result = update_from_web(data_dir, served.url, trust, network=QUICK)

    assert (result.result, result.added) == ("updated", 3)
    assert "/synonyms.txt" in served.paths()
    assert "bed sores => pressure ulcers" in library_snapshot(data_dir)["meta"]["synonyms"]
