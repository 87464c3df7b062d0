"""The admin PIN hash and the typed PIN under Hypothesis: a PIN matches, or it does not.

The hash comes from the clinic's configuration file, which anyone at the
file system can edit by hand; the PIN from whoever stands at the kiosk.
Whatever either holds (wrong field counts, digits Python reads but ASCII
lacks, huge numbers, broken base64, NUL, control characters, a lone
surrogate pasted into the box), `parse_pin_hash` gives bounded parameters
or None, and `verify_pin` says True or False: never an exception, and True
only for the PIN the hash was made from.
"""

from __future__ import annotations

import base64
import hashlib

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from reader.core.kiosk_pin import is_pin_hash, parse_pin_hash, verify_pin

PIN = "2468"
SALT = b"sixteen byte salt"[:16]


def _hash(n: int, r: int, p: int, salt: bytes = SALT, pin: str = PIN) -> str:
    """A hash in `hash_pin`'s format, cheap parameters: made here, not by the code under test."""
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


CHEAP = _hash(16, 1, 1)
NUMBERS = ["0", "1", "2", "3", "16", "1024", "1048576", "2" * 9, "١٦", "²", "-1", "+1", " 8",
           "16 ", "0x10", "1e3", ""]  # fmt: skip
B64 = st.binary(max_size=80).map(lambda b: base64.b64encode(b).decode()) | st.sampled_from(
    ["====", "a", "ab=", "!!!!", "AAAA\n", " AAAA", "AA==AA==", "\x00AAA", "é"]
)
near_misses = st.tuples(
    st.sampled_from(["scrypt", "SCRYPT", "bcrypt", ""]),
    st.sampled_from(NUMBERS) | st.integers(0, 2**70).map(str),
    st.sampled_from(NUMBERS),
    st.sampled_from(NUMBERS),
    B64,
    B64,
).map("$".join)
pins = st.text(max_size=12) | st.sampled_from(
    [PIN, "2468\x00", " 2468", "\ud800", "24\udc0068", "２４６８", ""]
)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120) | near_misses | st.just(CHEAP).map(lambda h: h + "$"))
def test_any_hash_text_parses_to_bounded_parameters_or_none(text):
    parsed = parse_pin_hash(text)
    assert is_pin_hash(text) == (parsed is not None)
    if parsed is not None:
        n, r, p, salt, digest = parsed
        assert 2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16
        assert 128 * r * (n + p + 2) <= 1024**3 and len(salt) >= 8 and 16 <= len(digest) <= 64


@settings(max_examples=300, deadline=None)
@given(pins, near_misses | st.just(CHEAP) | st.text(max_size=40))
@example("\ud800", CHEAP)  # failed before: UnicodeEncodeError out of the PIN dialog's check
@example("24\udc0068", CHEAP)
@example("2468\x00", CHEAP)  # failed before: True, scrypt's HMAC pads its key with NULs
def test_any_typed_pin_against_any_hash_is_true_or_false(pin, pin_hash):
    parsed = parse_pin_hash(pin_hash)
    assume(parsed is None or parsed[0] * parsed[1] * parsed[2] <= 2**12)  # a quick scrypt
    matched = verify_pin(pin, pin_hash)
    assert matched in (True, False)
    if matched:
        assert pin_hash == CHEAP and pin == PIN
