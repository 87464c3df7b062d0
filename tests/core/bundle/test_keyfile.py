"""The private key file (keyfile.py), held to `cryptography`'s reading and writing of PKCS8.

The app signs with PyNaCl and reads the PEM itself; a publisher's key made
by any other tool (`cryptography`, `openssl genpkey -algorithm ed25519`)
must sign the same way, and a key the app writes must load elsewhere.
"""

from __future__ import annotations

import base64
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from reader.core.bundle.keyfile import pem_of_seed, seed_of_pem
from reader.core.bundle.signature import public_key_of, sign_manifest
from reader.core.bundle.signing import generate_key

MANIFEST = b'{"format_version": 1, "library_version": 3}\n'


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def test_a_key_written_by_cryptography_signs_exactly_as_cryptography_does():
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Ed25519 signatures are deterministic: the same key and message give the same bytes.
    assert sign_manifest(MANIFEST, pem) == base64.b64encode(key.sign(MANIFEST)) + b"\n"
    assert public_key_of(pem) == base64.b64encode(_raw_public(key)).decode("ascii")


def test_a_key_keygen_writes_is_read_by_cryptography_with_the_printed_public_key(tmp_path):
    path = tmp_path / "publisher.key"
    printed = generate_key(path)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(loaded, Ed25519PrivateKey)
    assert base64.b64encode(_raw_public(loaded)).decode("ascii") == printed
    signature = base64.b64decode(sign_manifest(MANIFEST, path.read_bytes()))
    Ed25519PublicKey.from_public_bytes(_raw_public(loaded)).verify(signature, MANIFEST)


def test_the_pem_written_is_byte_for_byte_what_cryptography_writes():
    seed = bytes(range(32))
    key = Ed25519PrivateKey.from_private_bytes(seed)
    theirs = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert pem_of_seed(seed) == theirs
    assert seed_of_pem(theirs) == (seed, None)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_a_key_made_by_openssl_is_read(tmp_path):
    path = tmp_path / "openssl.key"
    subprocess.run(
        ["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(path)],
        check=True,
        capture_output=True,
    )
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert public_key_of(path.read_bytes()) == base64.b64encode(_raw_public(loaded)).decode()


def test_the_version_2_form_is_read_only_with_its_own_public_key():
    seed = bytes(range(1, 33))
    public = _raw_public(Ed25519PrivateKey.from_private_bytes(seed))
    v2 = bytes.fromhex("3051020101300506032b657004220420") + seed + bytes.fromhex("812100")
    pem = b"-----BEGIN PRIVATE KEY-----\r\n%s\r\n-----END PRIVATE KEY-----\r\n"
    good = pem % base64.b64encode(v2 + public)
    assert seed_of_pem(good) == (seed, public)
    assert public_key_of(good) == base64.b64encode(public).decode()
    wrong = pem % base64.b64encode(v2 + bytes(32))
    with pytest.raises(ValueError, match="not an Ed25519 private key"):
        public_key_of(wrong)


@pytest.mark.parametrize(
    "pem",
    [
        b"",
        b"-----END PRIVATE KEY-----\n-----BEGIN PRIVATE KEY-----\n",
        b"-----BEGIN PRIVATE KEY-----\nMC4CAQAw*****\n-----END PRIVATE KEY-----\n",
        # One byte more or less than the fixed shape.
        pem_of_seed(bytes(32)).replace(b"AAAA\n", b"AAAAAA==\n"),
        pem_of_seed(bytes(32)).replace(b"AAAA\n", b"AA==\n"),
        # Another algorithm's OID (X25519, 1.3.101.110) in the same shape.
        pem_of_seed(bytes(32)).replace(b"K2Vw", b"K2Vu"),
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMC4=\n-----END ENCRYPTED PRIVATE KEY-----\n",
    ],
)
def test_anything_else_is_refused(pem):
    with pytest.raises(ValueError):
        seed_of_pem(pem)


@given(st.binary(max_size=120))
def test_any_bytes_in_the_key_block_are_a_key_or_a_value_error(der):
    pem = b"-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(der) + b"\n-----END PRIVATE KEY-----"
    try:
        seed, public = seed_of_pem(pem)
    except ValueError:
        return
    assert len(seed) == 32 and (public is None or len(public) == 32)
