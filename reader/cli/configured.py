"""The clinic configuration as the commands that use it load it: the rule for a broken file.

The window, `sync`, `bundle check` and `config check` read the configuration
file. A file named by `--config` or SCI_READER_CONFIG was asked for, so if
it is missing or has any problem the command exits 2 (docs/cli.md), and so
does every other command, which reads a named file only to check it; the
default file is optional, and its problems are warnings: the command goes on
with the keys that are valid (kiosk mode kept on if the file asked for it).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from reader.cli.terminal import safe_text
from reader.core.config import LoadedConfig, chosen_config_path, load_config
from reader.core.errors import SourceError

if TYPE_CHECKING:  # annotations only: a plain launch never imports argparse
    import argparse


class ConfigInvalid(SourceError):
    """A configuration file that was asked for and is missing or broken (exit 2)."""

    def __init__(self, problems: tuple[str, ...]):
        self.problems = problems
        super().__init__("; ".join(problems))

    def lines(self) -> list[str]:
        return list(self.problems)


def load_chosen(args: argparse.Namespace) -> tuple[LoadedConfig, bool]:
    """The configuration the command line chose (--config, the variable, the default); named?"""
    path, named = chosen_config_path(getattr(args, "config", None))
    return load_config(path, required=named), named


def clinic_config(args: argparse.Namespace) -> LoadedConfig:
    """The chosen configuration; ConfigInvalid if a named one has problems, else warnings."""
    loaded, named = load_chosen(args)
    if named and loaded.problems:
        raise ConfigInvalid(loaded.problems)
    warn(loaded)
    return loaded


def refuse_broken_named_config(args: argparse.Namespace) -> None:
    """For a command that does not use the configuration: a named file must still be
    there and valid (ConfigInvalid, exit 2), as CLI.md says of --config and its variable."""
    loaded, named = load_chosen(args)
    if named and loaded.problems:
        raise ConfigInvalid(loaded.problems)


def warn(loaded: LoadedConfig) -> None:
    for problem in loaded.warnings():
        print(f"sci-reader: warning: {safe_text(problem)}", file=sys.stderr)
