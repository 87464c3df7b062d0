"""A sync killed at any instant leaves the old library or the new one, never a mix.

The bundle format's promise ("a sync interrupted at any instant (power cut,
killed process) leaves the old library or the new one"), tested the hard
way: `sci-reader sync` runs as a real process and is sent SIGKILL at random
moments, from before the interpreter has started to after the commit. After
each kill the library is read back through the command line and must be
exactly version 1 or exactly version 2 of two synthetic bundles: the
article count, the per-category counts and the hits for a word that only
version 2's changed articles contain all have to agree with that version,
SQLite's integrity check must pass, and the personal data file must not
have changed by a single byte.
"""

from __future__ import annotations

import hashlib
import json
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from reader.core.personal.store import PersonalData
from tests.bundles import synthetic
from tests.processes import cli_command, cli_env

ARTICLES = 3000
SEED = 11
MARKER = "qxcrashmarker"
ITERATIONS = 20
AFTER_COMMIT = "after commit"
LIBRARY_FILE = "library.sqlite3"
USERDATA_FILE = "userdata.sqlite3"


def _cli_json(data_dir: Path, *args: str):
    done = subprocess.run(
        cli_command(data_dir, *args, "--json"),
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_env(),
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stderr}"
    return json.loads(done.stdout)


def _sync(data_dir: Path, bundle: Path) -> tuple[dict, float]:
    start = time.perf_counter()
    result = _cli_json(data_dir, "sync", str(bundle), "--allow-downgrade")
    return result, time.perf_counter() - start


