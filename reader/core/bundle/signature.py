"""Ed25519 signatures of a bundle's manifest: who may change the library.

`manifest.sig` beside `manifest.json` holds the base64 of the 64-byte Ed25519
signature of the manifest's exact bytes; the manifest lists every file's
sha256 and size and the bundle's version, so one signature covers the whole
bundle and its place in the release sequence (BUNDLE_FORMAT.md,
"Signatures"). PyNaCl (PyCA's binding to libsodium) does the mathematics:
a hand-written Ed25519 would be a liability, its wheels exist for every
platform the app ships on, and it adds 0.6 MB to the installed app where
`cryptography` (which carries all of OpenSSL) added 11.6 MB
(benchmarks/README.md, "The installer's size after signed updates"). The
private key file's format is keyfile.py's. The tests sign and check with
`cryptography`, an independent implementation.

`Trust` is the policy a sync runs under: the keys it accepts (the app's own
in resources/keys plus the clinic's `trusted_keys`) and whether an unsigned
bundle is refused (a web source, or `require_signatures`). A signature that
is present must verify against one of the keys, whatever the policy.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.bundle.keyfile import seed_of_pem
from reader.core.errors import BundleRejected, Problem

if TYPE_CHECKING:
    from reader.core.config import ClinicConfig

__all__ = [
    "PUBLIC_KEY_BYTES",
    "SIGNATURE_NAME",
    "Trust",
    "decode_public_key",
    "public_key_of",
    "public_key_text",
    "shipped_keys",
    "sign_manifest",
    "trust_for",
    "verify_manifest",
]

SIGNATURE_NAME = "manifest.sig"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
# A signature file is one base64 line of 64 bytes (88 characters); a little
# room for a newline or CRLF, and nothing that could fill memory.
SIGNATURE_FILE_LIMIT = 256
NOT_A_KEY = "is not an Ed25519 private key (a PEM file written by `sci-reader bundle keygen`)"


@dataclass(frozen=True)
class Trust:
    """The keys a sync accepts, and whether it refuses an unsigned bundle."""

    keys: tuple[bytes, ...] = ()  # raw 32-byte Ed25519 public keys
    required: bool = False

    def requiring(self) -> Trust:
        """The same keys, with a signature required (a web source)."""
        return Trust(self.keys, True)


def decode_public_key(text: str) -> bytes | None:
    """The 32 raw bytes of a base64 public key, or None if it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (ValueError, binascii.Error):
        return None
    return raw if len(raw) == PUBLIC_KEY_BYTES else None


def public_key_text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def shipped_keys(folder: Path | None = None) -> tuple[bytes, ...]:
    """The publisher keys shipped with the app: every `*.pub` in resources/keys.

    A file that holds no key is skipped (the folder's README, a stray file):
    a broken key file must not stop the app from reading what it has.
    """
    if folder is None:
        from reader.core.resources import keys_dir

        folder = keys_dir()
    keys: list[bytes] = []
    try:
        files = sorted(folder.glob("*.pub"))
    except OSError:
        return ()
    for path in files:
        try:
            raw = decode_public_key(path.read_text(encoding="ascii", errors="replace")[:200])
        except OSError:
            continue
        if raw is not None and raw not in keys:
            keys.append(raw)
    return tuple(keys)


def trust_for(config: ClinicConfig | None, folder: Path | None = None) -> Trust:
    """The Trust every sync runs under: the app's keys plus the clinic's `trusted_keys`.

    The one place a clinic configuration becomes a signature policy, so the
    command line, the window, the kiosk and scheduled checks cannot differ:
    `require_signatures` refuses unsigned bundles from every source (a web
    source adds `requiring()` on top). None: no configuration, a home user.
    """
    keys = list(shipped_keys(folder))
    if config is not None:
        for text in config.trusted_keys:
            raw = decode_public_key(text)
            if raw is not None and raw not in keys:
                keys.append(raw)
    return Trust(tuple(keys), bool(config is not None and config.require_signatures))


def verify_manifest(manifest: bytes, signature: bytes | None, trust: Trust) -> bool:
    """Whether the bundle is signed (True) or accepted unsigned (False).

    Raises BundleRejected for a signature that does not verify against any
    trusted key, a malformed signature file, or a missing signature when
    `trust.required`.
    """
    if signature is None:
        if trust.required:
            raise BundleRejected(
                [
                    Problem(
                        SIGNATURE_NAME,
                        "is missing: this update must be signed by a trusted publisher",
                    )
                ]
            )
        return False
    raw = _signature_bytes(signature)
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    for key in trust.keys:
        try:
            VerifyKey(key).verify(manifest, raw)
        except (BadSignatureError, ValueError, TypeError):
            continue
        return True
    reason = (
        "does not match manifest.json for any trusted publisher key (the bundle was changed "
        "after it was signed, or it was signed by a publisher this app does not trust)"
    )
    raise BundleRejected([Problem(SIGNATURE_NAME, reason)])


def sign_manifest(manifest: bytes, private_key_pem: bytes) -> bytes:
    """The contents of `manifest.sig` for these manifest bytes: one base64 line."""
    return base64.b64encode(_private_key(private_key_pem).sign(manifest).signature) + b"\n"


def public_key_of(private_key_pem: bytes) -> str:
    """The public key text (base64 of 32 raw bytes) of a PEM private key; ValueError if none."""
    return public_key_text(_private_key(private_key_pem).verify_key.encode())


def _private_key(pem: bytes):
    """The nacl SigningKey of PEM bytes (unencrypted PKCS8); ValueError if it is not one."""
    from nacl.signing import SigningKey

    try:
        seed, public = seed_of_pem(pem)
    except ValueError as exc:
        raise ValueError(NOT_A_KEY) from exc
    key = SigningKey(seed)
    if public is not None and key.verify_key.encode() != public:
        raise ValueError(NOT_A_KEY)  # the v2 form's public key belongs to another seed
    return key


def _signature_bytes(signature: bytes) -> bytes:
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) != SIGNATURE_BYTES:
        raise BundleRejected(
            [Problem(SIGNATURE_NAME, "is not a signature (base64 of 64 bytes on one line)")]
        )
    return raw
