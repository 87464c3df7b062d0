"""A web address as the app shows, logs and keeps it: never with a password in it.

An update address (or a proxy's) may carry a login, `https://name:password@host/path/`,
for a host that asks for one. The password is for that server alone: a message
on the screen or in a terminal, the log IT reads, `last-check.json` (and so
`status --json`) and the cache's notes must not repeat it. So a web update
takes the login out of the address before anything else (`split_login`): the
fetch sends it as HTTP Basic authentication, and every other use of the
address has none. `shown` hides the password of an address kept as given
(the configured source in a record or a log line). `file_url` is where a
bundle folder's file is, for an address with a query or a fragment too.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

# scheme://name:password@ — the password runs to the last @ before the path,
# as urllib and httpx read it (a password may hold an unescaped @).
_LOGIN = re.compile(r"(?i)^([a-z][a-z0-9+.-]*://)([^/?#]*)@")


def shown(address: str | None) -> str | None:
    """`address` with its login's password, if it has one, replaced by `***`."""
    if address is None:
        return None
    match = _LOGIN.match(address)
    if match is None or ":" not in match.group(2):
        return address
    name = match.group(2).split(":", 1)[0]
    return f"{match.group(1)}{name}:***@{address[match.end() :]}"


def split_login(address: str) -> tuple[str, tuple[str, str] | None]:
    """(the address without its login, (name, password) or None); percent-escapes undone."""
    match = _LOGIN.match(address)
    if match is None:
        return address, None
    name, _, password = match.group(2).partition(":")
    return match.group(1) + address[match.end() :], (unquote(name), unquote(password))


def file_url(folder: str, name: str) -> str:
    """The address of the file `name` in the bundle folder at `folder`.

    The name goes at the end of the folder's path, never after its query or
    fragment (`/lib/?key=1` + `manifest.json` is `/lib/manifest.json?key=1`:
    a host that wants a key on every file gets it); a fragment is never sent.
    """
    parts = urlsplit(folder)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path + name, parts.query, ""))
