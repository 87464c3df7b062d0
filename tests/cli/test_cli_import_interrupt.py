"""Ctrl-C during `userdata import`: the exit code and message say what really happened.

A KeyboardInterrupt is raised at every bytecode instruction of the import's
command and of the store's merge in turn (as a Ctrl-C can land between any
two), and each run is checked against the data on disk: exit 130 "nothing
was changed" only when nothing was, success when the import was committed.

Not on the command's own `return` lines: there Python never delivers a
Ctrl-C (it checks for signals at calls and loop jumps, not between loading
the exit code and returning it), and what follows is main()'s, as for every
command. Nor once the command has switched Ctrl-C off (the import is saved):
no Ctrl-C can arrive then.
"""

from __future__ import annotations

import dis
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reader
from reader.cli.userdata import cmd_userdata_import
from reader.core.personal.store import PersonalData

READER_DIR = str(Path(reader.__file__).resolve().parent)
TRACED = {"cmd_userdata_import", "import_document"}
RETURN_LINES = {
    i.positions.lineno
    for i in dis.get_instructions(cmd_userdata_import)
    if i.opname == "RETURN_VALUE"
}

DOC = {
    "format": "sci-reader-userdata",
    "format_version": 1,
    "bookmarks": [{"article_id": "new", "title": "New", "created": "2026-02-01T00:00:00Z"}],
    "feedback": [{"article_id": "new", "helpful": True, "updated": "2026-02-01T00:00:00Z"}],
    "notes": [
        {"article_id": "new", "title": "New", "text": "Hi", "updated": "2026-02-01T00:00:00Z"}
    ],
}


class Interrupter:
    """A tracer that raises KeyboardInterrupt at the `at`-th traced instruction."""

    def __init__(self, at: int):
        self.at = at
        self.count = 0
        self.fired = False
        self.where = ""

    def calls(self, frame, event, arg):
        code = frame.f_code
        if code.co_name in TRACED and code.co_filename.startswith(READER_DIR):
            frame.f_trace_opcodes = True
            return self.instructions
        return None

    def instructions(self, frame, event, arg):
        skip = (
            frame.f_code.co_name == "cmd_userdata_import" and frame.f_lineno in RETURN_LINES
        ) or signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # Ctrl-C switched off: none comes
        if event == "opcode" and not self.fired and not skip:
            if self.count == self.at:
                self.fired = True
                self.where = f"{frame.f_code.co_name} line {frame.f_lineno}"
                raise KeyboardInterrupt
            self.count += 1
        return self.instructions


def state(data_dir: Path) -> tuple:
    with PersonalData(data_dir) as store:
        return (
            [b.article_id for b in store.list_bookmarks()],
            [f.article_id for f in store.list_feedback()],
            [n.article_id for n in store.list_notes()],
        )


def test_ctrl_c_at_every_moment_of_an_import_is_reported_truthfully(run_cli, tmp_path):
    template = tmp_path / "template"
    with PersonalData(template) as store:
        store.add_bookmark("old", "Old", "2026-01-01T00:00:00Z")
    before = state(template)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(DOC), encoding="utf-8")
    after = (["new", "old"], ["new"], ["new"])

    outcomes: dict[str, int] = {}
    at = 0
    while True:
        data_dir = tmp_path / f"run-{at}"
        shutil.copytree(template, data_dir)
        tracer = Interrupter(at)
        sys.settrace(tracer.calls)
        try:
            result = run_cli("--data-dir", data_dir, "userdata", "import", source)
        except KeyboardInterrupt:
            pytest.fail(f"instruction {at}: KeyboardInterrupt escaped the command")
        finally:
            sys.settrace(None)
        now = state(data_dir)
        moment = f"at {tracer.where}: exit {result.code}, {result.err.strip()!r}"
        if result.code == 130:
            assert "nothing was changed" in result.err, moment
            assert now == before, moment
        else:
            assert result.code == 0, moment
            assert result.out.startswith("Imported: 1 bookmark, 1 feedback answer, 1 note"), moment
            assert now == after, moment
        outcomes[str(result.code)] = outcomes.get(str(result.code), 0) + 1
        shutil.rmtree(data_dir)
        if not tracer.fired:
            break
        at += 1
    # Interrupts landed both before and after the commit.
    assert outcomes.get("130", 0) > 10 and outcomes.get("0", 0) > 1, outcomes


def test_a_second_ctrl_c_while_the_saved_import_is_reported_changes_nothing(
    run_cli, tmp_path, monkeypatch
):
    """Once the import is saved, Ctrl-C is ignored: a real SIGINT sent while the
    command writes its report must not turn it into "nothing was changed"."""
    from reader.core.text import messages

    source = tmp_path / "in.json"
    source.write_text(json.dumps(DOC), encoding="utf-8")
    real_imported = messages.imported
    handlers = []

    def imported_then_ctrl_c(counts):
        handlers.append(signal.getsignal(signal.SIGINT))
        os.kill(os.getpid(), signal.SIGINT)  # delivered at once, in this (main) thread
        return real_imported(counts)

    monkeypatch.setattr(messages, "imported", imported_then_ctrl_c)
    result = run_cli("--data-dir", tmp_path / "data", "userdata", "import", source)

    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Imported: 1 bookmark, 1 feedback answer, 1 note")
    assert handlers == [signal.SIG_IGN]
    assert state(tmp_path / "data") == (["new"], ["new"], ["new"])
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_a_real_ctrl_c_at_various_moments_never_misreports(tmp_path):
    """The same with real processes and SIGINT, sent from early in start-up to past the end.

    On a loaded machine the first signal can land while CPython itself is still
    importing `site`: CPython then stops with "Fatal Python error:
    init_import_site" and exit 1, before a line of the reader has run.
    """
    many = [
        {"article_id": f"a{i}", "title": "T", "created": "2026-02-01T00:00:00Z"}
        for i in range(20_000)
    ]
    source = tmp_path / "many.json"
    source.write_text(json.dumps({**DOC, "bookmarks": many}), encoding="utf-8")
    template = tmp_path / "template"
    with PersonalData(template) as store:
        store.add_bookmark("old", "Old", "2026-01-01T00:00:00Z")
    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    seen = set()
    for i, delay in enumerate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 3.0]):
        data_dir = tmp_path / f"run-{i}"
        shutil.copytree(template, data_dir)
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", "--data-dir", str(data_dir), "userdata", "import",
             str(source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
        bookmarks = len(state(data_dir)[0])
        moment = f"after {delay}s: exit {process.returncode}, {err.strip()[-300:]!r}"
        if process.returncode in (0, 130):
            assert "Traceback" not in err, moment
        if process.returncode == 0:
            assert out.startswith("Imported: 20000 bookmarks"), moment
            assert bookmarks == 20_001, moment
        elif process.returncode == 130:
            assert "nothing was changed" in err, moment
            assert bookmarks == 1, moment
        elif process.returncode == 1:  # CPython's own start-up, before any reader code:
            # site.py ("init_import_site") or, for `-m`, runpy itself (seen once in 2,500)
            started = "init_import_site" in err or "Could not import runpy module" in err
            assert started and "/reader/" not in err, moment
            assert bookmarks == 1, moment
        else:  # Python still starting (importing modules), before main() could catch it
            assert process.returncode == -signal.SIGINT and bookmarks == 1, moment
        seen.add(process.returncode)
    assert seen & {0, 130}, seen
