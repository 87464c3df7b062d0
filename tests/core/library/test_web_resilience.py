"""Web updates over a bad connection: drops, resumes, silence, 404, offline, mid-publish, ZIPs.

The server is real (127.0.0.1) and misbehaves on purpose; the network
settings are small so that no test waits for long.
"""

from __future__ import annotations

import socket

import pytest

from reader.core.bundle.signature import SIGNATURE_NAME
from reader.core.errors import BundleRejected, SourceError, SyncCancelled
from reader.core.library.web_fetch import DEFAULT_NETWORK, NetworkSettings
from reader.core.library.web_update import check_for_update, download_and_apply, update_from_web
from tests.bundles import article_text, library_snapshot, write_zip
from tests.core.library.conftest import QUICK, spec_of
from tests.web_publish import publish

ONCE = NetworkSettings(connect_timeout=2, read_timeout=2, attempts=1, backoff=0, budget=5)
BIG = article_text("A long one", simple=" ".join(["Many plain words."] * 3000))


def _installed(data_dir, served, key, trust):
    publish(spec_of(1), served.root, key)
    update_from_web(data_dir, served.url, trust, network=QUICK)
    served.reset_counts()


def test_a_dropped_download_resumes_with_a_range_on_the_next_try(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    new = spec_of(2, changed={"a-2": BIG})
    publish(new, served.root, key)
    served.behaviour.drop_after["/articles/a-2.md"] = 20_000
    plan = check_for_update(data_dir, served.url, trust, network=ONCE)
    assert plan.download_bytes == len(BIG.encode())

    with pytest.raises(SourceError, match="kept breaking off"):
        download_and_apply(data_dir, plan, trust, network=ONCE)
    assert library_snapshot(data_dir) == before
    part = next((data_dir / "cache").rglob("a-2.md.part"))
    assert part.stat().st_size == 20_000
    assert check_for_update(data_dir, served.url, trust, network=ONCE).download_bytes == (
        len(BIG.encode()) - 20_000
    )

    served.reset_counts()
    result = download_and_apply(data_dir, plan, trust, network=ONCE)

    [resumed] = [r for r in served.requests if r.path == "/articles/a-2.md"]
    assert resumed.headers["range"] == "bytes=20000-"
    assert resumed.headers["if-range"].startswith('"')  # the ETag of the first answer
    assert (resumed.status, resumed.body_bytes) == (206, len(BIG.encode()) - 20_000)
    assert result.updated == 1
    article = library_snapshot(data_dir)["articles"]["a-2"][0]
    assert article["simple_explanation"] == " ".join(["Many plain words."] * 3000)


def test_a_drop_is_resumed_within_the_same_update_when_retries_are_left(
    data_dir, served, key, trust
):
    _installed(data_dir, served, key, trust)
    publish(spec_of(2, changed={"a-2": BIG}), served.root, key)
    served.behaviour.drop_after["/articles/a-2.md"] = 1000

    assert update_from_web(data_dir, served.url, trust, network=QUICK).updated == 1
    ranges = [r.headers.get("range") for r in served.requests if r.path == "/articles/a-2.md"]
    assert ranges == [None, "bytes=1000-"]


def test_a_changed_file_is_downloaded_whole_when_the_part_is_stale(data_dir, served, key, trust):
    """If-Range: the part came from other bytes, so the server sends the whole file (200)."""
    _installed(data_dir, served, key, trust)
    publish(spec_of(2, changed={"a-2": BIG}), served.root, key)
    served.behaviour.drop_after["/articles/a-2.md"] = 5000
    plan = check_for_update(data_dir, served.url, trust, network=ONCE)
    with pytest.raises(SourceError):
        download_and_apply(data_dir, plan, trust, network=ONCE)
    newer = BIG.replace("A long one", "A long two")
    publish(spec_of(3, changed={"a-2": newer}), served.root, key)
    served.reset_counts()

    assert update_from_web(data_dir, served.url, trust, network=ONCE).version == 3
    [request] = [r for r in served.requests if r.path == "/articles/a-2.md"]
    assert request.headers["range"] == "bytes=5000-" and request.status == 200
    assert library_snapshot(data_dir)["articles"]["a-2"][0]["title"] == "A long two"


def test_a_server_that_never_answers_gives_up_within_the_budget(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    served.behaviour.hang = True
    short = NetworkSettings(connect_timeout=0.2, read_timeout=0.2, attempts=3, backoff=0.05,
                            budget=0.6)  # fmt: skip

    with pytest.raises(SourceError) as caught:
        update_from_web(data_dir, served.url, trust, network=short)

    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        "127.0.0.1 did not answer in time (gave up after 3 tries); nothing was changed. "
        "Try again later"
    )
    assert 2 <= len(served.requests) <= 3  # tried again, within the budget
    assert library_snapshot(data_dir) == before


def test_the_default_settings_give_up_within_a_minute_in_all():
    """Every wait is cut to what is left of the budget, and no pause outlasts it."""
    assert DEFAULT_NETWORK.budget <= 60
    assert DEFAULT_NETWORK.attempts >= 2 and DEFAULT_NETWORK.connect_timeout <= 60


def test_a_missing_manifest_is_a_plain_source_error(data_dir, served, trust):
    with pytest.raises(SourceError) as caught:
        check_for_update(data_dir, served.url, trust, network=QUICK)
    assert caught.value.exit_code == 2
    assert str(caught.value) == (
        f"{served.url}manifest.json: not found on the server (404); nothing was changed. "
        "Is the update address right?"
    )
    assert not (data_dir / "library.sqlite3").exists()


def test_an_unreachable_server_says_offline_calmly(data_dir, trust):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SourceError) as caught:
        check_for_update(data_dir, f"http://127.0.0.1:{port}/lib/", trust, network=QUICK)
    assert str(caught.value).startswith("Could not reach 127.0.0.1: you seem to be offline")
    assert str(caught.value).endswith("nothing was changed")


