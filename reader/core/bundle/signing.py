"""The publisher's side of signatures: key files, and signing a bundle folder or ZIP.

`bundle keygen` writes an Ed25519 private key as unencrypted PEM (PKCS8),
the format every tool reads, to a file only its owner can read, made with
O_EXCL so that an existing key, or a link planted where it will be written,
is never overwritten. `bundle sign` adds `manifest.sig` and never touches
`manifest.json`: the signature is over its exact bytes. A ZIP is copied
entry by entry into a new file beside it and renamed into place, so a
failure leaves the old ZIP as it was. Verification (what a reader's app
does) is signature.py's.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from reader.core.bundle.builder import check_output
from reader.core.bundle.container import DirectoryContainer
from reader.core.bundle.keyfile import pem_of_seed
from reader.core.bundle.manifest import MANIFEST_NAME
from reader.core.bundle.signature import (
    NOT_A_KEY,
    SIGNATURE_NAME,
    public_key_of,
    sign_manifest,
)
from reader.core.bundle.walk import check_bundle, open_bundle, read_manifest_bytes
from reader.core.errors import SourceError, cannot_write
from reader.core.inputs import NotRegularFile, TooLarge, read_regular_file
from reader.core.leftovers import discard

__all__ = ["generate_key", "read_private_key", "sign_bundle"]

KEY_FILE_LIMIT = 16 * 1024  # a PEM Ed25519 key is 119 bytes


def generate_key(path: Path) -> str:
    """Write a new private key to `path` (mode 0600, never over a file); its public key text."""
    from nacl.signing import SigningKey

    pem = pem_of_seed(bytes(SigningKey.generate()))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise SourceError(
            f"{path}: already exists; a key file is never overwritten (choose another name)"
        ) from None
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(pem)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        discard(path)
        raise cannot_write(path, exc) from exc
    return public_key_of(pem)


def read_private_key(path: Path) -> bytes:
    """The PEM bytes of the Ed25519 private key in `path`; SourceError (exit 2) if it is not one."""
    try:
        pem = read_regular_file(path, KEY_FILE_LIMIT)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such key file") from None
    except NotRegularFile as exc:
        raise SourceError(f"{path}: {exc.strerror}; a key file was expected") from None
    except TooLarge:
        raise SourceError(f"{path}: {NOT_A_KEY}") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        public_key_of(pem)
    except ValueError:
        raise SourceError(f"{path}: {NOT_A_KEY}") from None
    return pem


def sign_bundle(source: Path, pem: bytes, output: Path | None = None) -> Path:
    """Sign the bundle at `source`; the path of the signed bundle.

    A folder gets `manifest.sig` (replacing an older one); a ZIP is copied
    with it to `output`, or over itself when `output` is None. The bundle is
    checked first (BundleRejected): a signature vouches for what it covers.
    """
    source = Path(source)
    check_bundle(source)
    with open_bundle(source) as container:
        manifest = read_manifest_bytes(container)
        folder = isinstance(container, DirectoryContainer)
    signature = sign_manifest(manifest, pem)
    if folder:
        if output is not None:
            raise SourceError("--output is for a ZIP bundle; a folder is signed in place")
        _write_atomically(source / SIGNATURE_NAME, signature)
        return source / SIGNATURE_NAME
    target = source if output is None else Path(output)
    check_output(target)
    _write_signed_zip(source, target, signature)
    return target


def _write_signed_zip(source: Path, target: Path, signature: bytes) -> None:
    """A copy of the ZIP with manifest.sig right after manifest.json (an older one dropped).

    Entries keep their names, times, permissions and compression; their
    bytes are copied as they are, so manifest.json stays byte for byte.
    """
    candidate = target.with_name(target.name + ".signing")
    try:
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(candidate, "w") as new:
            infos = [i for i in old.infolist() if i.filename != SIGNATURE_NAME]
            infos.sort(key=lambda i: i.filename != MANIFEST_NAME)  # stable: manifest first
            for n, info in enumerate(infos):
                level = 9 if info.compress_type == zipfile.ZIP_DEFLATED else None
                new.writestr(info, old.read(info), compresslevel=level)
                if n == 0:
                    sig = zipfile.ZipInfo(SIGNATURE_NAME, date_time=info.date_time)
                    sig.compress_type = zipfile.ZIP_STORED
                    sig.external_attr = 0o644 << 16
                    sig.create_system = 3
                    new.writestr(sig, signature)
        os.replace(candidate, target)
    except OSError as exc:
        discard(candidate)
        raise cannot_write(target, exc) from exc
    except zipfile.BadZipFile as exc:
        discard(candidate)
        raise SourceError(f"{target}: cannot be written ({exc})") from exc
    except BaseException:
        discard(candidate)
        raise


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        discard(tmp)
        raise cannot_write(path, exc) from exc
