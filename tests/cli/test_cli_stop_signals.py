"""SIGTERM, SIGHUP and a terminal's Ctrl-C during a big first sync: undone, said, nothing left.

`timeout`, a service manager or a shutdown ends a command with SIGTERM, a
closed terminal or SSH session with SIGHUP; Ctrl-C at a terminal sends
SIGINT to every process of the foreground group, the sync's parsing child
included. Real processes, a 3,000-article bundle (parsed in a child).
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.library.children import _child_main
from reader.core.paths import LIBRARY_FILE
from tests.bundles import synthetic
from tests.processes import cli_command, cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
ARTICLES = 3000  # above parsing.PARALLEL_FROM: a child parses them


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("big") / "big.zip"
    return synthetic.make_bundle(out, ARTICLES, version=1, seed=3).path


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sighup_as_a_terminal_gives_it() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _sync_until_building(data_dir: Path, bundle: Path, child_cpu: float = 0.0) -> subprocess.Popen:
    """A first sync of `bundle`, once its library file is being built and its child
    has run for `child_cpu` seconds (started Python, and is parsing)."""
    # SIGHUP as a terminal's sync finds it: a test run under nohup (a CI job kept
    # alive past a logout) would pass its ignored SIGHUP on, which the app keeps.
    sync = subprocess.Popen(cli_command(data_dir, "sync", str(bundle)), env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=_sighup_as_a_terminal_gives_it)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sync.poll() is None:
        building = data_dir.is_dir() and any(data_dir.glob(f"{LIBRARY_FILE}.*.build"))
        children = _children_of(sync.pid)
        if building and children and _cpu_seconds(children[0]) >= child_cpu:
            return sync
        time.sleep(0.01)
    sync.kill()
    pytest.fail(f"the sync never got to building its library: {sync.communicate()}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="/proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stopped_first_sync_says_so_and_leaves_nothing(big_bundle, data_dir, signum):
    sync = _sync_until_building(data_dir, big_bundle)

    sync.send_signal(signum)
    out, err = sync.communicate(timeout=60)

    # failed before: killed at once (exit -15), silent, and the half-built
    # library.sqlite3.<pid>-<random>.build left in the data folder
    assert (sync.returncode, out, err) == (
        128 + signum,
        "",
        "sci-reader: stopped; nothing was changed\n",
    )
    assert not data_dir.exists()  # nor the folder the sync made


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="/proc")
def test_ctrl_c_at_the_terminal_shows_no_traceback_of_the_parsing_child(big_bundle, data_dir):
    sync = _sync_until_building(data_dir, big_bundle, child_cpu=0.2)
    child = _children_of(sync.pid)[0]
    # failed before: the child in the sync's group, so the terminal's Ctrl-C reached it
    # (whether its traceback came out first was a race with the sync stopping it)
    assert os.getpgid(child) != os.getpgid(sync.pid)

    os.killpg(sync.pid, signal.SIGINT)  # as a terminal does: the whole foreground group
    out, err = sync.communicate(timeout=60)

    # failed before: the child's "Traceback ... KeyboardInterrupt" above the line
    assert (sync.returncode, out, err) == (
        130,
        "",
        "sci-reader: interrupted; nothing was changed\n",
    )
    assert not data_dir.exists()


def test_a_child_whose_parent_died_while_sending_the_work_ends_quietly():
    work = pickle.dumps(("bundle.zip", None, [[("a", "articles/a.md", "0" * 64, 1, "2026-01-01")]],
                         {"pain"}, None))  # fmt: skip
    answer = io.BytesIO()

    # failed before: "_pickle.UnpicklingError: pickle data was truncated", a
    # traceback on the terminal the parent had already left
    _child_main(io.BytesIO(work[: len(work) // 2]), answer)

    assert answer.getvalue() == b""
