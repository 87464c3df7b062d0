"""Publishing a test bundle as a web host would serve it: folder, `.gz` manifest, signature.

The signature is made with `cryptography` directly (the test key's own
private half), never with the app's signing code, so a bug there cannot
make a test pass.
"""

from __future__ import annotations

import base64
import gzip
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.bundles import BundleSpec, write_dir


@dataclass
class TestKey:
    """An Ed25519 key pair made for one test run."""

    __test__ = False  # not a test class, whatever pytest thinks of its name

    private: Ed25519PrivateKey
    public: bytes  # 32 raw bytes

    @classmethod
    def make(cls) -> TestKey:
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return cls(private, public)

    def sign(self, manifest: bytes) -> bytes:
        return base64.b64encode(self.private.sign(manifest)) + b"\n"


def publish(spec: BundleSpec, root: Path, key: TestKey | None, *, gz: bool = True) -> Path:
    """Write `spec` into the served folder `root`: files first, manifest and signature last."""
    write_dir(root, spec)
    raw = spec.raw_manifest()
    gz_path = root / "manifest.json.gz"
    if gz:
        gz_path.write_bytes(gzip.compress(raw, mtime=0))
    else:
        gz_path.unlink(missing_ok=True)
    sig_path = root / "manifest.sig"
    if key is None:
        sig_path.unlink(missing_ok=True)
    else:
        sig_path.write_bytes(key.sign(raw))
    return root
