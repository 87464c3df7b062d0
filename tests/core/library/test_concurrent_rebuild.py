"""Two syncs rebuilding a damaged library at once: no silent downgrade (issue 9, point 9).

A sync that finds the library damaged builds a new one from its bundle and
sets the damaged file aside. Two such syncs used to both do so, and the last
to finish won: an older bundle replaced a newer one without
`--allow-downgrade`, the healthy newer library was set aside as "damaged",
and the original damaged file was overwritten. The replacement is now made
under the sync lock, after checking again that the library is still damaged;
if another sync repaired it meanwhile, the late one syncs into the repaired
library under the usual version rules.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import SyncRefused
from reader.core.library import placing
from reader.core.library.store import Library, open_library
from reader.core.library.sync import sync
from tests.bundles import article_text, bundle_spec

DAMAGE = b"This is not an SQLite file at all. " * 200


def _articles(version: int, count: int) -> dict[str, str]:
    return {
        f"study-{i:04d}": article_text(
            f"Study {i} as of version {version}", "general", f"Text of version {version}, {i}."
        )
        for i in range(count)
    }


def _bundle(tmp_path: Path, version: int, count: int = 5) -> Path:
    spec = bundle_spec(_articles(version, count), version=version)
    return spec.write(tmp_path / f"v{version}.zip", "zip")


def _damage(data_dir: Path, round_number: int = 0) -> bytes:
    """Damage the library (a different garbage each round, to tell them apart)."""
    damaged = DAMAGE + f"round {round_number}".encode()
    (data_dir / "library.sqlite3").write_bytes(damaged)
    for suffix in ("-wal", "-shm"):
        (data_dir / f"library.sqlite3{suffix}").unlink(missing_ok=True)
    return damaged


def _version(data_dir: Path) -> int | None:
    with open_library(data_dir, create=False) as library:
        return library.status().library_version


def _set_aside(data_dir: Path) -> list[bytes]:
    """The files set aside as damaged (their -wal and -shm apart), in no set order."""
    return sorted(
        p.read_bytes()
        for p in data_dir.glob("library.sqlite3.damaged-*")
        if not p.name.endswith(("-wal", "-shm"))
    )


def _race_after_build(monkeypatch: pytest.MonkeyPatch, data_dir: Path, other: Path) -> list:
    """Make the next sync's rebuild pause, once built, while a sync of `other`
    runs to its end; returns the list that will hold that sync's result."""
    real_finish = Library.finish_build
    raced: list = []
    started: list[bool] = []

    def finish_then_race(self: Library) -> None:
        real_finish(self)
        if not started:  # only in the outer sync: the other one runs to its end right here
            started.append(True)
            raced.append(sync(data_dir, other))

    monkeypatch.setattr(Library, "finish_build", finish_then_race)
    return raced


def test_a_rebuild_that_finds_the_library_repaired_keeps_the_version_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race, injected: v6's sync repairs the library while v5's is between
    finding it damaged and putting its rebuild in place."""
    data_dir = tmp_path / "data"
    v4, v5, v6 = (_bundle(tmp_path, v) for v in (4, 5, 6))
    sync(data_dir, v4)
    damaged = _damage(data_dir)

    raced = _race_after_build(monkeypatch, data_dir, v6)
    with pytest.raises(SyncRefused, match="older than the library's version 6"):
        sync(data_dir, v5)

    assert [(r.result, r.version) for r in raced] == [("updated", 6)]
    assert _version(data_dir) == 6
    assert _set_aside(data_dir) == [damaged]  # the damaged file, once; never the healthy v6
    leftovers = [p.name for p in data_dir.iterdir() if p.name.endswith(placing.BUILD_SUFFIX)]
    assert leftovers == []


def test_a_rebuild_that_finds_the_library_repaired_by_an_older_one_syncs_over_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other way round: v5 repaired it first, v6 then updates in place."""
    data_dir = tmp_path / "data"
    v4, v5, v6 = (_bundle(tmp_path, v) for v in (4, 5, 6))
    sync(data_dir, v4)
    damaged = _damage(data_dir)

    raced = _race_after_build(monkeypatch, data_dir, v5)
    result = sync(data_dir, v6)
    assert [(r.result, r.version) for r in raced] == [("updated", 5)]  # v5 rebuilt it first
    assert (result.result, result.version) == ("updated", 6)
    assert (result.added, result.updated) == (0, 5)  # into v5's library, not a rebuild
    assert _version(data_dir) == 6
    assert _set_aside(data_dir) == [damaged]


def _command(data_dir: Path, bundle: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "--data-dir", str(data_dir), "sync", str(bundle)]


@pytest.mark.slow
def test_concurrent_syncs_of_a_damaged_library_never_downgrade(tmp_path: Path) -> None:
    """Real processes, both started at once, over several rounds and both orders."""
    env = dict(os.environ)
    env.pop("SCI_READER_DATA_DIR", None)
    data_dir = tmp_path / "data"
    count = 400  # enough work that the two rebuilds overlap
    bundles = {v: _bundle(tmp_path, v, count) for v in (4, 5, 6)}
    sync(data_dir, bundles[4])
    expected_aside = []
    log = []
    for round_number in range(6):
        if _version(data_dir) != 4:
            sync(data_dir, bundles[4], allow_downgrade=True)
        expected_aside.append(_damage(data_dir, round_number))
        order = (5, 6) if round_number % 2 == 0 else (6, 5)
        procs = {
            v: subprocess.Popen(
                _command(data_dir, bundles[v]),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for v in order
        }
        done = {v: (p.wait(timeout=120), *p.communicate()) for v, p in procs.items()}
        log.append({v: d[0] for v, d in done.items()})
        assert done[6][0] == 0, done[6]
        # v5 either rebuilt first (then v6 updated over it) or was refused.
        assert done[5][0] in (0, 4), done[5]
        if done[5][0] == 4:
            assert "older than the library's version 6" in done[5][2]
        for _code, _out, err in done.values():
            assert "Traceback" not in err
        assert _version(data_dir) == 6, f"round {round_number}: {log}"
        assert _set_aside(data_dir) == sorted(expected_aside), f"round {round_number}: {log}"
    print(f"\nexit codes per round (version: code): {log}")
