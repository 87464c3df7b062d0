"""The plain launch's own reading of the window options agrees with argparse's (reader.cli).

`plain_launch` spares the window's start argparse and every sub-command's
module; whatever it does not read exactly as the full parser would, it
leaves to the full parser.
"""

from __future__ import annotations

import pytest

from reader.cli import plain_launch
from reader.cli.parser import build_parser

READ_THE_SAME = [
    [],
    ["--kiosk"],
    ["--data-dir", "/tmp/d"],
    ["--data-dir=/tmp/d"],
    ["--data-dir="],
    ["--data-dir", "/a", "--data-dir", "/b"],
    ["--config", "c.toml", "--kiosk", "--data-dir", "x"],
    ["--config=-odd-name.toml"],
    ["--kiosk", "--kiosk"],
]

LEFT_TO_ARGPARSE = [
    ["--help"],
    ["--version"],
    ["--self-test"],
    ["status"],
    ["--kiosk", "sync"],
    ["--data-dir"],
    ["--data-dir", "--kiosk"],
    ["--data", "/tmp/d"],  # an abbreviation: argparse accepts it, the fast path does not guess
    ["--kiosk=yes"],
    ["-h"],
    ["--"],
    ["/tmp/d"],
]


@pytest.mark.parametrize("argv", READ_THE_SAME)
def test_the_window_options_are_read_as_argparse_reads_them(argv):
    fast = plain_launch(argv)
    assert fast is not None
    full = build_parser().parse_args(argv)
    assert fast.data_dir == getattr(full, "data_dir", None)
    assert fast.config == getattr(full, "config", None)
    assert fast.kiosk == full.kiosk
    assert fast.self_test is False and not hasattr(fast, "func")


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE)
def test_anything_else_goes_to_the_full_parser(argv):
    assert plain_launch(argv) is None
