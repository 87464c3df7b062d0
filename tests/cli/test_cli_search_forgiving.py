"""`sci-reader search` with a typing mistake: the "Showing results for" line, JSON, --exact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.library.sync import sync

REPO = Path(__file__).resolve().parents[2]
SHOWING = (
    "Showing results for “bladder”: no summaries match “bladdr”. "
    "To search instead for the words as typed, add --exact."
)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-forgiving") / "data"
    sync(data, REPO / "data" / "sci-reader-library.zip")
    return data


def sci_reader(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO, timeout=60,
    )  # fmt: skip


def test_search_bladdr_says_what_it_showed(data_dir):
    done = sci_reader(data_dir, "search", "bladdr", "--limit", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == SHOWING
    assert lines[1].startswith("botulinum-toxin-bladder-leaks-trial-2011  ")
    assert "[bladder]" in lines[2]
    assert done.stderr == ""


def test_search_bladdr_json_adds_the_corrected_query_to_each_result(data_dir):
    done = sci_reader(data_dir, "search", "bladdr", "--json")
    results = json.loads(done.stdout)
    assert results and {r["corrected_query"] for r in results} == {"bladder"}
    assert set(results[0]) == {"id", "title", "plain_title", "snippet", "score", "corrected_query"}
    exact = json.loads(sci_reader(data_dir, "search", "bladder", "--json").stdout)
    assert [r["id"] for r in results] == [r["id"] for r in exact]
    assert all("corrected_query" not in r for r in exact)  # the contract's shape, unchanged


def test_search_exact_does_not_correct(data_dir):
    done = sci_reader(data_dir, "search", "bladdr", "--exact")
    assert (done.returncode, done.stdout) == (0, "No summaries match.\n")
    assert json.loads(sci_reader(data_dir, "search", "bladdr", "--exact", "--json").stdout) == []


def test_search_bed_sores_finds_the_pressure_ulcer_summary(data_dir):
    done = sci_reader(data_dir, "search", "bed sores")
    assert done.stdout.splitlines()[0].startswith("pressure-ulcers-global-burden-2020  ")
    assert "Showing results" not in done.stdout
