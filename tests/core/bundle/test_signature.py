"""Signatures: the Trust a configuration makes, verification, and the publisher's tools.

The keys and signatures the tests compare against are made by
tests/bundles/signing.py with `cryptography` directly, never by the code
under test.
"""

from __future__ import annotations

import base64
import os
import stat
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.bundle.signature import (
    Trust,
    decode_public_key,
    shipped_keys,
    trust_for,
    verify_manifest,
)
from reader.core.bundle.signing import generate_key, read_private_key, sign_bundle
from reader.core.bundle.walk import check_bundle
from reader.core.config import ClinicConfig
from reader.core.errors import BundleRejected, SourceError
from tests.bundles import bundle_spec
from tests.bundles.signing import PublisherKey

KEY = PublisherKey.new()
OTHER = PublisherKey.new()
MANIFEST = bundle_spec().raw_manifest()
TRUST = Trust((KEY.public_raw,))


# --- the Trust a configuration makes -----------------------------------------


def test_trust_for_no_configuration_is_the_shipped_keys_unsigned_accepted():
    trust = trust_for(None)
    assert trust == Trust(shipped_keys(), required=False)
    assert trust.keys, "resources/keys ships the project's key"


def test_trust_for_adds_the_clinics_keys_once_and_its_requirement(tmp_path):
    (tmp_path / "a.pub").write_text(KEY.public_text + "\n")
    (tmp_path / "README.md").write_text("not a key")
    config = ClinicConfig(
        require_signatures=True, trusted_keys=(OTHER.public_text, KEY.public_text)
    )
    assert trust_for(config, tmp_path) == Trust((KEY.public_raw, OTHER.public_raw), True)
    assert trust_for(ClinicConfig(), tmp_path) == Trust((KEY.public_raw,), False)


# --- verification --------------------------------------------------------------


def test_a_valid_signature_verifies_and_any_change_is_rejected():
    signature = KEY.signature(MANIFEST)
    assert verify_manifest(MANIFEST, signature, TRUST) is True
    assert verify_manifest(MANIFEST, None, TRUST) is False
    flipped = bytearray(MANIFEST)
    flipped[len(flipped) // 2] ^= 0x01
    with pytest.raises(BundleRejected, match=r"does not match manifest\.json"):
        verify_manifest(bytes(flipped), signature, TRUST)
    with pytest.raises(BundleRejected, match=r"does not match manifest\.json"):
        verify_manifest(MANIFEST, OTHER.signature(MANIFEST), TRUST)  # an unknown key
    with pytest.raises(BundleRejected, match="is missing"):
        verify_manifest(MANIFEST, None, Trust(TRUST.keys, required=True))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=120).map(str.encode)))
def test_any_manifest_sig_content_is_accepted_or_rejected_never_an_error(content):
    try:
        verify_manifest(MANIFEST, content, TRUST)
    except BundleRejected as exc:
        assert [p.where for p in exc.problems] == ["manifest.sig"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=400),
        # near misses: a real signature with one byte changed, cut or padded
        st.tuples(st.integers(0, 88), st.binary(min_size=0, max_size=3)).map(
            lambda t: KEY.signature(MANIFEST)[: t[0]] + t[1] + KEY.signature(MANIFEST)[t[0] + 1 :]
        ),
    )
)
def test_a_fuzzed_manifest_sig_in_a_folder_is_accepted_or_rejected(tmp_path, content):
    folder = bundle_spec().write(tmp_path / "fuzz")
    (folder / "manifest.sig").write_bytes(content)
    try:
        report = check_bundle(folder, trust=TRUST)
    except BundleRejected as exc:
        assert [p.where for p in exc.problems] == ["manifest.sig"]
    else:
        assert report.signed is True
        assert base64.b64decode(content.strip()) == base64.b64decode(KEY.signature(MANIFEST))


# --- keygen --------------------------------------------------------------------


def test_keygen_writes_a_private_key_only_its_owner_reads(tmp_path):
    path = tmp_path / "publisher.key"
    public = generate_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert decode_public_key(public) == raw
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")


def test_keygen_never_overwrites_a_file_or_follows_a_planted_link(tmp_path):
    existing = tmp_path / "old.key"
    existing.write_bytes(b"the publisher's only key")
    with pytest.raises(SourceError, match="already exists"):
        generate_key(existing)
    assert existing.read_bytes() == b"the publisher's only key"
    link = tmp_path / "link.key"
    link.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(SourceError, match="already exists"):
        generate_key(link)
    assert not (tmp_path / "elsewhere").exists()
    with pytest.raises(SourceError, match="cannot be written"):
        generate_key(tmp_path / "no-such-folder" / "k.key")


