"""Publisher keys and signatures for test bundles, made with `cryptography` directly.

Like the rest of the factory this never imports the app, so a test's
signature cannot agree with a bug in the app's signing code: a bundle is
signed here exactly as BUNDLE_FORMAT.md says (Ed25519 over the manifest's
exact bytes, base64 on one line).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.bundles.spec import BundleSpec


@dataclass(frozen=True)
class PublisherKey:
    private: Ed25519PrivateKey

    @classmethod
    def new(cls) -> PublisherKey:
        return cls(Ed25519PrivateKey.generate())

    @property
    def public_raw(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_text(self) -> str:
        """As `bundle keygen` prints it, `trusted_keys` holds it and a .pub file holds it."""
        return base64.b64encode(self.public_raw).decode("ascii")

    def pem(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def write_pem(self, path: Path) -> Path:
        path.write_bytes(self.pem())
        return path

    def signature(self, manifest: bytes) -> bytes:
        return base64.b64encode(self.private.sign(manifest)) + b"\n"

    def sign(self, spec: BundleSpec) -> BundleSpec:
        """`spec`, signed (in place, and returned): its manifest.sig is set."""
        spec.signature = self.signature(spec.raw_manifest())
        return spec
