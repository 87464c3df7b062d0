"""The clinic configuration file: what IT deploys to every waiting-room machine.

One TOML file (read with `tomllib`) in the platform's site configuration
folder, or the file `--config` or SCI_READER_CONFIG names, sets kiosk mode,
its idle timeouts, the default text size and theme, printing, the update
source and when to check it, signatures and the admin PIN hash (every key in
docs/clinic-deployment.md). Loading never raises: each broken rule becomes one
plain line in `LoadedConfig.problems` naming the file and the key, and the
rest of the file is used. Kiosk mode errs on the safe side: a file that asks
for it keeps it, whatever else is wrong in that file.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.core.errors import SourceError
from reader.core.inputs import NotRegularFile, TooLarge, read_regular_file
from reader.core.kiosk_pin import is_pin_hash
from reader.core.paths import APP_NAME, CONFIG_ENV

CONFIG_FILE_NAME = "sci-reader.toml"
# A configuration is a dozen lines; anything near this size is not one.
CONFIG_MAX_BYTES = 64 * 1024

THEMES = ("light", "dark", "high-contrast")
UPDATE_CHECKS = ("never", "start", "daily")
IDLE_TIMEOUT_RANGE = (1, 24 * 60 * 60)
# WCAG 2.2.1 (Timing Adjustable): at least 20 seconds to answer "Are you still reading?".
IDLE_PROMPT_MIN = 20
IDLE_PROMPT_MAX = 60 * 60
TEXT_SIZE_RANGE = (100, 300)
PUBLIC_KEY_BYTES = 32  # an Ed25519 public key


@dataclass(frozen=True)
class ClinicConfig:
    """The settings a clinic's file gives; the defaults are a home user's reader."""

    kiosk: bool = False
    idle_timeout_seconds: int = 180
    idle_prompt_seconds: int = 30  # never under IDLE_PROMPT_MIN
    text_size: int | None = None  # percent 100-300; None: the reader's own setting
    theme: str | None = None  # one of THEMES; None: the reader's own setting
    allow_print: bool = True
    # A file or folder path (made absolute: relative to the configuration file's
    # folder), or an https:// URL (the web-update issue makes sync accept it).
    update_source: str | None = None
    update_check: str = "never"  # one of UPDATE_CHECKS
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

    @property
    def ok(self) -> bool:
        return not self.problems


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
        return Path(explicit).expanduser(), True
    named = environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser(), True
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
    if source and not _URL_SCHEME.match(source):
        # A relative path is relative to the file's folder, wherever the app was started.
        folder = Path(os.path.abspath(path)).parent
        config = replace(config, update_source=str(folder / Path(source).expanduser()))
    return LoadedConfig(config, path, True, tuple(problems))


def _unreadable(path: Path, exists: bool, why: str) -> LoadedConfig:
    # Nothing of the file can be read, so nothing says it asked for kiosk mode.
    # Turning kiosk on anyway would lock a home user out of a reader they
    # cannot leave (no PIN was ever set); on a clinic machine the OS lock-down
    # starts `sci-reader --kiosk` (docs/clinic-deployment.md), so the kiosk never
    # rests on this file alone, and the problem is on stderr and in the log.
    return LoadedConfig(
        ClinicConfig(),
        path,
        exists,
        (f"{path}: cannot be read ({why}); the built-in settings are used",),
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
    fallback = "kiosk mode stays on as the file asks" if kiosk else "the built-in settings are used"
    return LoadedConfig(config, path, True, (f"{path}: {why}; {fallback}",))


def parse_config(table: Mapping[str, Any], where: str) -> tuple[ClinicConfig, list[str]]:
    """A ClinicConfig from a parsed TOML table, and one line per problem (prefixed `where`)."""
    config = ClinicConfig()
    problems: list[str] = []
    for key, value in table.items():
        check = _CHECKS.get(key)
        if check is None:
            # A quoted TOML key may hold anything, a line break too: shown escaped.
            shown = key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else repr(key)
            problems.append(f"{where}: {shown}: unknown key (known keys: {', '.join(_CHECKS)})")
            continue
        result, problem = check(value)
        if problem:
            problems.append(f"{where}: {key}: {problem}")
        if result is not _SKIP:
            config = replace(config, **{key: result})
    return config, problems


_SKIP = object()  # the key's value is not used (its default stays)
_Check = Callable[[Any], tuple[Any, str | None]]


def _describe(value: object) -> str:
    kinds = {bool: "true/false", int: "a whole number", float: "a decimal number", str: "text"}
    kind = kinds.get(type(value))
    if kind is None:
        kind = "a list" if isinstance(value, list) else "a table" if isinstance(value, dict) else ""
    return kind or "a date or time"


def _boolean(value: object) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    return _SKIP, f"must be true or false, not {_describe(value)}"


def _safe_on(what: str) -> _Check:
    """true/false, where a wrong value that plainly means yes turns the setting on.

    For kiosk mode and required signatures, on is the safe side: `kiosk = "yes"`
    is a mistake, but one that plainly asks for the kiosk.
    """

    def check(value: object) -> tuple[Any, str | None]:
        if isinstance(value, bool):
            return value, None
        problem = f"must be true or false, not {_describe(value)}"
        if value == 1 or (isinstance(value, str) and value.strip().lower() in _YES):
            return True, f"{problem}; {what} is on, as it plainly asks"
        return _SKIP, problem

    return check


_YES = ("true", "yes", "on", "1")


def _whole(low: int, high: int, *, clamp_low: bool = False) -> _Check:
    def check(value: object) -> tuple[Any, str | None]:
        if isinstance(value, bool) or not isinstance(value, int):
            return _SKIP, f"must be a whole number, not {_describe(value)}"
        if value < low and clamp_low:
            return low, f"{value} is under {low}; {low} is used"
        if not low <= value <= high:
            return _SKIP, f"{value} is out of range ({low} to {high})"
        return value, None

    return check


def _choice(choices: tuple[str, ...]) -> _Check:
    def check(value: object) -> tuple[Any, str | None]:
        allowed = ", ".join(f'"{c}"' for c in choices)
        if not isinstance(value, str):
            return _SKIP, f"must be one of {allowed}, not {_describe(value)}"
        if value not in choices:
            return _SKIP, f"{value!r} is not one of {allowed}"
        return value, None

    return check


_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _update_source(value: object) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return _SKIP, f"must be text (a file, folder or https:// URL), not {_describe(value)}"
    if not value.strip() or "\0" in value:
        return _SKIP, "must name a file, folder or https:// URL"
    # Plain http only from this very machine (a local mirror, tests): the
    # update is signed either way, but https also keeps what is read private.
    not_https = _URL_SCHEME.match(value) and not value.lower().startswith("https://")
    if not_https and not _LOOPBACK_HTTP.match(value):
        return _SKIP, f"{value!r}: only https:// web addresses are allowed"
    if _URL_SCHEME.match(value) and (problem := web_address_problem(value)):
        return _SKIP, f"{value!r}: {problem}"
    return value, None


def web_address_problem(source: str) -> str | None:
    """Why a web source cannot be fetched at all (no host, a bad port), or None.

    Said before any request: a typo such as `https://` or `https://[host`
    is the address's fault, not the network's.
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(str(source))
        port = parts.port  # raises for a port that is not a number from 0 to 65535
    except ValueError as exc:
        return f"is not a valid web address ({exc})"
    if not parts.hostname:
        return "is not a valid web address (it names no server)"
    if port == 0:
        return "is not a valid web address (port 0)"
    return None


