"""The clinic commands: `config path`, `config check`, `kiosk set-pin`, and the window's config.

Clinic IT deploys one configuration file to every waiting-room machine
(docs/clinic-deployment.md); these commands show where it is looked for,
validate it before it is deployed, and make the admin PIN's hash to put in
it. `window_config` loads it when the window opens: every problem goes to
stderr and to the log file in the data folder, where IT looks later.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.configured import ConfigInvalid, load_chosen, warn
from reader.cli.terminal import print_json, print_safe, safe_text
from reader.core.config import CONFIG_ENV, ClinicConfig, LoadedConfig, load_config
from reader.core.errors import SourceError
from reader.core.paths import expand_home

if TYPE_CHECKING:  # annotations only: a plain launch never imports argparse
    import argparse

log = logging.getLogger(__name__)

# What a key left unset means, for `config check`'s list of settings in effect.
_UNSET = {
    "text_size": "the reader's own text size",
    "theme": "the reader's own theme",
    "update_source": "no update source: `sync` uses the embedded library",
    "admin_pin_hash": "no admin PIN: kiosk mode can only be left by the operating system",
    "proxy": "web updates use the system's proxy settings",
}


def cmd_config_path(args: argparse.Namespace) -> int:
    loaded, _named = load_chosen(args)
    if getattr(args, "config", None):
        chosen_by = "option"
    elif os.environ.get(CONFIG_ENV):
        chosen_by = "environment"
    else:
        chosen_by = "default"
    if args.json:
        print_json({"path": str(loaded.path), "exists": loaded.exists, "chosen_by": chosen_by})
        return 0
    print_safe(loaded.path)
    how = {
        "option": "named by --config",
        "environment": f"named by {CONFIG_ENV}",
        "default": "the default location",
    }[chosen_by]
    if loaded.exists:
        print(f"It exists ({how}).")
    elif chosen_by == "default":
        print(f"It does not exist ({how}): the built-in settings are used.")
    else:
        print(f"It does not exist ({how}): the window and the other commands exit 2 until it does.")
    return 0


def cmd_config_check(args: argparse.Namespace) -> int:
    if args.file is not None:
        loaded = load_config(expand_home(args.file), required=True)
    else:
        loaded, _named = load_chosen(args)
    if loaded.problems:
        raise ConfigInvalid(loaded.problems)
    if not loaded.exists:
        print_safe(f"{loaded.path}: no configuration file here; the built-in settings are used")
        return 0
    print_safe(f"{loaded.path}: no problems. The settings in effect:")
    for line in settings_lines(loaded.config):
        print_safe(f"  {line}")
    return 0


def settings_lines(config: ClinicConfig) -> list[str]:
    """Each setting as a TOML line (a comment for one left unset)."""
    lines = []
    for f in fields(config):
        value = getattr(config, f.name)
        if value is None:
            lines.append(f"# {f.name}: not set ({_UNSET.get(f.name, 'the default')})")
        elif f.name == "admin_pin_hash":
            lines.append(f'{f.name} = "scrypt$…" (set)')
        else:
            lines.append(f"{f.name} = {_toml(value)}")
    return lines


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


PIN_MAX_INPUT = 1024  # bytes read from standard input: a PIN, not a file


def cmd_kiosk_set_pin(args: argparse.Namespace) -> int:
    from reader.core.kiosk_pin import hash_pin, pin_problem

    interactive = sys.stdin is not None and sys.stdin.isatty()
    pin = _pin_from_terminal() if interactive else _pin_from_stdin()
    problem = pin_problem(pin)
    if problem:
        raise SourceError(f"{problem}; no PIN hash was made")
    if interactive:
        print("Put this line in the clinic configuration file:", file=sys.stderr)
    print(f'admin_pin_hash = "{hash_pin(pin)}"')
    return 0


def _pin_from_terminal() -> str:
    from reader.core.kiosk_pin import pin_problem

    try:
        import getpass

        pin = getpass.getpass("New admin PIN: ")
        problem = pin_problem(pin)
        if problem:
            raise SourceError(f"{problem}; no PIN hash was made")
        again = getpass.getpass("The same PIN again: ")
    except EOFError:
        raise SourceError("no PIN was typed; no PIN hash was made") from None
    if again != pin:
        raise SourceError("the two PINs are not the same; no PIN hash was made")
    return pin


def _pin_from_stdin() -> str:
    if sys.stdin is None:
        raise SourceError("no standard input to read the PIN from")
    data = sys.stdin.buffer.readline(PIN_MAX_INPUT + 1)
    if len(data) > PIN_MAX_INPUT:
        raise SourceError(f"the PIN is too long (at most {PIN_MAX_INPUT} bytes are read)")
    try:
        return data.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError:
        raise SourceError("the PIN is not UTF-8 text; no PIN hash was made") from None


def window_config(args: argparse.Namespace, data_dir: Path) -> LoadedConfig:
    """The configuration for the window; its problems on stderr and in the data folder's log.

    ConfigInvalid (exit 2) if a named file is missing or has problems. The
    log is started here, for the window's whole life (kiosk events, update
    checks); a data folder where it cannot be written is said, not fatal.
    """
    from reader.core.logfile import start_log

    try:
        start_log(data_dir)
    except OSError as exc:
        print(f"sci-reader: warning: cannot write the log in {safe_text(data_dir)}: "
              f"{safe_text(exc.strerror or exc)}", file=sys.stderr)  # fmt: skip
    loaded, named = load_chosen(args)
    for problem in loaded.problems if named else loaded.warnings():
        log.warning("configuration: %s", problem)
    if named and loaded.problems:
        log.error("the window did not open: the configuration named is missing or has problems")
        raise ConfigInvalid(loaded.problems)
    warn(loaded)
    kiosk = "on" if (loaded.config.kiosk or getattr(args, "kiosk", False)) else "off"
    log.info("starting the window; configuration %s (%s); kiosk mode %s", loaded.path,
             "found" if loaded.exists else "absent", kiosk)  # fmt: skip
    return loaded
