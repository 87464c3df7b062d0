"""The kiosk's admin PIN: stored only as a salted scrypt hash, tried at a limited rate.

A waiting-room machine's configuration file is readable by anyone who gets
at the file system, so it holds `hash_pin`'s output, never the PIN. A PIN is
short (a few digits), so the hash alone cannot protect it from an offline
guess; what protects it at the machine is `PinAttempts`: each wrong PIN makes
the next try wait longer, so guessing 10,000 four-digit PINs at the kiosk
takes weeks. `sci-reader kiosk set-pin` writes the hash; the window checks it.
"""

from __future__ import annotations

import base64
import binascii
import time
import unicodedata
from collections.abc import Callable

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 128
# scrypt's cost: n=2**14, r=8 needs 16 MiB and a few tens of milliseconds,
# the parameters the scrypt paper gives for interactive logins.
_N, _R, _P = 2**14, 8, 1
_SALT_BYTES = 16
_HASH_BYTES = 32
# A hash from the configuration is outside input: its parameters are bounded
# so that a hand-edited line cannot make a PIN check take minutes or gigabytes.
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16
_MAX_MEMORY = 1024 * 1024 * 1024


def _normal(pin: str) -> bytes:
    # The same PIN typed on two keyboards (composed or decomposed accents) is one PIN.
    return unicodedata.normalize("NFC", pin).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(pin: str) -> str:
    """`scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>` for `pin`, with a random 16-byte salt."""
    import hashlib  # here: loading OpenSSL's hashes is ~10 ms the window's start does not need
    import secrets

    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(_normal(pin), salt=salt, n=_N, r=_R, p=_P, dklen=_HASH_BYTES)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def parse_pin_hash(pin_hash: str) -> tuple[int, int, int, bytes, bytes] | None:
    """(n, r, p, salt, hash) of a well-formed PIN hash; None for anything else."""
    if not isinstance(pin_hash, str):
        return None
    parts = pin_hash.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    if not all(part.isascii() and part.isdigit() and len(part) <= 8 for part in parts[1:4]):
        return None
    n, r, p = (int(part) for part in parts[1:4])
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    if 128 * r * (n + p + 2) > _MAX_MEMORY or len(salt) < 8 or not 16 <= len(digest) <= 64:
        return None
    return n, r, p, salt, digest


def is_pin_hash(pin_hash: object) -> bool:
    """Whether `pin_hash` is a hash `verify_pin` can check."""
    return isinstance(pin_hash, str) and parse_pin_hash(pin_hash) is not None


def verify_pin(pin: str, pin_hash: str) -> bool:
    """Whether `pin` is the PIN `pin_hash` was made from; False for a malformed hash.

    The comparison takes the same time wherever the digests differ.
    """
    if any(unicodedata.category(ch).startswith("C") for ch in pin):
        # Never a PIN (pin_problem refuses them). A lone surrogate cannot be encoded, and
        # scrypt's HMAC pads its key with NULs: "2468\0" would pass for "2468".
        return False
    parsed = parse_pin_hash(pin_hash)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    import hashlib
    import hmac

    try:
        digest = hashlib.scrypt(
            _normal(pin), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=_MAX_MEMORY + 1
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be an admin PIN (plain words), or None if it can."""
    if not pin:
        return "the PIN is empty"
    if len(pin) < PIN_MIN_LENGTH:
        return f"the PIN is too short: at least {PIN_MIN_LENGTH} digits or characters"
    if len(pin) > PIN_MAX_LENGTH:
        return f"the PIN is too long: at most {PIN_MAX_LENGTH} characters"
    if pin != pin.strip():
        return "the PIN begins or ends with a space"
    if any(unicodedata.category(ch).startswith("C") for ch in pin):
        return "the PIN holds a control character"
    return None


# Seconds to wait after the n-th wrong PIN in a row: 1, 2, 4, ... up to 5 minutes.
_FIRST_DELAY = 1.0
_MAX_DELAY = 300.0


def failure_delay(failures: int) -> float:
    """The wait after `failures` wrong PINs in a row (0 after none)."""
    if failures <= 0:
        return 0.0
    return min(_FIRST_DELAY * 2 ** min(failures - 1, 30), _MAX_DELAY)


class PinAttempts:
    """Wrong PINs in a row, and how long the next try must wait (a growing delay).

    Pure: it only reads `clock` (seconds, monotonic), so tests pass a fake one.
    The count lives as long as the window; a visitor cannot restart the app
    in kiosk mode (and the OS restarts it into a fresh kiosk, not a fresh PIN
    prompt), so keeping it in memory is enough.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.failures = 0
        self._last_failure: float | None = None

    def wait_seconds(self) -> float:
        """How long before the next try is accepted (0 when allowed now)."""
        if self._last_failure is None:
            return 0.0
        remaining = self._last_failure + failure_delay(self.failures) - self._clock()
        return max(0.0, remaining)

    def record_failure(self) -> None:
        self.failures += 1
        self._last_failure = self._clock()

    def record_success(self) -> None:
        self.failures = 0
        self._last_failure = None