def _key_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("missing.key", None, "no such key file"),
        ("empty.key", b"", "is not an Ed25519 private key"),
        ("garbled.key", b"-----BEGIN PRIVATE KEY-----\nnonsense\n", "is not an Ed25519"),
        ("public.pub", KEY.public_text.encode(), "is not an Ed25519 private key"),
        (
            "ecdsa.key",
            ec.generate_private_key(ec.SECP256R1()).private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
            "is not an Ed25519 private key",
        ),
        (
            "encrypted.key",
            KEY.private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"secret"),
            ),
            "is not an Ed25519 private key",
        ),
        ("huge.key", b"A" * 100_000, "is not an Ed25519 private key"),
    ],
)
def test_a_file_that_is_no_usable_key_is_one_plain_sentence(tmp_path, name, make, said):
    path = tmp_path / name if make is None else _key_file(tmp_path, name, make)
    with pytest.raises(SourceError, match=said) as caught:
        read_private_key(path)
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}: ") and "\n" not in line


def test_a_folder_is_not_a_key_file(tmp_path):
    with pytest.raises(SourceError, match="is a folder"):
        read_private_key(tmp_path)


# --- sign ------------------------------------------------------------------------


def test_signing_a_folder_adds_a_signature_and_changes_nothing_else(tmp_path):
    folder = bundle_spec().write(tmp_path / "b")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    sign_bundle(folder, KEY.pem())
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after.pop(folder / "manifest.sig") == KEY.signature(before[folder / "manifest.json"])
    assert after == before
    assert check_bundle(folder, trust=TRUST).signed is True


def _entries(path: Path) -> dict[str, tuple[bytes, tuple, int, int]]:
    with zipfile.ZipFile(path) as archive:
        return {
            i.filename: (archive.read(i), i.date_time, i.external_attr, i.compress_type)
            for i in archive.infolist()
        }


def test_signing_a_zip_replaces_it_with_a_copy_that_adds_only_the_signature(tmp_path):
    spec = bundle_spec()
    spec.compression = zipfile.ZIP_STORED
    path = spec.write(tmp_path / "b.zip", "zip")
    before = _entries(path)
    sign_bundle(path, OTHER.pem())  # an older signature, then replaced
    sign_bundle(path, KEY.pem())
    after = _entries(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[:2] == ["manifest.json", "manifest.sig"]
    assert after.pop("manifest.sig")[0] == KEY.signature(spec.raw_manifest())
    assert after == before  # manifest.json byte for byte, and every other entry
    assert not [p.name for p in tmp_path.iterdir() if p.name != "b.zip"]  # no leftovers


def test_signing_a_zip_to_output_leaves_the_source_as_it_was(tmp_path):
    path = bundle_spec().write(tmp_path / "b.zip", "zip")
    original = path.read_bytes()
    out = sign_bundle(path, KEY.pem(), tmp_path / "signed.zip")
    assert path.read_bytes() == original
    assert check_bundle(out, trust=Trust(TRUST.keys, True)).signed is True
    with pytest.raises(SourceError, match="--output is for a ZIP"):
        sign_bundle(bundle_spec().write(tmp_path / "f"), KEY.pem(), tmp_path / "x.zip")


def test_a_broken_bundle_is_not_signed(tmp_path):
    spec = bundle_spec()
    spec.files["articles/" + spec.manifest["articles"][0]["id"] + ".md"] += b"changed"
    folder = spec.write(tmp_path / "broken")
    with pytest.raises(BundleRejected):
        sign_bundle(folder, KEY.pem())
    assert not (folder / "manifest.sig").exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_read_private_key_reads_what_keygen_wrote(tmp_path):
    path = tmp_path / "k.key"
    public = generate_key(path)
    signature = sign_and_read(path, tmp_path)
    assert verify_manifest(MANIFEST, signature, Trust((decode_public_key(public),))) is True


def sign_and_read(key_path: Path, tmp_path: Path) -> bytes:
    folder = bundle_spec().write(tmp_path / "by-keygen")
    sign_bundle(folder, read_private_key(key_path))
    return (folder / "manifest.sig").read_bytes()