_LOOPBACK_HTTP = re.compile(r"(?i)^http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)")


def _proxy(value: object) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return _SKIP, f"must be text (http://host:port), not {_describe(value)}"
    if not re.fullmatch(r"(?i)https?://[^\s/?#]+/?", value):
        return _SKIP, f"{value!r}: must be a proxy address such as http://proxy.example:3128"
    return value, None


def _trusted_keys(value: object) -> tuple[Any, str | None]:
    if not isinstance(value, list):
        return _SKIP, f"must be a list of public keys, not {_describe(value)}"
    keys: list[str] = []
    bad: list[str] = []
    for item in value:
        if isinstance(item, str) and _is_public_key(item):
            keys.append(item)
        else:
            bad.append(repr(item) if isinstance(item, str) else _describe(item))
    problem = None
    if bad:
        problem = (
            f"not a public key (base64 of {PUBLIC_KEY_BYTES} bytes, as `bundle keygen` "
            f"prints): {', '.join(bad[:3])}{' ...' if len(bad) > 3 else ''}; the others are used"
        )
    return tuple(keys), problem


def _is_public_key(text: str) -> bool:
    try:
        return len(base64.b64decode(text, validate=True)) == PUBLIC_KEY_BYTES
    except (ValueError, binascii.Error):
        return False


def _pin_hash(value: object) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return _SKIP, f"must be text, not {_describe(value)}"
    if not is_pin_hash(value):
        return _SKIP, "is not a PIN hash written by `sci-reader kiosk set-pin`"
    return value, None


_CHECKS: dict[str, _Check] = {
    "kiosk": _safe_on("kiosk mode"),
    "idle_timeout_seconds": _whole(*IDLE_TIMEOUT_RANGE),
    "idle_prompt_seconds": _whole(IDLE_PROMPT_MIN, IDLE_PROMPT_MAX, clamp_low=True),
    "text_size": _whole(*TEXT_SIZE_RANGE),
    "theme": _choice(THEMES),
    "allow_print": _boolean,
    "update_source": _update_source,
    "update_check": _choice(UPDATE_CHECKS),
    "require_signatures": _safe_on("requiring signatures"),
    "trusted_keys": _trusted_keys,
    "admin_pin_hash": _pin_hash,
    "proxy": _proxy,
}
