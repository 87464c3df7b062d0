"""`sci-reader sync https://127.0.0.1:PORT/` against a real https server whose
certificate this computer does not trust: self-signed, expired, for another name.
Exit 2, one line that says it is the certificate (not "offline"), asked once,
nothing changed; a certificate from an authority the computer trusts updates."""

from __future__ import annotations

import pytest

from reader.core.bundle.signature import public_key_text
from reader.core.library import web_fetch
from tests.bundles import article_text, bundle_spec, library_snapshot
from tests.web_publish import publish
from tests.web_server import WebServer
from tests.web_tls import Authority, server_context

V1 = bundle_spec({f"a-{i}": article_text(f"Article {i}") for i in range(3)}, version=1)
ADVICE = "nothing was changed. The update address needs a certificate this computer trusts\n"


@pytest.fixture
def authority(tmp_path, monkeypatch) -> Authority:
    """A test authority this computer trusts (as a clinic's own would be)."""
    authority = Authority.make()
    monkeypatch.setenv("SSL_CERT_FILE", str(authority.write(tmp_path / "authority.pem")))
    web_fetch._ssl_context.cache_clear()  # made once per process: made again with it
    yield authority
    web_fetch._ssl_context.cache_clear()


@pytest.fixture
def config(tmp_path, key) -> str:
    path = tmp_path / "clinic.toml"
    path.write_text(f'trusted_keys = ["{public_key_text(key.public)}"]\n', "utf-8")
    return str(path)


def _sync_from(tmp_path, key, config, cli, context):
    publish(V1, tmp_path / "site", key)
    with WebServer(tmp_path / "site", tls=context) as server:
        return server, cli("--config", config, "sync", server.url)


def test_a_certificate_from_a_trusted_authority_updates(tmp_path, key, config, cli, authority):
    server, result = _sync_from(tmp_path, key, config, cli, server_context(tmp_path, authority))

    assert (result.code, result.err) == (0, "")
    assert server.url.startswith("https://127.0.0.1:")


@pytest.mark.parametrize(
    ("certificate", "words"),
    [
        ({"by": None}, "is not trusted (self-signed certificate)"),
        ({"expired": True}, "has expired (or this computer's clock is wrong)"),
        ({"name": "updates.example.org"}, "is for another address"),
    ],
    ids=["self-signed", "expired", "another-name"],
)
def test_a_certificate_not_trusted_is_said_so_not_offline(
    tmp_path, key, config, cli, authority, data_dir, certificate, words
):
    # failed before: exit 2, "Could not reach 127.0.0.1: you seem to be offline, or the server
    # is down; nothing was changed", after asking three times
    context = server_context(tmp_path, certificate.pop("by", authority), **certificate)
    before = library_snapshot(data_dir)

    server, result = _sync_from(tmp_path, key, config, cli, context)

    assert (result.code, result.err) == (2, (
        f"sci-reader: Could not update from 127.0.0.1 safely: its certificate {words}; {ADVICE}"
    ))  # fmt: skip
    assert server.requests == []  # no request crossed a connection not trusted
    assert library_snapshot(data_dir) == before
