"""Signed bundles through the command line: sync's outcomes, and the publisher's commands.

Each refused sync is checked to have changed nothing: the library's whole
snapshot (tests.bundles.library_snapshot) is the same before and after.
Keys come from tests/bundles/signing.py (cryptography, not the app); a
publisher key is trusted through the clinic configuration's `trusted_keys`.
"""

from __future__ import annotations

import stat
import subprocess
import sys
import zipfile

import pytest

from tests.bundles import article_text, bundle_spec, library_snapshot, source_folder
from tests.bundles.signing import PublisherKey

KEY = PublisherKey.new()
STRANGER = PublisherKey.new()
KINDS = ["dir", "zip"]


@pytest.fixture
def clinic(tmp_path):
    """Write a clinic configuration trusting KEY; returns the `--config` arguments."""

    def write(require: bool = False) -> tuple[str, str]:
        path = tmp_path / f"clinic-{require}.toml"
        path.write_text(
            f'trusted_keys = ["{KEY.public_text}"]\nrequire_signatures = {str(require).lower()}\n',
            encoding="utf-8",
        )
        return ("--config", str(path))

    return write


def flip_a_manifest_byte(path):
    """Change one byte of manifest.json after signing (a folder or a ZIP)."""
    if path.is_dir():
        data = bytearray((path / "manifest.json").read_bytes())
        data[data.index(b'"Test library"') + 1] ^= 0x20  # "test library": still valid JSON
        (path / "manifest.json").write_bytes(bytes(data))
        return
    with zipfile.ZipFile(path) as archive:
        entries = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in entries:
            if info.filename == "manifest.json":
                data = bytearray(data)
                data[data.index(b'"Test library"') + 1] ^= 0x20
            archive.writestr(info, bytes(data))


def status(cli) -> dict:
    result = cli("status", "--json")
    assert result.code == 0, result.err
    return result.json()


# --- sync: accepted ------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_signed_bundle_from_a_trusted_key_is_imported_and_remembered(
    cli, make_bundle, clinic, kind
):
    source = make_bundle(KEY.sign(bundle_spec(version=1)), kind=kind)
    result = cli(*clinic(require=True), "sync", source, "--json")
    assert (result.code, result.json()["result"]) == (0, "updated"), result.err
    assert status(cli)["signed"] is True
    assert "Signed by a trusted publisher." in cli("status").out


@pytest.mark.parametrize("kind", KINDS)
def test_an_unsigned_bundle_is_imported_from_a_local_source(cli, make_bundle, clinic, kind):
    result = cli(*clinic(), "sync", make_bundle(version=1, kind=kind))
    assert result.code == 0, result.err
    assert status(cli)["signed"] is False
    # Without any configuration too (a home user's reader).
    assert cli("sync", make_bundle(version=2, kind=kind)).code == 0
    assert status(cli)["signed"] is False


def test_expires_in_the_past_is_imported_and_shown(cli, make_bundle, clinic):
    spec = bundle_spec(version=1)
    spec.manifest["expires"] = "2021-01-01T00:00:00Z"
    result = cli(*clinic(), "sync", make_bundle(KEY.sign(spec), kind="zip"))
    assert result.code == 0, result.err
    shown = status(cli)
    assert (shown["library_version"], shown["articles"]) == (1, len(spec.manifest["articles"]))
    assert (shown["signed"], shown["expires"]) == (True, "2021-01-01T00:00:00Z")
    assert "may be out of date; it can still be read" in cli("status").out


# --- sync: refused, nothing changed ---------------------------------------------


def _refused(kind: str, case: str, make_bundle):
    spec = bundle_spec(version=2, title="Test library")
    if case == "unsigned-but-required":
        return make_bundle(spec, kind=kind)
    if case == "unknown-key":
        return make_bundle(STRANGER.sign(spec), kind=kind)
    if case == "garbled-signature":
        spec.signature = b"this is not a signature\n"
        return make_bundle(spec, kind=kind)
    if case == "signature-of-another-manifest":
        spec.signature = KEY.signature(bundle_spec(version=3).raw_manifest())
        return make_bundle(spec, kind=kind)
    path = make_bundle(KEY.sign(spec), kind=kind)  # "manifest-changed-after-signing"
    flip_a_manifest_byte(path)
    return path


CASES = [
    "unsigned-but-required",
    "unknown-key",
    "garbled-signature",
    "signature-of-another-manifest",
    "manifest-changed-after-signing",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", CASES)
def test_a_bundle_that_fails_its_signature_exits_3_and_changes_nothing(
    cli, data_dir, make_bundle, clinic, installed, kind, case
):
    source = _refused(kind, case, make_bundle)
    result = cli(*clinic(require=case == "unsigned-but-required"), "sync", source)
    assert result.code == 3, (result.out, result.err)
    assert result.err.startswith("sci-reader: manifest.sig: ")
    assert "Traceback" not in result.err
    assert library_snapshot(data_dir) == installed
    # `bundle check` judges it the same way.
    check = cli(*clinic(), "bundle", "check", source, "--require-signature")
    assert check.code == 3


def test_an_older_signed_manifest_is_refused(cli, data_dir, make_bundle, clinic):
    assert cli(*clinic(), "sync", make_bundle(KEY.sign(bundle_spec(version=5)))).code == 0
    before = library_snapshot(data_dir)
    older = make_bundle(KEY.sign(bundle_spec(version=4)), kind="zip")
    result = cli(*clinic(require=True), "sync", older)
    assert result.code == 4, result.err
    assert library_snapshot(data_dir) == before


def test_a_required_signature_is_asked_of_the_configured_source_too(
    cli, data_dir, make_bundle, tmp_path, installed
):
    source = make_bundle(version=2, kind="zip")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'update_source = "{source}"\nrequire_signatures = true\n')
    result = cli("--config", config, "sync", "--json")
    assert result.code == 3
    assert library_snapshot(data_dir) == installed
    assert status(cli)["last_check"]["result"] == "rejected"


