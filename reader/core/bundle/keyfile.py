"""The publisher's private key file: an Ed25519 key as unencrypted PKCS8 PEM (RFC 8410).

This is the format `openssl genpkey -algorithm ed25519` and every other tool
writes, so a publisher can make or inspect a key without this app. PyNaCl
(which does the signing, see signature.py) works with the key's 32-byte seed
and reads no files, so the file format lives here: an Ed25519 PKCS8 key is
one fixed DER shape, the seed behind a 16-byte prefix (RFC 8410, section 7),
optionally followed by the public key (the version 2 form); anything else
is refused, never guessed at.
"""

from __future__ import annotations

import base64
import binascii

__all__ = ["SEED_BYTES", "pem_of_seed", "seed_of_pem"]

SEED_BYTES = 32
_BEGIN, _END = b"-----BEGIN PRIVATE KEY-----", b"-----END PRIVATE KEY-----"
# SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING seed } }
_V1_PREFIX = bytes.fromhex("302e020100300506032b657004220420")
# The same with version 1 and the public key after the seed: [1] BIT STRING (0 unused bits).
_V2_PREFIX = bytes.fromhex("3051020101300506032b657004220420")
_V2_PUBLIC = bytes.fromhex("812100")


def pem_of_seed(seed: bytes) -> bytes:
    """The PEM file for a 32-byte Ed25519 seed (the version 1 form, as OpenSSL writes it)."""
    if len(seed) != SEED_BYTES:
        raise ValueError("an Ed25519 seed is 32 bytes")
    body = base64.b64encode(_V1_PREFIX + seed)
    return _BEGIN + b"\n" + body + b"\n" + _END + b"\n"


def seed_of_pem(pem: bytes) -> tuple[bytes, bytes | None]:
    """The seed in a PEM private key, and the public key it carries (None: v1 form).

    ValueError for anything that is not an unencrypted Ed25519 PKCS8 key
    (another algorithm, an encrypted key, damaged base64, extra bytes).
    """
    lines = [line.strip() for line in pem.splitlines()]
    try:
        start, end = lines.index(_BEGIN), lines.index(_END)
    except ValueError:
        raise ValueError("no unencrypted PKCS8 private key block") from None
    if end <= start:
        raise ValueError("no unencrypted PKCS8 private key block")
    try:
        der = base64.b64decode(b"".join(lines[start + 1 : end]), validate=True)
    except (ValueError, binascii.Error):
        raise ValueError("the key block is not base64") from None
    size = len(_V1_PREFIX) + SEED_BYTES
    if der.startswith(_V1_PREFIX) and len(der) == size:
        return der[len(_V1_PREFIX) :], None
    tail = len(_V2_PUBLIC) + SEED_BYTES
    if der.startswith(_V2_PREFIX) and len(der) == size + tail and der[size:].startswith(_V2_PUBLIC):
        return der[len(_V2_PREFIX) : size], der[size + len(_V2_PUBLIC) :]
    raise ValueError("not an Ed25519 private key")
