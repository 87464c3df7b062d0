"""Each key of the clinic configuration file and the rule its value must meet.

Loading the file (config.py) is one job: finding it, reading it safely,
never raising, keeping kiosk mode when the file is broken. Checking what it
says is another, and the larger: every key's type, range or choices, with
one plain line for each value that breaks its rule, and for kiosk mode and
required signatures a wrong value that plainly means yes taken as yes. The
list of keys here is the one docs/clinic-deployment.md describes.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from typing import Any

from reader.core.kiosk_pin import is_pin_hash
from reader.core.web_address import shown

THEMES = ("light", "dark", "high-contrast")
UPDATE_CHECKS = ("never", "start", "daily")
IDLE_TIMEOUT_RANGE = (1, 24 * 60 * 60)
# WCAG 2.2.1 (Timing Adjustable): at least 20 seconds to answer "Are you still reading?".
IDLE_PROMPT_MIN = 20
IDLE_PROMPT_MAX = 60 * 60
TEXT_SIZE_RANGE = (100, 300)
PUBLIC_KEY_BYTES = 32  # an Ed25519 public key


def check_keys(table: Mapping[str, Any], where: str) -> tuple[dict[str, Any], list[str]]:
    """The values to use of a parsed TOML table, and one line per problem (prefixed `where`).

    A key whose value is not used is left out, so its default stays.
    """
    values: dict[str, Any] = {}
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
            values[key] = result
    return values, problems


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


# A web address's scheme (`https://`); anything else names a file or folder.
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _update_source(value: object) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return _SKIP, f"must be text (a file, folder or https:// URL), not {_describe(value)}"
    if not value.strip() or "\0" in value:
        return _SKIP, "must name a file, folder or https:// URL"
    # Plain http only from this very machine (a local mirror, tests): the
    # update is signed either way, but https also keeps what is read private.
    not_https = URL_SCHEME.match(value) and not value.lower().startswith("https://")
    if not_https and not _LOOPBACK_HTTP.match(value):
        return _SKIP, f"{shown(value)!r}: only https:// web addresses are allowed"
    if URL_SCHEME.match(value) and (problem := web_address_problem(value)):
        return _SKIP, f"{shown(value)!r}: {problem}"
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
        return _SKIP, f"{shown(value)!r}: must be a proxy address such as http://proxy.example:3128"
    # `http://[::1` or a port past 65535 passed the pattern, then failed every
    # web update with a traceback (httpx.InvalidURL), the file still "valid".
    if problem := web_address_problem(value):
        return _SKIP, f"{shown(value)!r}: {problem}"
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
