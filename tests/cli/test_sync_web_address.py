"""`sci-reader sync URL` with the addresses people paste or clinics configure: a login
in the address (its password sent, never shown, logged or kept), an address with a
query, a fragment or a stray line break, against a real server on 127.0.0.1."""

from __future__ import annotations

import base64
import logging

import pytest

from reader.core.bundle.signature import public_key_text
from reader.core.config import ClinicConfig
from reader.core.library.update_check import check_configured_source
from tests.bundles import article_text, bundle_spec
from tests.web_publish import publish
from tests.web_server import WebServer

V1 = bundle_spec({f"a-{i}": article_text(f"Article {i}") for i in range(3)}, version=1)
SECRET = "s3cret-Pw"


@pytest.fixture
def served(tmp_path, key):
    (tmp_path / "site").mkdir()
    publish(V1, tmp_path / "site", key)
    with WebServer(tmp_path / "site") as server:
        yield server


def _with_login(url: str) -> str:
    return url.replace("http://", f"http://reader:{SECRET}@")


def _nothing_keeps_the_password(data_dir) -> None:
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_password_in_the_address_is_sent_but_never_shown_or_kept(cli, served, config,
                                                                   data_dir):  # fmt: skip
    # failed before: status --json said "source": "http://reader:s3cret-Pw@127.0.0.1:…/",
    # and last-check.json and the cache's state.json kept it
    result = cli("--config", config(), "sync", _with_login(served.url))

    assert result.code == 0
    login = base64.b64encode(f"reader:{SECRET}".encode()).decode()
    assert {r.headers.get("authorization") for r in served.requests} == {f"Basic {login}"}
    status = cli("status", "--json")
    assert SECRET not in status.out
    assert status.json()["last_check"]["source"] == served.url.replace(
        "http://", "http://reader:***@"
    )
    _nothing_keeps_the_password(data_dir)


def test_a_failure_never_prints_the_password(cli, served, config, data_dir):
    # failed before: "sci-reader: http://reader:s3cret-Pw@127.0.0.1:…/manifest.json: not found…"
    (served.root / "manifest.json").unlink()
    (served.root / "manifest.json.gz").unlink()

    result = cli("--config", config(), "sync", _with_login(served.url))

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json: not found on the server (404); nothing was "
        "changed. Is the update address right?\n"
    ))  # fmt: skip
    assert SECRET not in cli("status").out
    _nothing_keeps_the_password(data_dir)


def test_a_configured_address_s_password_is_not_printed_nor_logged(cli, served, config, key,
                                                                    data_dir, caplog):  # fmt: skip
    # failed before: "Updating from the configured source: https://reader:s3cret-Pw@…", and the
    # log's "update check of http://reader:s3cret-Pw@…: up-to-date"
    nobody = f"https://reader:{SECRET}@127.0.0.1:1/"  # nothing listens on port 1
    result = cli("--config", config(f'update_source = "{nobody}"\n'), "sync")

    assert result.code == 2
    assert result.out == "Updating from the configured source: https://reader:***@127.0.0.1:1/\n"
    assert SECRET not in result.err
    address = _with_login(served.url)
    clinic = ClinicConfig(update_source=address, trusted_keys=(public_key_text(key.public),))
    with caplog.at_level(logging.INFO, logger="reader"):
        assert check_configured_source(data_dir, clinic).result == "updated"
    assert "update check of http://reader:***@" in caplog.text
    assert SECRET not in caplog.text


def test_an_address_with_a_query_or_a_fragment_asks_for_the_files_under_its_folder(
    cli, served, config
):
    # failed before: exit 2, "http://127.0.0.1:…/?key=1/manifest.json: not found on the server"
    # (the file names went after the query: every request asked for the folder itself)
    result = cli("--config", config(), "sync", served.url + "?key=1#top")

    assert (result.code, result.err) == (0, "")
    assert served.paths()[:2] == ["/manifest.json.gz?key=1", "/manifest.sig?key=1"]
    assert "/articles/a-0.md?key=1" in served.paths()


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("http://127.0.0.1:1/lib\n/", "Invalid non-printable ASCII character in URL, '\\n' at"),
        ("http://xn--a.com/", "Codepoint U+0080 at position 1 of '\\x80' not allowed"),
        ("http://updates..example.org/", "encoding with 'idna' codec failed"),
        ("http://[::1]x/", "Invalid port: 'x'"),
    ],
    ids=["line-break", "bad-punycode", "empty-label", "port-after-brackets"],
)
def test_an_address_the_network_cannot_use_exits_2_in_one_line(cli, config, address, why):
    # failed before: exit 1 and a traceback (httpx.InvalidURL, idna's InvalidCodepoint,
    # UnicodeError from the name lookup)
    result = cli("--config", config(), "sync", address)

    assert result.code == 2
    shown = address.replace("\n", "^J")  # the terminal's safe text: no line break
    assert result.err.startswith(f"sci-reader: {shown}: is not a valid web address ({why}")
    assert result.err.endswith("; nothing was changed\n")
    assert result.err.count("\n") == 1


def test_a_file_or_ftp_address_is_not_called_a_missing_file(cli, served):
    # failed before: "sci-reader: file:///…/site: no such file or folder", of a folder that is
    # there, and the same of an ftp:// address
    folder = served.root
    result = cli("sync", folder.as_uri())

    assert (result.code, result.err) == (2, (
        f"sci-reader: {folder.as_uri()}: file:// addresses are not read; give the file or "
        f"folder itself ({folder})\n"
    ))  # fmt: skip
    result = cli("sync", "ftp://127.0.0.1/lib/")
    assert (result.code, result.err) == (2, (
        "sci-reader: ftp://127.0.0.1/lib/: ftp:// addresses are not read; give a file, a "
        "folder, or an http:// or https:// address\n"
    ))  # fmt: skip
