"""How the library stores an article's categories: text once, lists in exact order.

`article_categories` holds one row per (category, article), keyed in list
order. A title repeated in each of those rows made a 139 KB ZIP into a
206 MB library (issue 9, point 3); these tests hold the file to a size that
follows the text, not the text times the categories, and the category
pages to exactly the order of the full list, newest first, then title, then id.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.bundle.manifest import DEFAULT_LIMITS, Limits
from reader.core.library.schema import SCHEMA_STEPS
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec

TITLE_CHARS = 200_000
CATEGORY_COUNT = 1000


def _no_limits() -> Limits:
    """The format's limits opened wide: this is about storage, not about what the
    format accepts (other tests hold the format's own limits)."""
    wide = {
        f.name: 64 * 1024 * 1024
        for f in dataclasses.fields(Limits)
        if isinstance(getattr(DEFAULT_LIMITS, f.name), int)
    }
    return dataclasses.replace(DEFAULT_LIMITS, **wide)


def _library_bytes(data_dir: Path) -> int:
    return sum(
        (data_dir / f"library.sqlite3{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if (data_dir / f"library.sqlite3{suffix}").exists()
    )


def test_a_long_title_in_a_thousand_categories_is_stored_once_not_per_category(
    tmp_path: Path,
) -> None:
    slugs = [f"c{i:04d}" for i in range(CATEGORY_COUNT)]
    categories = [{"slug": s, "name": f"Category {s}"} for s in slugs]
    # Varied text, so that nothing here depends on how well a page compresses.
    title = "".join(chr(0x41 + (i * 7919) % 26) for i in range(TITLE_CHARS))
    spec = bundle_spec(
        {"wide": article_text(title, slugs), "plain": article_text("Plain", slugs[:2])},
        categories=categories,
        pages={},
    )
    source = spec.write(tmp_path / "wide.zip", "zip")
    assert source.stat().st_size < 1024 * 1024  # a small bundle...
    data_dir = tmp_path / "data"
    result = sync(data_dir, source, limits=_no_limits())
    assert (result.result, result.added) == ("updated", 2)

    size = _library_bytes(data_dir)
    # ...gives a library of a few copies of its text (row, search index,
    # list index), not a thousand: that would be 200 MB.
    assert size < 5 * 1024 * 1024, f"library is {size / 1e6:.1f} MB"
    with open_library(data_dir, create=False) as library:
        page = library.list_articles(slugs[-1], 10, 0)
        assert [(a.id, a.title) for a in page] == [("wide", title)]
        assert [a.id for a in library.list_articles(slugs[0])] == ["plain", "wide"]
        assert [c.articles for c in library.categories()][:3] == [2, 2, 1]


def _titles_sharing_a_long_prefix() -> dict[str, str]:
    """Articles whose titles agree for longer than any bounded sort key, ids in
    the opposite order to their titles, some all alike, some multi-byte."""
    prefix = "Spinal cord stimulation and walking after injury: a long shared start "
    assert len(prefix) > 64
    tails = ["b", "a", "é", "aa", "", "z" * 120, "ü" * 5, "a\u20ac", "0"]
    articles = {}
    for i, tail in enumerate(tails):
        articles[f"id-{len(tails) - i:02d}"] = prefix + tail
    articles["id-50"] = prefix[:63] + "é" + "x"  # a two-byte character across the 64th
    articles["id-51"] = prefix[:63] + "é"
    articles["id-52"] = prefix[:64]  # exactly as long as such a key
    articles["id-53"] = prefix + "a"  # the same title as id-08: the id decides
    articles["id-00"] = "Another title"
    return articles


@pytest.mark.parametrize("same_day", [True, False], ids=["one-day", "two-days"])
def test_category_pages_follow_the_exact_list_order_at_every_offset(
    tmp_path: Path, same_day: bool
) -> None:
    titles = _titles_sharing_a_long_prefix()
    ids = list(titles)
    added = {
        article_id: "2025-06-01" if same_day or i % 2 else "2025-05-01"
        for i, article_id in enumerate(ids)
    }
    spec = bundle_spec(
        {article_id: article_text(t, ["general", "pain"]) for article_id, t in titles.items()},
        added=added,
    )
    data_dir = tmp_path / "data"
    sync(data_dir, spec.write(tmp_path / "bundle", "dir"), limits=_no_limits())

    expected = sorted(ids, key=lambda i: (titles[i].encode(), i))  # SQLite compares bytes
    expected.sort(key=lambda i: added[i], reverse=True)  # stable: newest first, then title
    with open_library(data_dir, create=False) as library:
        assert [a.id for a in library.list_articles()] == expected
        assert [a.id for a in library.list_articles("general")] == expected
        for limit in (1, 2, 3, 5, len(ids)):
            for offset in range(len(ids) + 1):
                page = library.list_articles("pain", limit, offset)
                assert [a.id for a in page] == expected[offset : offset + limit], (limit, offset)
        assert [a.id for a in library.list_articles("pain", -1, 4)] == expected[4:]


def test_a_library_of_schema_2_moves_to_bounded_category_keys(tmp_path: Path) -> None:
    """The step after schema 2 keeps every category row and its order, and drops
    the per-category copy of the title."""
    from reader.core.database import connect, migrate

    data_dir = tmp_path / "data"
    path = data_dir / "library.sqlite3"
    data_dir.mkdir()
    conn = connect(path, label="library")
    migrate(conn, SCHEMA_STEPS[:2], path, "library")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    long_title = "L" * 70
    rows = [
        # rowid, id, added, title, categories
        (1, "otter", "2026-01-02", long_title + "b", ["general", "pain"]),
        (2, "heron", "2026-01-02", long_title + "a", ["pain"]),
        (3, "crane", "2026-01-01", "Crane", ["general"]),
    ]
    for rowid, article_id, added, title, cats in rows:
        conn.execute(
            "INSERT INTO articles (rowid, id, path, sha256, size, added, categories, title,"
            " simple_explanation, key_findings, practical_implications, study_limitations,"
            " extra_sections, extra_meta)"
            " VALUES (?, ?, ?, 'x', 1, ?, ?, ?, 'About it.', '[]', '[]', '[]', '[]', '{}')",
            (rowid, article_id, f"articles/{article_id}.md", added, str(cats).replace("'", '"'),
             title),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO article_categories (slug, added, title, article_id, position)"
            " VALUES (?, ?, ?, ?, ?)",
            [(slug, added, title, article_id, i) for i, slug in enumerate(cats)],
        )
    conn.executemany(
        "INSERT INTO categories VALUES (?, ?, NULL, ?)",
        [("general", "General", 0), ("pain", "Pain", 1)],
    )
    conn.execute("INSERT INTO meta VALUES ('library_version', '4')")
    conn.close()

    with open_library(data_dir) as library:
        version = library.conn.execute("PRAGMA user_version").fetchone()[0]
        columns = [r[1] for r in library.conn.execute("PRAGMA table_info(article_categories)")]
        assert [a.id for a in library.list_articles("pain")] == ["heron", "otter"]
        assert [a.id for a in library.list_articles("general")] == ["otter", "crane"]
        assert [a.id for a in library.list_articles("pain", 1, 1)] == ["otter"]
        assert [(c.category.slug, c.articles) for c in library.categories()] == [
            ("general", 2),
            ("pain", 2),
        ]
        stored = library.conn.execute(
            "SELECT slug, article_id, position FROM article_categories ORDER BY slug, article_id"
        ).fetchall()
        assert [tuple(r) for r in stored] == [
            ("general", "crane", 0),
            ("general", "otter", 0),
            ("pain", "heron", 0),
            ("pain", "otter", 1),
        ]
    assert version == len(SCHEMA_STEPS) >= 3
    assert "title" not in columns
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def _reads(library) -> dict:
    """Everything a reading command or the window reads, at many offsets."""
    from reader.core.library.search import search

    status = dataclasses.asdict(library.status())
    status.pop("data_dir")
    reads: dict = {"status": status, "categories": library.categories()}
    reads["list"] = library.list_articles()
    for slug in ("general", "pain"):
        reads[slug, "count"] = library.count_articles(slug)
        for limit in (1, 3, -1):
            for offset in range(library.count_articles(slug) + 1):
                reads[slug, limit, offset] = library.list_articles(slug, limit, offset)
    reads["articles"] = [library.get_article(a.id) for a in reads["list"]]
    reads["search"] = [search(library, word) for word in ("spinal", "another", "walk")]
    reads["pages"] = library.pages()
    reads["page"] = [library.get_page(p.id) for p in reads["pages"]]
    return reads


def test_a_schema_2_library_opened_read_only_is_read_as_it_is_not_migrated(
    tmp_path: Path,
) -> None:
    """Reading never writes (issue 9, items 12-13): a library of the previous
    schema reads the same as its migrated copy, and stays byte for byte as it was."""
    from tests.core.library.old_schema import back_to_schema_2

    titles = _titles_sharing_a_long_prefix()
    spec = bundle_spec(
        {i: article_text(t, ["general", "pain"] if n % 3 else ["pain"])
         for n, (i, t) in enumerate(titles.items())},
        added={i: "2025-06-01" if n % 2 else "2025-05-01" for n, i in enumerate(titles)},
    )  # fmt: skip
    old = tmp_path / "old"
    sync(old, spec.write(tmp_path / "bundle", "dir"), limits=_no_limits())
    path = old / "library.sqlite3"
    back_to_schema_2(path)
    migrated = tmp_path / "migrated"
    shutil.copytree(old, migrated)
    before = path.read_bytes()

    with open_library(old, create=False, read_only=True) as library:
        as_it_is = _reads(library)
    with open_library(migrated, create=False) as library:
        expected = _reads(library)
        assert library.conn.execute("PRAGMA user_version").fetchone()[0] == len(SCHEMA_STEPS)

    assert as_it_is == expected
    assert len(expected["pain", -1, 0]) == len(titles) and expected["search"][0]
    assert path.read_bytes() == before
    # The library alone: nothing the reads made (and too small for a sound stamp).
    assert sorted(p.name for p in old.iterdir()) == ["library.sqlite3"]
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
