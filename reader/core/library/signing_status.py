"""Whether the installed library came signed, and whether it may be out of date.

A sync stores two facts of the manifest it applied in the library's `meta`
(writer.write_rest): `signed` ("true" when `manifest.sig` verified against
a trusted key, "false" when the bundle was accepted unsigned) and `expires`
(the publisher's "use a newer library after this moment", or empty). The
window's calm "may be out of date" notice and `status` read them here, so
that neither needs to know how they are stored.

Out of date never means locked out: the library is read as always, and a
wrong clock can only show or hide the notice (see
`LibraryStatus.may_be_out_of_date`, which this shares).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reader.core.library.meta import SIGNED_KEY
from reader.core.library.store import Library

__all__ = ["SIGNED_KEY", "SigningStatus", "signed_meta_value", "signing_status"]


@dataclass(frozen=True)
class SigningStatus:
    """`signed`: None before the first sync (or a library synced by an older app)."""

    signed: bool | None
    expires: str | None  # the manifest's ISO 8601 `expires`, or None
    out_of_date: bool  # `expires` has passed: say so calmly, keep reading


def signed_meta_value(signed: bool) -> str:
    """How a sync stores `signed` in the library's meta."""
    return "true" if signed else "false"


def signing_status(library: Library, now: datetime | None = None) -> SigningStatus:
    """The installed library's signing status; `now` for tests (default: the clock)."""
    status = library.status()
    signed = library.meta().signed
    if status.library_version is None:
        signed = None  # nothing installed: nothing was signed or unsigned
    return SigningStatus(signed, status.expires, status.may_be_out_of_date(now))