# --- the publisher's commands ------------------------------------------------------


def test_keygen_prints_the_public_key_and_refuses_an_existing_file(cli, tmp_path):
    path = tmp_path / "publisher.key"
    result = cli("bundle", "keygen", path)
    assert result.code == 0, result.err
    public = result.out.strip()
    assert len(public) == 44 and public.endswith("=")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    written = path.read_bytes()
    again = cli("bundle", "keygen", path, "--json")
    assert again.code == 2
    assert again.err.strip() == (
        f"sci-reader: {path}: already exists; a key file is never overwritten (choose another name)"
    )
    assert path.read_bytes() == written
    fresh = cli("bundle", "keygen", tmp_path / "second.key", "--json")
    assert set(fresh.json()) == {"public_key"} and fresh.json()["public_key"] != public


@pytest.mark.parametrize("kind", KINDS)
def test_sign_then_sync_with_the_printed_key(cli, tmp_path, make_bundle, kind):
    key = tmp_path / "publisher.key"
    public = cli("bundle", "keygen", key).out.strip()
    source = make_bundle(version=1, kind=kind)
    manifest = (
        (source / "manifest.json").read_bytes()
        if kind == "dir"
        else zipfile.ZipFile(source).read("manifest.json")
    )
    result = cli("bundle", "sign", source, "--key", key)
    assert result.code == 0, result.err
    with zipfile.ZipFile(source) if kind == "zip" else _Folder(source) as signed:
        assert signed.read("manifest.json") == manifest  # byte for byte
    config = tmp_path / "c.toml"
    config.write_text(f'trusted_keys = ["{public}"]\nrequire_signatures = true\n')
    assert cli("--config", config, "sync", source).code == 0
    assert status(cli)["signed"] is True


class _Folder:
    def __init__(self, root):
        self.root = root

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()


def test_build_sign_writes_a_signed_zip_trusted_only_with_the_key(cli, tmp_path, clinic):
    src = source_folder(tmp_path / "src", {"one": article_text("One study", "general", "A note.")})
    key = KEY.write_pem(tmp_path / "k.key")
    out = tmp_path / "out.zip"
    result = cli("bundle", "build", src, out, "--version", "3", "--sign", key)
    assert result.code == 0, result.err
    assert result.out.rstrip().endswith(", signed.")
    ok = cli(*clinic(), "bundle", "check", out, "--require-signature")
    assert ok.code == 0, ok.err
    assert ok.out.splitlines() == [
        "Signature: verified against a trusted publisher key.",
        "OK: version 3, 1 article, 2 pages.",
    ]
    assert cli("bundle", "check", out).code == 3  # the key is not the app's own


@pytest.mark.parametrize(
    ("content", "said"),
    [(None, "no such key file"), (b"garbage\n", "is not an Ed25519 private key")],
)
def test_a_missing_or_garbled_key_file_is_one_line_exit_2(
    cli, tmp_path, make_bundle, content, said
):
    key = tmp_path / "publisher.key"
    if content is not None:
        key.write_bytes(content)
    source = make_bundle(version=1, kind="zip")
    original = source.read_bytes()
    for command in (
        ("bundle", "sign", source, "--key", key),
        ("bundle", "build", tmp_path, tmp_path / "o.zip", "--version", "1", "--sign", key),
    ):
        result = cli(*command)
        assert result.code == 2
        assert result.err.startswith(f"sci-reader: {key}: {said}")
        assert result.err.count("\n") == 1  # one line
    assert source.read_bytes() == original
    assert not (tmp_path / "o.zip").exists()


def test_no_traceback_from_the_real_command(tmp_path):
    """The installed command, in its own process: a garbled key is a sentence, exit 2."""
    key = tmp_path / "k.key"
    key.write_text("-----BEGIN PRIVATE KEY-----\n")
    done = subprocess.run(
        [sys.executable, "-m", "reader", "bundle", "sign", str(tmp_path), "--key", str(key)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_installed_manifest_again_is_judged_by_its_signature_too(
    cli, data_dir, tmp_path, make_bundle, clinic, kind
):
    """ "Already up to date" is no way around the policy: the same bundle,
    now required to be signed, or with its signature garbled, is refused
    from a ZIP (whose re-sync reads only its first entries) as from a folder."""
    src = source_folder(tmp_path / "src", {"one": article_text("One study", "general", "A note.")})
    built = tmp_path / "built.zip"
    assert cli("bundle", "build", src, built, "--version", "1").code == 0
    source = built if kind == "zip" else _unzipped(built, tmp_path / "dir")
    assert cli(*clinic(), "sync", source).code == 0
    before = library_snapshot(data_dir)
    assert cli(*clinic(require=True), "sync", source).code == 3
    key = KEY.write_pem(tmp_path / "k.key")
    assert cli("bundle", "sign", source, "--key", key).code == 0
    assert cli(*clinic(require=True), "sync", source).code == 0  # up to date, and signed
    garble(source)
    result = cli(*clinic(), "sync", source)
    assert result.code == 3, result.out
    assert library_snapshot(data_dir) == before


def _unzipped(path, folder):
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


def garble(source) -> None:
    """Replace manifest.sig with bytes of the right shape that verify against nothing."""
    bad = b"A" * 86 + b"==\n"
    if source.is_dir():
        (source / "manifest.sig").write_bytes(bad)
        return
    with zipfile.ZipFile(source) as archive:
        entries = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(source, "w") as archive:
        for info, data in entries:
            archive.writestr(info, bad if info.filename == "manifest.sig" else data)