def _file_digest(data_dir: Path, name: str) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = data_dir / (name + suffix)
        if path.exists():
            digest.update(suffix.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _observe(data_dir: Path, infos: dict[int, synthetic.BundleInfo]) -> int:
    """The library's version, after checking that it is exactly that version."""
    status = _cli_json(data_dir, "status")
    version = status["library_version"]
    assert version in infos, f"library version {version!r} after a kill: {status}"
    expected = infos[version]
    assert status["articles"] == expected.articles, (version, status)
    assert status["categories"] == len(synthetic.CATEGORIES), status
    assert status["pages"] == len(synthetic.PAGES), status

    categories = _cli_json(data_dir, "categories")
    assert [c["slug"] for c in categories] == [c[0] for c in synthetic.CATEGORIES]
    assert {c["slug"]: c["articles"] for c in categories} == expected.category_counts, version

    hits = _cli_json(data_dir, "search", MARKER, "--limit", "100000")
    if version == 2:
        assert sorted(h["id"] for h in hits) == sorted(expected.changed), "marker hits in v2"
    else:
        assert hits == [], f"version 1 must not contain the v2-only word ({len(hits)} hits)"

    conn = sqlite3.connect(data_dir / LIBRARY_FILE)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert count == expected.articles, count
        # The search index holds exactly the words of the stored articles.
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()
    return version


def _wait_for_version(data_dir: Path, version: int, proc: subprocess.Popen, timeout: float) -> None:
    """Return as soon as a reader sees `version` committed (or the sync has ended)."""
    uri = f"{(data_dir / LIBRARY_FILE).as_uri()}?mode=ro"
    deadline = time.perf_counter() + timeout
    conn = None
    try:
        while time.perf_counter() < deadline and proc.poll() is None:
            try:
                if conn is None:
                    conn = sqlite3.connect(uri, uri=True, timeout=0.05)
                row = conn.execute(
                    "SELECT value FROM meta WHERE key = 'library_version'"
                ).fetchone()
                if row is not None and int(row[0]) == version:
                    return
            except sqlite3.Error:
                pass  # busy for a moment: try again
            time.sleep(0.002)
    finally:
        if conn is not None:
            conn.close()


@pytest.mark.slow
def test_sync_killed_at_any_moment_leaves_old_or_new_library(tmp_path: Path) -> None:
    started = time.perf_counter()
    v1 = synthetic.make_bundle(tmp_path / "v1.zip", ARTICLES, version=1, seed=SEED)
    v2 = synthetic.make_bundle(
        tmp_path / "v2.zip",
        ARTICLES,
        version=2,
        seed=SEED,
        changed=400,
        withdrawn=60,
        added=80,
        marker=MARKER,
    )
    infos = {1: v1, 2: v2}
    bundles = {1: v1.path, 2: v2.path}
    assert v2.articles == ARTICLES - 60 + 80
    data_dir = tmp_path / "data"

    # The very first sync builds a new file and gives it the library's name
    # at the end: killed at any moment, there is no library yet, or all of
    # version 1. Each kill is in a data dir of its own, so each is a first sync.
    _, first_sync = _sync(tmp_path / "first-sync-timing", v1.path)
    first_outcomes = []
    for number, fraction in enumerate((0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.5)):
        fresh = tmp_path / f"first-{number}"
        proc = subprocess.Popen(
            cli_command(fresh, "sync", str(v1.path)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=cli_env(),
        )
        time.sleep(fraction * first_sync)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        status = _cli_json(fresh, "status")
        if status["library_version"] is None:
            assert status["articles"] == 0, status
            first_outcomes.append("none")
        else:
            assert _observe(fresh, infos) == 1
            first_outcomes.append("v1")
        # Whatever the kill left behind, the next sync completes.
        result, _ = _sync(fresh, v1.path)
        assert result["version"] == 1
        assert _observe(fresh, infos) == 1
    print(f"\nfirst syncs killed: {first_outcomes} (a whole one took {first_sync:.2f} s)")
    assert "none" in first_outcomes

    result, _ = _sync(data_dir, v1.path)
    assert result["version"] == 1
    assert _observe(data_dir, infos) == 1

    with PersonalData(data_dir) as store:
        store.add_bookmark(v2.changed[0], "A bookmark that no sync may touch")
        store.add_bookmark(v2.withdrawn[0], "A bookmark about a withdrawn article")
        store.set_feedback(v2.changed[0], True)
        expected_bookmarks = store.list_bookmarks()
    userdata_digest = _file_digest(data_dir, USERDATA_FILE)

    # How long a sync takes each way, so kills can be spread over its whole run.
    result, up = _sync(data_dir, v2.path)
    assert (result["added"], result["updated"], result["withdrawn"]) == (80, 400, 60)
    assert _observe(data_dir, infos) == 2
    result, down = _sync(data_dir, v1.path)
    assert result["version"] == 1
    assert _observe(data_dir, infos) == 1
    durations = {2: up, 1: down}

    measured = dict(durations)
    rng = random.Random(SEED)
    # When to kill, as a fraction of a sync's duration: very early, very late,
    # random in between, and AFTER_COMMIT: as soon as another connection sees
    # the new version, i.e. between the commit and the end of the process.
    moments: list[float | str] = [0.0, 0.005, 0.85, 0.9, 0.95, 1.0] + [AFTER_COMMIT] * 3
    moments += [rng.uniform(0.02, 0.98) for _ in range(ITERATIONS - len(moments))]
    rng.shuffle(moments)

    current = 1
    log = []
    for moment in moments:
        target = 2 if current == 1 else 1
        proc = subprocess.Popen(
            cli_command(data_dir, "sync", str(bundles[target]), "--allow-downgrade"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=cli_env(),
        )
        started_at = time.perf_counter()
        if moment == AFTER_COMMIT:
            _wait_for_version(data_dir, target, proc, timeout=5 * durations[target] + 5)
        else:
            time.sleep(moment * durations[target])
        delay = time.perf_counter() - started_at
        running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        assert running or code == 0, f"sync exited {code} on its own (after {delay:.3f} s)"
        if not running and moment != AFTER_COMMIT:  # quicker than measured: aim earlier
            durations[target] = min(durations[target], delay)

        version = _observe(data_dir, infos)
        outcome = "new" if version == target else "old"
        if moment == AFTER_COMMIT:
            assert outcome == "new", "a kill after the commit lost the new library"
        assert _file_digest(data_dir, USERDATA_FILE) == userdata_digest, "personal data changed"
        label = "after commit" if moment == AFTER_COMMIT else "timed"
        log.append((round(delay, 3), label, "killed" if running else "finished", outcome))
        current = version

    killed = [entry for entry in log if entry[2] == "killed"]
    old = sum(1 for entry in log if entry[3] == "old")
    new = sum(1 for entry in log if entry[3] == "new")
    new_killed = sum(1 for entry in killed if entry[3] == "new")
    print(
        f"\n{len(log)} syncs: {len(killed)} killed while running, {old} left the old "
        f"library, {new} the new one ({new_killed} of them killed after the commit); "
        f"a whole sync took {measured[2]:.2f} s (v1 to v2) and {measured[1]:.2f} s (v2 to v1)"
    )
    for entry in log:
        print(f"  kill after {entry[0]:.3f} s ({entry[1]}): {entry[2]}, {entry[3]} library")
    assert old >= 1, f"no kill left the old library: {log}"
    assert new >= 1, f"no kill left the new library: {log}"
    assert len(killed) >= ITERATIONS // 2, f"too few syncs were really killed: {log}"

    # Whatever the kills did, a plain sync still moves the library on.
    target = 2 if current == 1 else 1
    result, _ = _sync(data_dir, bundles[target])
    assert result["result"] == "updated" and result["version"] == target
    assert _observe(data_dir, infos) == target

    assert _file_digest(data_dir, USERDATA_FILE) == userdata_digest, "personal data changed"
    with PersonalData(data_dir) as store:
        assert store.list_bookmarks() == expected_bookmarks
    print(f"test time {time.perf_counter() - started:.1f} s")
