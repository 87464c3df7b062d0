"""The clinic configuration file: what IT deploys to every waiting-room machine.

One TOML file (read with `tomllib`) in the platform's site configuration
folder, or the file `--config` or SCI_READER_CONFIG names, sets kiosk mode,
its idle timeouts, the default text size and theme, printing, the update
source and when to check it, signatures and the admin PIN hash (every key in
docs/clinic-deployment.md; each key's rule in config_keys.py). This module
finds and reads the file. Loading never raises: each broken rule becomes one
plain line in `LoadedConfig.problems` naming the file and the key, and the
rest of the file is used. Kiosk mode errs on the safe side: a file that asks
for it keeps it, whatever else is wrong in that file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.core.config_keys import URL_SCHEME, check_keys
from reader.core.errors import SourceError
from reader.core.inputs import NotRegularFile, TooLarge, read_regular_file
from reader.core.kiosk_pin import is_pin_hash
from reader.core.paths import APP_NAME, CONFIG_ENV, expand_home

CONFIG_FILE_NAME = "sci-reader.toml"
# A configuration is a dozen lines; anything near this size is not one.
CONFIG_MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class ClinicConfig:
    """The settings a clinic's file gives; the defaults are a home user's reader."""

    kiosk: bool = False
    idle_timeout_seconds: int = 180
    idle_prompt_seconds: int = 30  # never under config_keys.IDLE_PROMPT_MIN
    text_size: int | None = None  # percent 100-300; None: the reader's own setting
    theme: str | None = None  # one of config_keys.THEMES; None: the reader's own setting
    allow_print: bool = True
    # A file or folder path (made absolute: relative to the configuration file's
    # folder), or an https:// URL (the web-update issue makes sync accept it).
    update_source: str | None = None
    update_check: str = "never"  # one of config_keys.UPDATE_CHECKS
    require_signatures: bool = False
    trusted_keys: tuple[str, ...] = ()  # base64 of 32-byte Ed25519 public keys
    admin_pin_hash: str | None = None  # reader.core.kiosk_pin.hash_pin's output
    # http(s)://host:port of the proxy for web updates; None: the system's proxy
    proxy: str | None = None


@dataclass(frozen=True)
class LoadedConfig:
    """A configuration with where it came from and what was wrong in it."""

    config: ClinicConfig
    path: Path | None  # the file looked for
    exists: bool
    problems: tuple[str, ...]  # one plain line each, naming the file and the key
    # What a command that goes on despite a file it cannot read does instead
    # ("the built-in settings are used"); untrue of one that refuses to start.
    fallback: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def warnings(self) -> tuple[str, ...]:
        """The problems as a command that goes on says them, with what it does instead."""
        if not (self.fallback and self.problems):
            return self.problems
        return (f"{self.problems[0]}; {self.fallback}", *self.problems[1:])


def default_config_path() -> Path:
    """`sci-reader.toml` in the platform's site configuration folder (where IT puts it).

    Linux: /etc/xdg/sci-reader/ (the first of XDG_CONFIG_DIRS); Windows:
    C:\\ProgramData\\sci-reader\\; macOS: /Library/Application Support/sci-reader/.
    """
    from platformdirs import site_config_dir

    return Path(site_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def chosen_config_path(
    explicit: str | None, environ: Mapping[str, str] = os.environ
) -> tuple[Path, bool]:
    """(the file to read, whether it was named): --config, else SCI_READER_CONFIG, else default.

    A named file must exist (`load_config(..., required=True)`); the default may not.
    SourceError (exit 2) for `--config ""`.
    """
    if explicit is not None:
        if not explicit:  # `--config "$UNSET"`: never the variable's nor the default file
            raise SourceError("--config: is empty; give a file, or leave it out")
        return expand_home(explicit), True
    named = environ.get(CONFIG_ENV)
    if named:
        return expand_home(named), True
    return default_config_path(), False


def _plain_true(key: str) -> re.Pattern[str]:
    """`key = true` on a line of its own (the key may be quoted), in a file TOML cannot read."""
    return re.compile(rf"""^[ \t]*["']?{key}["']?[ \t]*=[ \t]*true\b""", re.MULTILINE)


_PLAIN_PIN_HASH = re.compile(
    r"""^[ \t]*["']?admin_pin_hash["']?[ \t]*=[ \t]*["'](scrypt\$[A-Za-z0-9+/=$]+)["']""",
    re.MULTILINE,
)


def load_config(path: Path, *, required: bool) -> LoadedConfig:
    """The configuration in `path`; never raises. `required`: a missing file is a problem."""
    path = Path(path)
    try:
        data = read_regular_file(path, CONFIG_MAX_BYTES)
    except FileNotFoundError:
        problems = (f"{path}: no such configuration file",) if required else ()
        return LoadedConfig(ClinicConfig(), path, False, problems)
    except NotRegularFile as exc:
        return _unreadable(path, True, f"is {exc.kind}")
    except TooLarge:
        return _unreadable(path, True, f"is larger than {CONFIG_MAX_BYTES // 1024} KiB")
    except OSError as exc:
        return _unreadable(path, os.path.lexists(path), exc.strerror or str(exc))
    except ValueError:  # a NUL character in the name: no file can have it
        return _unreadable(path, False, "a file name cannot contain a NUL character")
    try:
        text = data.decode("utf-8-sig")  # Notepad's byte order mark is harmless
    except UnicodeDecodeError:
        return _unparsable(path, data.decode("utf-8", "replace"), "is not UTF-8 text")
    import tomllib  # here: most machines have no file, and the window starts without it

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _unparsable(path, text, f"is not valid TOML ({exc})")
    except RecursionError:
        return _unparsable(path, text, "is not valid TOML (nested too deeply)")
    config, problems = parse_config(table, str(path))
    source = config.update_source
    if source and not URL_SCHEME.match(source):
        # A relative path is relative to the file's folder, wherever the app was started.
        folder = Path(os.path.abspath(path)).parent
        try:
            config = replace(config, update_source=str(folder / expand_home(source)))
        except SourceError as exc:  # `~someone` unknown here: a key with a problem
            problems.append(f"{path}: update_source: {exc}")
            config = replace(config, update_source=None)
    return LoadedConfig(config, path, True, tuple(problems))


_BUILT_IN = "the built-in settings are used"


def _unreadable(path: Path, exists: bool, why: str) -> LoadedConfig:
    # Nothing of the file can be read, so nothing says it asked for kiosk mode.
    # Turning kiosk on anyway would lock a home user out of a reader they
    # cannot leave (no PIN was ever set); on a clinic machine the OS lock-down
    # starts `sci-reader --kiosk` (docs/clinic-deployment.md), so the kiosk never
    # rests on this file alone, and the problem is on stderr and in the log.
    return LoadedConfig(
        ClinicConfig(), path, exists, (f"{path}: cannot be read ({why})",), _BUILT_IN
    )


def _unparsable(path: Path, raw_text: str, why: str) -> LoadedConfig:
    # A file IT wrote to turn kiosk mode on, then broke with a typo elsewhere,
    # must not open a waiting-room machine to the next visitor: if the raw
    # text plainly says `kiosk = true`, kiosk mode stays on, and so does
    # `require_signatures = true`. The admin PIN hash, if a line plainly holds
    # a valid one, is kept too, so that IT can still leave that kiosk. Every
    # other key falls back to its default: no other value of a broken file is
    # trusted.
    kiosk = bool(_plain_true("kiosk").search(raw_text))
    signatures = bool(_plain_true("require_signatures").search(raw_text))
    pin = _PLAIN_PIN_HASH.search(raw_text)
    pin_hash = pin.group(1) if pin and is_pin_hash(pin.group(1)) else None
    config = ClinicConfig(kiosk=kiosk, require_signatures=signatures, admin_pin_hash=pin_hash)
    fallback = "kiosk mode stays on as the file asks" if kiosk else _BUILT_IN
    return LoadedConfig(config, path, True, (f"{path}: {why}",), fallback)


def parse_config(table: Mapping[str, Any], where: str) -> tuple[ClinicConfig, list[str]]:
    """A ClinicConfig from a parsed TOML table, and one line per problem (prefixed `where`)."""
    values, problems = check_keys(table, where)
    return ClinicConfig(**values), problems
