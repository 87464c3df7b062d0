"""The `sci-reader` command line (see docs/cli.md): parse, run one command, exit with its code.

Clinic IT scripts, publishers and tests use the sub-commands; with none, the
reader window opens. Qt is imported only on that path, and core modules only
inside the command that needs them, so `status` and friends start in a few
tens of milliseconds. The modules of this package:

- `parser`: every sub-command, its arguments and help text;
- `reading`, `sync`, `bundle`, `userdata`, `clinic`: one function per sub-command;
- `terminal`: untrusted text printed safely; `configured`: the clinic
  configuration as commands load it.

Here, `main` turns what a command raises into its exit code and message.
"""

from __future__ import annotations

import argparse
import sys

from reader.cli.parser import build_parser
from reader.cli.terminal import safe_text
from reader.core.errors import ReaderError
from reader.core.paths import resolve_data_dir


def _open_window(args: argparse.Namespace) -> int:
    from reader.cli.clinic import window_config
    from reader.core.logfile import stop_log
    from reader.ui.app import run, startup_problem

    data_dir = resolve_data_dir(args.data_dir)
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


def main(argv: list[str] | None = None) -> int:
    """Run `sci-reader` with `argv` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if not hasattr(args, "config"):
        args.config = None
    args.standalone = argv is None  # the whole process: it ends when the command does
    func = getattr(args, "func", _open_window)
    if args.self_test:
        func = _self_test
    try:
        return func(args)
    except ReaderError as exc:
        for line in exc.lines():
            print(f"sci-reader: {safe_text(line)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sci-reader: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
