"""Sync: a full snapshot, all or nothing, never touching personal data."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile

import pytest

from reader.core.errors import BundleRejected, SyncCancelled
from reader.core.library.search import search
from reader.core.library.store import open_library
from reader.core.library.sync import sync
from reader.core.personal.store import PersonalData
from tests.bundles import article_text, bundle_spec, library_snapshot, synthetic

V1 = {
    "keep-one": article_text("Keep one", "general", "Unchanged text about pelican."),
    "keep-two": article_text("Keep two", "pain", "Unchanged text about otter."),
    "change-me": article_text("Old change title", "general", "Old words about flamingo."),
    "drop-me": article_text("Drop me", "walking", "Soon gone, about narwhal."),
}
V2 = {
    "keep-one": V1["keep-one"],
    "keep-two": V1["keep-two"],
    "change-me": article_text("New change title", "pain", "New words about heron."),
    "new-one": article_text("Brand new", "walking", "Fresh words about capybara."),
}


def without_sync_time(snapshot: dict) -> dict:
    """The snapshot without what differs between two data dirs synced alike."""
    snapshot = json.loads(json.dumps(snapshot))
    snapshot["status"].pop("data_dir")
    snapshot["status"].pop("last_synced")
    snapshot["meta"].pop("last_synced")
    return snapshot


def hits(data_dir, text: str) -> list[str]:
    with open_library(data_dir, create=False) as library:
        return [h.id for h in search(library, text)]


@pytest.fixture
def v1(cli, data_dir, make_bundle):
    source = make_bundle(V1, version=1, kind="zip")
    result = cli("sync", source, "--json")
    assert result.code == 0, result.err
    assert result.json() == {"result": "updated", "version": 1, "added": 4, "updated": 0,
                             "withdrawn": 0, "unchanged": 0}  # fmt: skip
    return source


def test_counts_from_v1_to_v2(cli, v1, make_bundle):
    result = cli("sync", make_bundle(V2, version=2), "--json")
    assert result.code == 0, result.err
    assert result.json() == {"result": "updated", "version": 2, "added": 1, "updated": 1,
                             "withdrawn": 1, "unchanged": 2}  # fmt: skip
    status = cli("status", "--json").json()
    assert (status["library_version"], status["articles"]) == (2, 4)
    text = cli("sync", make_bundle(V1, version=3))
    assert text.out.strip() == (
        "Library updated to version 3: 1 added, 1 updated, 1 withdrawn, 2 unchanged."
    )


def test_withdrawn_article_is_gone_everywhere(cli, data_dir, v1, make_bundle):
    assert hits(data_dir, "narwhal") == ["drop-me"]
    assert cli("sync", make_bundle(V2, version=2)).code == 0
    assert "drop-me" not in [a["id"] for a in cli("list", "--json").json()]
    assert cli("list", "--category", "walking", "--json").json()[0]["id"] == "new-one"
    assert hits(data_dir, "narwhal") == []
    assert hits(data_dir, "drop") == []
    shown = cli("show", "drop-me")
    assert shown.code == 2
    assert "drop-me" in shown.err
    counts = {c["slug"]: c["articles"] for c in cli("categories", "--json").json()}
    assert counts == {"general": 1, "pain": 2, "walking": 1}


def test_search_index_follows_sync_exactly(cli, data_dir, v1, make_bundle):
    assert hits(data_dir, "flamingo") == ["change-me"]
    assert hits(data_dir, "heron") == []
    assert hits(data_dir, "Old change title") == ["change-me"]
    assert cli("sync", make_bundle(V2, version=2)).code == 0
    assert hits(data_dir, "flamingo") == []
    assert hits(data_dir, "heron") == ["change-me"]
    assert hits(data_dir, "Old change title") == []
    assert hits(data_dir, "New change title") == ["change-me"]
    assert hits(data_dir, "capybara") == ["new-one"]
    assert hits(data_dir, "pelican") == ["keep-one"]  # unchanged articles stay findable
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        # The index holds exactly the words of the articles' stored text
        # (FTS5 raises "database disk image is malformed" if not).
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def test_downgrade_is_refused_then_allowed(cli, data_dir, v1, make_bundle):
    assert cli("sync", make_bundle(V2, version=2)).code == 0
    before = library_snapshot(data_dir)
    old = make_bundle(V1, version=1)
    refused = cli("sync", old)
    assert refused.code == 4
    assert "older" in refused.err and "--allow-downgrade" in refused.err
    assert "Traceback" not in refused.err
    assert library_snapshot(data_dir) == before

    allowed = cli("sync", old, "--allow-downgrade", "--json")
    assert allowed.code == 0, allowed.err
    assert allowed.json()["version"] == 1
    assert allowed.json()["added"] == 1 and allowed.json()["withdrawn"] == 1
    assert hits(data_dir, "narwhal") == ["drop-me"]
    assert cli("status", "--json").json()["library_version"] == 1


def test_same_version_other_manifest_is_refused(cli, data_dir, v1, make_bundle):
    before = library_snapshot(data_dir)
    for other in (
        make_bundle(V2, version=1),  # other content
        make_bundle(V1, version=1, title="Another title"),  # same files, other manifest
    ):
        for args in (("sync", other), ("sync", other, "--allow-downgrade")):
            result = cli(*args)
            assert result.code == 4, result
            assert "same as the library" in result.err
            assert library_snapshot(data_dir) == before


def test_same_manifest_bytes_is_up_to_date_and_writes_nothing(cli, data_dir, v1, tmp_path):
    before = library_snapshot(data_dir)
    library_bytes = (data_dir / "library.sqlite3").read_bytes()
    result = cli("sync", v1, "--json")
    assert result.code == 0
    assert result.json() == {"result": "up-to-date", "version": 1, "added": 0, "updated": 0,
                             "withdrawn": 0, "unchanged": 4}  # fmt: skip
    # The same bytes in a folder instead of a ZIP are the same bundle.
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(v1).extractall(folder)
    text = cli("sync", folder)
    assert (text.code, text.out.strip()) == (0, "Already up to date (version 1).")
    assert library_snapshot(data_dir) == before  # last_synced included
    assert (data_dir / "library.sqlite3").read_bytes() == library_bytes


def test_unchanged_added_date_and_path_follow_the_manifest(cli, v1, make_bundle):
    spec = bundle_spec(V1, version=2, added={"keep-one": "2030-01-01"})
    item = spec.entry("keep-two")
    spec.files["articles/renamed/keep-two.md"] = spec.files.pop(item["path"])
    item["path"] = "articles/renamed/keep-two.md"
    result = cli("sync", make_bundle(spec), "--json")
    assert result.json()["unchanged"] == 4
    listed = cli("list", "--json").json()
    assert listed[0] == {"id": "keep-one", "title": "Keep one", "plain_title": None,
                         "added": "2030-01-01", "categories": ["general"]}  # fmt: skip
    assert cli("show", "keep-one", "--json").json()["added"] == "2030-01-01"


def test_pages_and_categories_are_replaced(cli, data_dir, v1, make_bundle):
    categories = [
        {"slug": "walking", "name": "Walking and standing"},
        {"slug": "pain", "name": "Pain"},
        {"slug": "general", "name": "General", "description": "New words."},
    ]
    pages = {"about": ("About us", "## Who\n\nUs.\n")}
    assert cli("sync", make_bundle(V2, version=2, categories=categories, pages=pages)).code == 0
    shown = cli("categories", "--json").json()
    assert [(c["slug"], c["name"], c["description"]) for c in shown] == [
        ("walking", "Walking and standing", None),
        ("pain", "Pain", None),
        ("general", "General", "New words."),
    ]
    with open_library(data_dir) as library:
        assert [(p.id, p.title, p.body) for p in library.pages()] == [
            ("about", "About us", "## Who\n\nUs.\n")
        ]


def test_unchanged_article_must_still_be_in_the_bundle(cli, data_dir, v1, make_bundle):
    before = library_snapshot(data_dir)
    spec = bundle_spec(V2, version=2)
    del spec.files["articles/keep-one.md"]
    result = cli("sync", make_bundle(spec))
    assert result.code == 3
    assert "articles/keep-one.md: is listed in the manifest but missing" in result.err
    assert library_snapshot(data_dir) == before


def test_unchanged_article_must_keep_a_known_category(cli, data_dir, v1, make_bundle):
    before = library_snapshot(data_dir)
    categories = [{"slug": "general", "name": "General"}, {"slug": "walking", "name": "W"}]
    # keep-two (unchanged, not re-read) is in "pain", which this version drops.
    result = cli("sync", make_bundle({**V2, "change-me": V1["change-me"]}, version=2,
                                     categories=categories))  # fmt: skip
    assert result.code == 3
    assert "articles/keep-two.md: category 'pain' is not one of" in result.err
    assert library_snapshot(data_dir) == before


def test_unchanged_article_must_keep_its_size(cli, data_dir, v1, make_bundle):
    spec = bundle_spec(V2, version=2)
    spec.files["articles/keep-one.md"] += b"\n"
    result = cli("sync", make_bundle(spec))
    assert result.code == 3
    assert "articles/keep-one.md: size is" in result.err


# --- unchanged articles are not re-read ------------------------------------


def test_unchanged_article_is_not_reread_same_size_garbage(cli, data_dir, v1, make_bundle):
    spec = bundle_spec(V2, version=2)
    size = len(spec.files["articles/keep-one.md"])
    spec.files["articles/keep-one.md"] = b"\xff" * size  # not even UTF-8
    source = make_bundle(spec)
    # A full check reads every file and sees the damage ...
    assert cli("bundle", "check", source).code == 3
    # ... but sync trusts the sha256 it already has and never opens the file.
    result = cli("sync", source, "--json")
    assert result.code == 0, result.err
    assert result.json()["unchanged"] == 2
    assert hits(data_dir, "pelican") == ["keep-one"]
    assert "Unchanged text about pelican." in cli("show", "keep-one").out


def test_unchanged_article_is_not_reread_damaged_zip_entry(cli, data_dir, v1, make_bundle):
    spec = bundle_spec(V2, version=2)
    spec.compression = zipfile.ZIP_STORED
    source = make_bundle(spec, kind="zip")
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo("articles/keep-two.md")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 5] = b"XXXXX"  # the CRC no longer matches
    source.write_bytes(bytes(data))
    assert cli("bundle", "check", source).code == 3
    assert cli("sync", source).code == 0
    assert hits(data_dir, "otter") == ["keep-two"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unchanged_article_is_not_reread_unreadable_file(cli, data_dir, v1, make_bundle):
    source = make_bundle(V2, version=2)
    unreadable = source / "articles" / "keep-one.md"
    unreadable.chmod(0)
    try:
        assert cli("bundle", "check", source).code == 3
        assert cli("sync", source).code == 0
    finally:
        unreadable.chmod(0o644)


# --- personal data ---------------------------------------------------------


def test_personal_data_is_never_touched_by_sync(cli, data_dir, v1, make_bundle):
    with PersonalData(data_dir) as store:
        store.add_bookmark("drop-me", "Drop me", "2026-01-01T10:00:00Z")
        store.set_feedback("drop-me", True, "2026-01-01T10:01:00Z")
        store.set_note("drop-me", "Drop me", "Ask about narwhal", "2026-01-01T10:02:00Z")
        store.set_note("change-me", "Old change title", "Mine", "2026-01-01T10:03:00Z")
        before = store.export_document()
    userdata = data_dir / "userdata.sqlite3"
    raw = userdata.read_bytes()
    stat = userdata.stat()

    assert cli("sync", make_bundle(V2, version=2)).code == 0  # withdraws drop-me
    assert cli("sync", make_bundle(V1, version=3)).code == 0
    assert cli("sync", make_bundle(V2, version=4, edit=lambda s: s.files.clear())).code == 3

    assert userdata.read_bytes() == raw
    assert (userdata.stat().st_mtime_ns, userdata.stat().st_ino) == (stat.st_mtime_ns, stat.st_ino)
    with PersonalData(data_dir) as store:
        after = store.export_document()
    assert {**after, "exported": None} == {**before, "exported": None}
    titles = {n["article_id"]: n["title"] for n in after["notes"]}
    assert titles["change-me"] == "Old change title"  # the title when the note was made


# --- progress and cancel ---------------------------------------------------


def many_articles(count: int, word: str) -> dict[str, str]:
    return {
        f"article-{i:04d}": article_text(f"Article {i}", "general", f"Body {i} about {word}.")
        for i in range(count)
    }


def test_progress_fractions_are_in_range_and_end_at_one(data_dir, make_bundle):
    calls: list[tuple[float, str]] = []
    source = make_bundle(many_articles(250, "lemur"), version=1)
    sync(data_dir, source, progress=lambda f, m: calls.append((f, m)))
    fractions = [f for f, _ in calls]
    assert len(fractions) >= 5  # opening, two "Reading" steps, saving, done
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert any("200 of 250" in m for _, m in calls)
    assert all(isinstance(m, str) and m for _, m in calls)

    calls.clear()
    assert sync(data_dir, source, progress=lambda f, m: calls.append((f, m))).result == (
        "up-to-date"
    )
    assert calls[-1][0] == 1.0
    assert all(0.0 <= f <= 1.0 for f, _ in calls)


def test_cancel_at_every_point_leaves_old_or_new(data_dir, installed, make_bundle, tmp_path):
    source = make_bundle(many_articles(5, "lemur"), version=2)
    reference = tmp_path / "reference"
    (tmp_path / "reference").mkdir()
    for name in os.listdir(data_dir):
        (reference / name).write_bytes((data_dir / name).read_bytes())
    sync(reference, source)
    new = without_sync_time(library_snapshot(reference))
    old = without_sync_time(installed)

    outcomes = []
    for allowed in range(12):
        calls = 0

        def cancelled(allowed=allowed) -> bool:
            nonlocal calls
            calls += 1
            return calls > allowed

        try:
            sync(data_dir, source, cancelled=cancelled)
            outcomes.append("done")
            assert without_sync_time(library_snapshot(data_dir)) == new
            break
        except SyncCancelled:
            outcomes.append("cancelled")
            assert library_snapshot(data_dir) == installed
        assert without_sync_time(library_snapshot(data_dir)) in (old, new)
    assert outcomes[0] == "cancelled" and outcomes[-1] == "done"
    assert outcomes.count("cancelled") >= 6  # once per article and after the last step


# --- a damaged library -----------------------------------------------------


def _damage_all(path):
    path.write_bytes(b"This is not an SQLite file at all. " * 200)


def _damage_body(path):
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 7):  # the header page survives, the rest does not
        data[i] = (data[i] * 31 + 7) % 256
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_damage_all, _damage_body], ids=["garbage", "body"])
def test_damaged_library_status_exits_5_and_sync_rebuilds(damage, cli, data_dir, v1, make_bundle):
    with PersonalData(data_dir) as store:
        store.add_bookmark("keep-one", "Keep one")
    userdata = (data_dir / "userdata.sqlite3").read_bytes()
    library = data_dir / "library.sqlite3"
    damage(library)
    damaged_bytes = library.read_bytes()

    commands = [("status",), ("status", "--json")]
    if damage is _damage_all:  # with the header intact, some lookups may still succeed
        commands += [("list",), ("categories",), ("show", "keep-one"), ("search", "pelican")]
    for command in commands:
        result = cli(*command)
        assert result.code == 5, (command, result)
        assert result.err.startswith(f"sci-reader: {library}: the library")
        assert len(result.err.splitlines()) == 1
        assert "Traceback" not in result.err
        assert result.out == ""
    assert library.read_bytes() == damaged_bytes  # reading commands repair nothing

    result = cli("sync", make_bundle(V2, version=2), "--json")
    assert result.code == 0, result.err
    assert result.json()["added"] == 4  # rebuilt from scratch
    kept = sorted(p.name for p in data_dir.glob("library.sqlite3.damaged-*"))
    assert kept and kept[0].startswith("library.sqlite3.damaged-")
    assert (data_dir / kept[0]).read_bytes() == damaged_bytes
    assert cli("status", "--json").json()["library_version"] == 2
    assert hits(data_dir, "heron") == ["change-me"]
    with sqlite3.connect(library) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (data_dir / "userdata.sqlite3").read_bytes() == userdata


def test_first_sync_creates_the_data_dir(cli, tmp_path, run_cli, make_bundle):
    target = tmp_path / "a" / "b" / "data"
    result = run_cli("--data-dir", target, "sync", make_bundle(V1), "--json")
    assert result.code == 0
    assert (target / "library.sqlite3").is_file()
    assert not (target / "userdata.sqlite3").exists()  # sync never opens personal data


def test_library_from_a_newer_app_is_refused_not_rebuilt(cli, data_dir, v1, make_bundle):
    library = data_dir / "library.sqlite3"
    with sqlite3.connect(library) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    raw = library.read_bytes()
    for command in (("status",), ("sync", make_bundle(V2, version=2))):
        result = cli(*command)
        assert result.code == 5, result
        assert "newer version of SCI Research Reader" in result.err
    assert library.read_bytes() == raw
    assert list(data_dir.glob("*.damaged-*")) == []


def test_sync_works_even_with_damaged_personal_data(cli, data_dir, v1, make_bundle):
    userdata = data_dir / "userdata.sqlite3"
    userdata.write_bytes(b"not a database" * 100)
    assert cli("sync", make_bundle(V2, version=2)).code == 0
    assert userdata.read_bytes() == b"not a database" * 100
    result = cli("userdata", "export", data_dir / "out.json")
    assert result.code == 5
    assert "personal data" in result.err


def test_damaged_library_is_kept_when_the_rebuilding_bundle_is_rejected(
    cli, data_dir, v1, make_bundle
):
    library = data_dir / "library.sqlite3"
    _damage_all(library)
    damaged_bytes = library.read_bytes()
    broken = make_bundle(
        V2, version=2, edit=lambda spec: spec.files.__setitem__("articles/keep-one.md", b"x")
    )
    result = cli("sync", broken)
    assert result.code == 3, result
    # Nothing changed: the damaged file is where it was, no rebuild left behind.
    assert library.read_bytes() == damaged_bytes
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith("library")) == [
        "library.sqlite3"
    ]


def test_sync_waits_for_another_writer_instead_of_failing(data_dir, v1, make_bundle):
    import threading
    import time

    other = sqlite3.connect(
        data_dir / "library.sqlite3", isolation_level=None, check_same_thread=False
    )
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    releasing = threading.Event()

    def release_later() -> None:
        time.sleep(1.0)
        releasing.set()  # before COMMIT: the sync cannot have written before this
        other.execute("COMMIT")

    releaser = threading.Thread(target=release_later)
    releaser.start()
    try:
        result = sync(data_dir, make_bundle(V2, version=2))
        # The order of events, not a duration: the sync finished after the
        # other writer let go, and then wrote version 2.
        assert releasing.is_set()
        assert result.version == 2
    finally:
        releaser.join()
        other.close()
    assert library_snapshot(data_dir)["status"]["library_version"] == 2


def test_a_big_sync_parses_in_a_child_process_with_the_same_result(
    monkeypatch, tmp_path, make_bundle
):
    import reader.core.library.children as children
    import reader.core.library.parsing as parsing

    monkeypatch.setattr(children, "CHUNK", 7)  # rows come back in five messages, in order
    articles = many_articles(30, "lemur")
    bundle = make_bundle(articles, version=1)
    here, there = tmp_path / "here", tmp_path / "there"
    sync(here, bundle)
    monkeypatch.setattr(parsing, "PARALLEL_FROM", 1)  # every sync goes to the child
    sync(there, bundle)

    def content(data_dir):
        snapshot = library_snapshot(data_dir)
        return {k: v for k, v in snapshot.items() if k not in ("status", "meta")}

    assert content(there) == content(here)

    # Problems found in the child (here in its fourth message) are reported like
    # any others, and nothing changes.
    broken = make_bundle(
        articles,
        version=2,
        edit=lambda spec: spec.files.__setitem__("articles/article-0023.md", b"x"),
    )
    before = library_snapshot(there)
    with pytest.raises(BundleRejected) as caught:
        sync(there, broken)
    assert any("article-0023.md" in str(p) for p in caught.value.problems)
    assert library_snapshot(there) == before


@pytest.mark.slow
def test_many_updates_keep_the_search_index_exact(tmp_path):
    """A library synced back and forth many times: its index still matches its articles.

    FTS5's own integrity check compares every indexed word with the stored
    text. (A 32 MiB FTS5 write buffer once made the eleventh update of this
    library keep a replaced article's word.)
    """
    v1 = synthetic.make_bundle(tmp_path / "v1.zip", 3000, version=1, seed=11)
    v2 = synthetic.make_bundle(
        tmp_path / "v2.zip",
        3000,
        version=2,
        seed=11,
        changed=400,
        withdrawn=60,
        added=80,
        marker="qxcrashmarker",
    )
    data_dir = tmp_path / "data"
    for number in range(14):
        bundle = v1 if number % 2 == 0 else v2
        sync(data_dir, bundle.path, allow_downgrade=True)
        conn = sqlite3.connect(data_dir / "library.sqlite3")
        try:
            conn.execute(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as exc:
            pytest.fail(f"after sync {number + 1} (to version {bundle.version}): {exc}")
        finally:
            conn.close()


@pytest.mark.parametrize("in_children", [False, True], ids=["here", "children"])
def test_stricter_limits_reach_the_article_rules(monkeypatch, tmp_path, make_bundle, in_children):
    """A configured limit holds for every article, however the sync parses them."""
    import dataclasses

    import reader.core.library.parsing as parsing
    from reader.core.bundle.limits import DEFAULT_LIMITS

    if in_children:
        monkeypatch.setattr(parsing, "PARALLEL_FROM", 1)
    bundle = make_bundle(many_articles(3, "heron"), version=1)
    strict = dataclasses.replace(DEFAULT_LIMITS, title_chars=5)
    with pytest.raises(BundleRejected) as rejected:
        sync(tmp_path / "data", bundle, limits=strict)
    assert "more than the limit of 5" in str(rejected.value)
    assert open_library(tmp_path / "data").status().library_version is None
