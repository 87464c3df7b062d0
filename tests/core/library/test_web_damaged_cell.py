"""A web update of a library holding a damaged article cell.

Before, the update's plan read the library's digests alone: an article the
manifest left unchanged was vouched for and not downloaded, so the sync,
which now rebuilds a library holding a cell a read calls damaged, could not
read it ("was not downloaded", the update rejected); and with the manifest
the library already held, the check said "up to date" for ever. Now the plan
sees the damage (cell_scan.py) and downloads every file, and the sync
rebuilds the library.
"""

from __future__ import annotations

import sqlite3

import pytest

from reader.core.library.store import open_library
from reader.core.library.web_update import check_for_update, download_and_apply
from tests.bundles import article_text
from tests.core.library.conftest import QUICK, spec_of
from tests.core.library.test_web_update import _installed
from tests.web_publish import publish


@pytest.mark.parametrize("version", [1, 2])  # the same manifest, a newer one
def test_a_web_update_rebuilds_a_damaged_cell_of_an_article_it_leaves_unchanged(
    data_dir, served, key, trust, version
):
    _installed(data_dir, served, key, trust, count=5)
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute("UPDATE articles SET key_findings = '[broken' WHERE id = 'a-0'")
    conn.close()
    if version == 2:
        changed = {"a-1": article_text("Article 1, revised")}
        publish(spec_of(2, count=5, changed=changed), served.root, key)

    plan = check_for_update(data_dir, served.url, trust, network=QUICK)
    assert (plan.up_to_date, plan.new) == (False, 5)  # every file, for a rebuild
    result = download_and_apply(data_dir, plan, trust, network=QUICK)

    assert (result.result, result.version, result.added) == ("updated", version, 5)
    with open_library(data_dir, read_only=True) as library:
        assert library.get_article("a-0").key_findings == []
    assert len(list(data_dir.glob("library.sqlite3.damaged-*"))) == 1
