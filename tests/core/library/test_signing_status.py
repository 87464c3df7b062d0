"""The installed library's signing status: signed or not, `expires`, out of date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reader.core.bundle.signature import Trust
from reader.core.library.signing_status import SigningStatus, signing_status
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import bundle_spec
from tests.bundles.signing import PublisherKey

KEY = PublisherKey.new()
TRUST = Trust((KEY.public_raw,))


def status_of(data_dir, now=None) -> SigningStatus:
    with open_library(data_dir, create=False) as library:
        return signing_status(library, now)


def test_before_the_first_sync_nothing_is_known(data_dir):
    assert status_of(data_dir) == SigningStatus(None, None, False)


def test_a_signed_sync_is_remembered_then_an_unsigned_one(tmp_path, data_dir):
    spec = KEY.sign(bundle_spec(version=1))
    sync(data_dir, spec.write(tmp_path / "v1"), trust=TRUST)
    assert status_of(data_dir) == SigningStatus(True, None, False)
    sync(data_dir, bundle_spec(version=2).write(tmp_path / "v2"), trust=TRUST)
    assert status_of(data_dir) == SigningStatus(False, None, False)


@pytest.mark.parametrize(
    ("expires", "clock", "out_of_date"),
    [
        ("2999-01-01T00:00:00Z", None, False),  # by today's clock, not yet
        ("2999-01-01T00:00:00Z", datetime(3000, 1, 1, tzinfo=UTC), True),  # clock moved on
        ("2020-01-01", None, True),  # imported although past: a notice, not a lock-out
        # A clock set back since the sync (today) does not hide the notice.
        ("2020-01-01", datetime(2019, 1, 1, tzinfo=UTC), True),
    ],
)
def test_expires_is_stored_and_compared_with_the_clock(
    tmp_path, data_dir, expires, clock, out_of_date
):
    spec = bundle_spec(version=1)
    spec.manifest["expires"] = expires
    sync(data_dir, KEY.sign(spec).write(tmp_path / "b.zip", "zip"), trust=TRUST)
    assert status_of(data_dir, clock) == SigningStatus(True, expires, out_of_date)
