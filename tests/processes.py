"""Running the real `sci-reader` command as a child process, for tests that
kill or interrupt it: the command line and the environment it gets."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cli_env() -> dict[str, str]:
    """This environment without SCI_READER_DATA_DIR (the tests name the folder)."""
    env = dict(os.environ)
    env.pop("SCI_READER_DATA_DIR", None)
    return env


def cli_command(data_dir: Path, *args: str) -> list[str]:
    """`python -m reader --data-dir DATA ARGS`, with this interpreter."""
    return [sys.executable, "-m", "reader", "--data-dir", str(data_dir), *args]
