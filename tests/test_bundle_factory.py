"""The synthetic bundle factory tells the truth about what it wrote.

The crash-safety test and the benchmarks trust `BundleInfo` (which articles
changed, which were withdrawn, where the marker word is), so it is checked
here against the real bundle reader, sync and search, on a small library.
"""

from __future__ import annotations

import pytest

from reader.core.bundle.walk import check_bundle
from reader.core.library.search import search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import synthetic

N = 30


def test_the_same_arguments_give_the_same_bytes(tmp_path):
    one = synthetic.make_bundle(tmp_path / "one.zip", N, seed=5)
    two = synthetic.make_bundle(tmp_path / "elsewhere" / "two.zip", N, seed=5)
    other_seed = synthetic.make_bundle(tmp_path / "three.zip", N, seed=6)
    assert one.path.read_bytes() == two.path.read_bytes()
    assert one.path.read_bytes() != other_seed.path.read_bytes()


def test_a_next_version_is_what_its_info_says(tmp_path):
    v1 = synthetic.make_bundle(tmp_path / "v1.zip", N, seed=5)
    v2 = synthetic.make_bundle(
        tmp_path / "v2", N, version=2, seed=5, changed=4, withdrawn=3, added=5, marker="qxfactory"
    )
    assert v2.path.is_dir()
    report = check_bundle(v2.path)
    assert (report.version, report.articles) == (2, N - 3 + 5)
    assert (len(v2.changed), len(v2.withdrawn), len(v2.added)) == (4, 3, 5)
    assert set(v2.article_ids) == (set(v1.article_ids) - set(v2.withdrawn)) | set(v2.added)

    data = tmp_path / "data"
    first = sync(data, v1.path)
    assert (first.added, first.version) == (N, 1)
    with open_library(data, create=False) as library:
        assert sorted(a.id for a in library.list_articles()) == v1.article_ids
        counts = {c.category.slug: c.articles for c in library.categories()}
        assert counts == v1.category_counts
        assert [c.category.slug for c in library.categories()] == [
            slug for slug, _, _ in synthetic.CATEGORIES
        ]

    second = sync(data, v2.path)
    assert (second.added, second.updated, second.withdrawn, second.unchanged) == (5, 4, 3, 23)
    with open_library(data, create=False) as library:
        assert sorted(h.id for h in search(library, "qxfactory")) == sorted(v2.changed)


@pytest.mark.parametrize("marker", ["plain", "qx-dash", "qx space"])
def test_a_marker_must_be_one_qx_word(tmp_path, marker):
    with pytest.raises(ValueError, match="marker"):
        synthetic.make_bundle(tmp_path / "v2.zip", 3, version=2, changed=1, marker=marker)
    assert not (tmp_path / "v2.zip").exists()
