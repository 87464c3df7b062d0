"""The `sci-reader` command line (see docs/cli.md): parse, run one command, exit with its code.

Clinic IT scripts, publishers and tests use the sub-commands; with none, the
reader window opens. Qt is imported only on that path, and core modules only
inside the command that needs them, so `status` and friends start in a few
tens of milliseconds. The modules of this package:

- `parser`: every sub-command, its arguments and help text;
- `reading`, `sync`, `bundle`, `userdata`, `clinic`: one function per sub-command;
- `terminal`: untrusted text printed safely; `configured`: the clinic
  configuration as commands load it; `streams`: an output on a full disk or
  closed, and a closed standard error.

Here, `main` turns what a command raises into its exit code and message.
A plain launch (no arguments, or only the window's own options) skips
argparse and the sub-commands' modules: it is how the desktop, the kiosk and
the self-test's child start the window, and those imports were a fifth of
the time to a shown window (benchmarks/README.md, "Window start").
"""

from __future__ import annotations

import os
import sys
from types import SimpleNamespace

# Nothing heavier is imported here: a Ctrl-C during an import made before
# `main` runs would show Python's traceback instead of "interrupted". (`os`,
# `sys` and `types` are loaded by the interpreter itself before any of this.)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

# The options a plain launch may carry (exact spellings: anything else, an
# abbreviation included, goes through the full parser and its messages).
_VALUE_OPTIONS = ("--data-dir", "--config")
_FLAG_OPTIONS = ("--kiosk",)


def plain_launch(argv: list[str]) -> SimpleNamespace | None:
    """The window's arguments if `argv` holds only --data-dir, --config and --kiosk; else None."""
    values: dict[str, str] = {}
    kiosk = False
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name in _VALUE_OPTIONS:
            if not equals:
                if not rest or rest[0].startswith("-"):
                    return None  # argparse says "expected one argument"
                value = rest.pop(0)
            values[name] = value
        elif word in _FLAG_OPTIONS:
            kiosk = True
        else:
            return None
    return SimpleNamespace(
        data_dir=values.get("--data-dir"),
        config=values.get("--config"),
        kiosk=kiosk,
        self_test=False,
    )


def _open_window(args: argparse.Namespace) -> int:
    from reader.cli.clinic import window_config
    from reader.core.errors import ReaderError
    from reader.core.logfile import stop_log
    from reader.core.paths import resolve_data_dir
    from reader.ui.app import run, startup_problem

    try:
        data_dir = resolve_data_dir(args.data_dir)
    except ReaderError as exc:  # a file, a name too long: `main` says it on standard error too
        from reader.ui.app import tell_refused_folder

        tell_refused_folder(str(exc))
        raise
    if startup_problem():
        # No window on this machine: `run` says why; no log (nor data folder) is made.
        return run(data_dir, kiosk=args.kiosk)
    try:
        clinic = window_config(args, data_dir)  # a named file missing or broken: exit 2
        return run(data_dir, clinic=clinic, kiosk=args.kiosk)
    finally:
        stop_log()


def _self_test(_args: argparse.Namespace) -> int:
    # Never the user's data folder: the self-test makes and removes its own.
    from reader.ui.self_test import run_self_test

    return run_self_test()


def _named_config_checked(func):
    """`func` preceded by a check of the configuration file, if one was named: a
    command that does not use it still exits 2 for a named file that is missing
    or broken. Nothing is read (nor imported) when none was named."""

    def run(args: argparse.Namespace) -> int:
        from reader.core.paths import CONFIG_ENV

        if args.config is not None or os.environ.get(CONFIG_ENV):
            from reader.cli.configured import refuse_broken_named_config

            refuse_broken_named_config(args)
        return func(args)

    return run


def main(argv: list[str] | None = None) -> int:
    """Run `sci-reader` with `argv` (default: the process's arguments); return the exit code."""
    try:
        # Parsing imports every command's module: a Ctrl-C there says what a
        # Ctrl-C during the command says, and one lost in an import is raised
        # again (first of all, so that the later imports are covered).
        from reader.cli.interrupts import lost_interrupts_raised_again

        with lost_interrupts_raised_again():
            return _parse_and_run(argv)
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except Exception as exc:
        # Raised while a Ctrl-C unwound (a pipe to a parsing child gone, a
        # failed rollback; or wrapped by Python: see interrupt_behind): said
        # as the Ctrl-C, never a traceback, never exit 0. (The module is
        # loaded: `main` imported it first of all.)
        from reader.cli.interrupts import interrupt_behind

        interrupt = interrupt_behind(exc)
        if interrupt is not None:
            return _interrupted(interrupt)
        # `--help | head`; a sub-command's own output drops the rest instead
        # (cli/streams.py), so one reaching here from it is another pipe's: a bug.
        if isinstance(exc, BrokenPipeError) and not getattr(sys.stdout, "guarded", False):
            return 0
        raise


def _interrupted(exc: KeyboardInterrupt) -> int:
    # SIGTERM or SIGHUP (interrupts.Stopped) exits as a process they kill would: 128 + N.
    signum = getattr(exc, "signum", None)
    stopped = "stopped" if signum else "interrupted"
    # Not contextlib.suppress: this module imports nothing the interpreter has not loaded.
    try:  # noqa: SIM105
        print(f"sci-reader: {stopped}; nothing was changed", file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass  # a closed terminal (SIGHUP): the exit code still says it
    return 128 + signum if signum else 130


def _parse_and_run(argv: list[str] | None) -> int:
    from reader.core.errors import ReaderError

    args = plain_launch(sys.argv[1:] if argv is None else argv)
    if args is None:
        from reader.cli.parser import build_parser

        args = build_parser().parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if not hasattr(args, "config"):
        args.config = None
    args.standalone = argv is None  # the whole process: it ends when the command does
    func = getattr(args, "func", _open_window)
    if args.self_test:
        func = _self_test
    elif not getattr(args, "reads_config", True):
        func = _named_config_checked(func)
    command = args.standalone and func is not _open_window
    if command:  # a full or closed output, a closed standard error: said plainly
        from reader.cli.interrupts import stops_as_interrupts
        from reader.cli.streams import finish_output, guard_streams

        guard_streams()  # the self-test's report too: a clinic's script keeps it
        if not args.self_test:  # its window ends on SIGTERM as the window does
            stops_as_interrupts()  # SIGTERM, SIGHUP: undone and said as Ctrl-C is
    try:
        code = func(args)
        if command:
            finish_output()
        return code
    except ReaderError as exc:
        from reader.cli.interrupts import interrupt_behind
        from reader.cli.terminal import safe_text

        if interrupt_behind(exc) is not None:
            raise  # an error of the Ctrl-C's unwinding: `main` says the Ctrl-C
        try:
            for line in exc.lines():
                print(f"sci-reader: {safe_text(line)}", file=sys.stderr)
        except OSError:
            pass  # standard error cannot be written either: the exit code still says it
        return exc.exit_code
