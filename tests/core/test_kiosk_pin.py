"""The admin PIN: salted scrypt hashes, malformed hashes refused, wrong PINs slowed down."""

from __future__ import annotations

import pytest

from reader.core.kiosk_pin import (
    PIN_MIN_LENGTH,
    PinAttempts,
    hash_pin,
    is_pin_hash,
    pin_problem,
    verify_pin,
)


def test_the_right_pin_matches_and_a_wrong_one_does_not():
    pin_hash = hash_pin("2468")
    assert pin_hash.startswith("scrypt$16384$8$1$")
    assert verify_pin("2468", pin_hash)
    assert not verify_pin("2469", pin_hash)
    assert not verify_pin("", pin_hash)


def test_each_hash_has_its_own_salt():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_pin("2468", first) and verify_pin("2468", second)


def test_composed_and_decomposed_accents_are_the_same_pin():
    assert verify_pin("cafe\u0301", hash_pin("caf\u00e9"))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2468",
        "scrypt$",
        "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16385$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$not-base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$x$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$-16$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
    ],
)
def test_a_malformed_hash_matches_no_pin(bad):
    assert not is_pin_hash(bad)
    assert verify_pin("2468", bad) is False


def test_a_tampered_hash_does_not_match():
    parts = hash_pin("2468").split("$")
    parts[5] = ("B" if parts[5][0] != "B" else "C") + parts[5][1:]
    assert not verify_pin("2468", "$".join(parts))


@pytest.mark.parametrize("pin", ["", "123", " 1234", "12\n34"])
def test_pins_that_cannot_be_an_admin_pin(pin):
    assert pin_problem(pin)


def test_the_shortest_allowed_pin():
    assert pin_problem("1" * PIN_MIN_LENGTH) is None
    assert str(PIN_MIN_LENGTH) in pin_problem("1" * (PIN_MIN_LENGTH - 1))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_pins_make_the_next_try_wait_longer_and_longer():
    clock = FakeClock()
    attempts = PinAttempts(clock)
    assert attempts.wait_seconds() == 0
    waits = []
    for _ in range(6):
        attempts.record_failure()
        waits.append(attempts.wait_seconds())
        clock.now += waits[-1]  # the visitor waits it out, then tries again
        assert attempts.wait_seconds() == 0
    assert waits == sorted(waits) and len(set(waits)) == len(waits)
    assert waits[0] > 0


def test_the_delay_runs_out_as_time_passes():
    clock = FakeClock()
    attempts = PinAttempts(clock)
    for _ in range(3):
        attempts.record_failure()
    full = attempts.wait_seconds()
    clock.now += full / 2
    assert attempts.wait_seconds() == pytest.approx(full / 2)


def test_the_delay_is_capped_and_a_right_pin_clears_it():
    clock = FakeClock()
    attempts = PinAttempts(clock)
    for _ in range(50):
        attempts.record_failure()
    assert 60 <= attempts.wait_seconds() <= 300
    attempts.record_success()
    assert attempts.wait_seconds() == 0
    attempts.record_failure()
    assert attempts.wait_seconds() <= 1