def test_a_server_caught_mid_publish_applies_nothing_and_says_try_later(
    data_dir, served, key, trust
):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    publish(spec_of(2, changed={"a-0": article_text("Two")}), served.root, key)
    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    # The publisher uploads version 3 between the check and the download.
    publish(spec_of(3, changed={"a-0": article_text("Three, longer")}), served.root, key)

    with pytest.raises(SourceError, match="publishing a new version right now") as caught:
        download_and_apply(data_dir, plan, trust, network=QUICK)

    assert "Try again later" in str(caught.value)
    assert library_snapshot(data_dir) == before
    assert update_from_web(data_dir, served.url, trust, network=QUICK).version == 3


def test_a_cancelled_download_changes_nothing_and_keeps_what_came(data_dir, served, key, trust):
    _installed(data_dir, served, key, trust)
    before = library_snapshot(data_dir)
    publish(spec_of(2, changed={"a-2": BIG}), served.root, key)
    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    seen: list[int] = []

    with pytest.raises(SyncCancelled):
        download_and_apply(
            data_dir, plan, trust, network=QUICK,
            progress=lambda done, total: seen.append(done), cancelled=lambda: bool(seen[1:]),
        )  # fmt: skip

    assert library_snapshot(data_dir) == before
    assert next((data_dir / "cache").rglob("a-2.md.part")).stat().st_size > 0


def test_a_zip_address_is_downloaded_whole_and_synced_as_a_file(data_dir, served, key, trust):
    spec = spec_of(1)
    spec.files[SIGNATURE_NAME] = key.sign(spec.raw_manifest())
    write_zip(served.root / "library.zip", spec)
    url = served.url + "library.zip"
    size = (served.root / "library.zip").stat().st_size
    served.behaviour.drop_after["/library.zip"] = size // 2

    plan = check_for_update(data_dir, url, trust, network=QUICK)
    assert (plan.download_bytes, plan.counts_known, plan.up_to_date) == (size, False, False)
    result = download_and_apply(data_dir, plan, trust, network=QUICK)

    assert (result.result, result.added) == ("updated", 5)
    ranges = [r.headers.get("range") for r in served.requests if r.method == "GET"]
    assert ranges == [None, f"bytes={size // 2}-"]
    served.reset_counts()
    assert check_for_update(data_dir, url, trust, network=QUICK).up_to_date
    assert [(r.method, r.status) for r in served.requests] == [("HEAD", 304)]


def test_an_unsigned_zip_from_the_web_is_rejected(data_dir, served, trust):
    write_zip(served.root / "library.zip", spec_of(1))
    with pytest.raises(BundleRejected, match=r"manifest\.sig: is missing") as caught:
        update_from_web(data_dir, served.url + "library.zip", trust, network=QUICK)
    assert caught.value.exit_code == 3
