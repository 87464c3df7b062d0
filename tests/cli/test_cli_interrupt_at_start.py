"""A Ctrl-C while the command starts (parsing, importing its modules) says
"interrupted", as one during the command does: never Python's traceback.

Before, `main` parsed the arguments, and so imported every command's module
(a third of a command's start), outside the block that turns a Ctrl-C into
"interrupted; nothing was changed" and exit 130: a Ctrl-C in the first tenth
of a second printed a KeyboardInterrupt traceback.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

import reader.cli
import reader.cli.parser
from tests.processes import cli_command, cli_env

INTERRUPTED = "sci-reader: interrupted; nothing was changed\n"


def test_a_ctrl_c_while_the_arguments_are_parsed_says_interrupted(monkeypatch, capsys):
    def build_parser():
        raise KeyboardInterrupt

    monkeypatch.setattr(reader.cli.parser, "build_parser", build_parser)
    assert reader.cli.main(["status"]) == 130
    assert capsys.readouterr().err == INTERRUPTED


def test_a_ctrl_c_while_a_module_defines_a_dataclass_says_interrupted(monkeypatch, capsys):
    # Python 3.11 turns it into "RuntimeError: Error calling __set_name__ ..."
    # (seen in the sweep below: a Ctrl-C while reader.core.model was imported).
    class Interrupted:
        def __set_name__(self, owner, name):
            raise KeyboardInterrupt

    def build_parser():
        type("Article", (), {"field": Interrupted()})

    monkeypatch.setattr(reader.cli.parser, "build_parser", build_parser)
    assert reader.cli.main(["status"]) == 130
    assert capsys.readouterr().err == INTERRUPTED


def test_another_runtime_error_is_not_taken_for_a_ctrl_c(monkeypatch):
    def build_parser():
        raise RuntimeError("a bug")

    monkeypatch.setattr(reader.cli.parser, "build_parser", build_parser)
    with pytest.raises(RuntimeError, match="a bug"):
        reader.cli.main(["status"])


def test_a_broken_pipe_while_the_help_is_printed_is_quiet(monkeypatch, capsys):
    def build_parser():
        raise BrokenPipeError

    monkeypatch.setattr(reader.cli.parser, "build_parser", build_parser)
    assert reader.cli.main(["--help"]) == 0
    assert capsys.readouterr().err == ""


def _startup_messages_of_python(err: str) -> bool:
    """What Python itself prints when a Ctrl-C lands before `main` runs: while
    the interpreter starts (nothing, when it came before Python's own handler),
    or in `python -m`'s import of the package."""
    return (
        err == ""
        or err.startswith(("Could not import runpy module", "Fatal Python error"))
        or (err.startswith("Traceback") and ", in main\n" not in err)
    )


@pytest.mark.slow
def test_a_ctrl_c_at_any_moment_of_a_commands_start_is_never_a_traceback(tmp_path: Path) -> None:
    command = cli_command(tmp_path / "data", "status", "--json")
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, env=cli_env(), check=True)
    duration = time.perf_counter() - started
    outcomes = []
    for step in range(40):
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env()
        )
        time.sleep(duration * step / 40)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        outcomes.append(proc.returncode)
        if proc.returncode == 0:
            assert err == "", err  # done before the signal came, or it came after `main`
        elif err == INTERRUPTED:
            # Or killed by SIGINT, which a shell shows as 130 too: see
            # tests/core/library/test_sync_interrupt.py for why.
            assert proc.returncode in (130, -signal.SIGINT) and out == ""
        else:
            assert _startup_messages_of_python(err), (step, proc.returncode, err)
    assert {130, -signal.SIGINT} & set(outcomes), outcomes  # the sweep reached `main`
