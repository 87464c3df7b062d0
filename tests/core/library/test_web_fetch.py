"""The HTTP policy of web updates: proxies, retries of a busy server, a length never trusted."""

from __future__ import annotations

import pytest

from reader.core.errors import SourceError
from reader.core.library.web_download import download
from reader.core.library.web_fetch import Fetcher, FileMismatch, NotFound, system_proxy
from tests.core.library.conftest import QUICK


def test_a_configured_proxy_carries_every_request(served):
    """The test server stands in for the proxy: it sees the whole address asked for."""
    with Fetcher(proxy=served.url, network=QUICK) as fetcher, pytest.raises(NotFound):
        fetcher.get("http://updates.example.invalid/lib/manifest.json", 1000)
    assert served.paths() == ["http://updates.example.invalid/lib/manifest.json"]


def test_the_system_proxy_is_taken_from_the_environment(monkeypatch):
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    monkeypatch.setenv("no_proxy", "intranet.example")
    assert system_proxy("https://updates.example.org/lib/") == "http://proxy.example:3128"
    assert system_proxy("https://intranet.example/lib/") is None
    assert system_proxy("http://127.0.0.1:8000/lib/") is None  # this machine: never a proxy


def test_a_busy_server_is_asked_again(served):
    (served.root / "f.md").write_bytes(b"hello")
    served.behaviour.status["/f.md"] = 503

    with Fetcher(network=QUICK) as fetcher:
        with pytest.raises(SourceError, match=r"503 Service Unavailable.*Try again later"):
            fetcher.get(served.url + "f.md", 100)
        assert len(served.requests) == QUICK.attempts
        del served.behaviour.status["/f.md"]
        assert fetcher.get(served.url + "f.md", 100).body == b"hello"


def test_a_file_longer_than_the_manifest_says_is_refused_unread(served, tmp_path):
    (served.root / "f.md").write_bytes(b"x" * 5000)
    target = tmp_path / "cache" / "f.md"
    with Fetcher(network=QUICK) as fetcher, pytest.raises(FileMismatch) as caught:
        download(fetcher, served.url + "f.md", target, 100, "0" * 64)
    assert str(caught.value) == "is 5000 bytes on the server but the manifest says 100"
    assert not target.exists() and not target.with_name("f.md.part").exists()


def test_a_short_file_is_never_taken_for_a_whole_one(served, tmp_path):
    """The server says 5000 bytes and closes after 100, every time: no file, a plain error."""
    (served.root / "f.md").write_bytes(b"x" * 5000)
    served.behaviour.drop_every["/f.md"] = 100
    target = tmp_path / "cache" / "f.md"
    with Fetcher(network=QUICK) as fetcher, pytest.raises(SourceError, match="kept breaking off"):
        download(fetcher, served.url + "f.md", target, 5000, "0" * 64)
    assert not target.exists()
    ranges = [r.headers.get("range") for r in served.requests]
    assert ranges == [None, "bytes=100-", "bytes=200-"]  # each try goes on from the last


def test_a_file_shorter_on_the_server_than_in_the_manifest_is_a_mismatch(served, tmp_path):
    (served.root / "f.md").write_bytes(b"x" * 5000)
    target = tmp_path / "cache" / "f.md"
    with Fetcher(network=QUICK) as fetcher, pytest.raises(FileMismatch) as caught:
        download(fetcher, served.url + "f.md", target, 6000, "0" * 64)
    assert str(caught.value) == "is 5000 bytes on the server but the manifest says 6000"
    assert len(served.requests) == 1  # not asked again: it would not change


@pytest.mark.parametrize("how", ["endless", "said"])
def test_a_download_without_a_manifest_size_stops_at_its_bound(served, tmp_path, how):
    """A whole ZIP has no manifest size: a body that never ends, or says it is huge, is cut off."""
    (served.root / "library.zip").write_bytes(b"x" * 1000)
    if how == "endless":
        served.behaviour.endless.add("/library.zip")
    else:
        served.behaviour.claimed_length["/library.zip"] = 10**12
    target = tmp_path / "cache" / "bundle.zip"

    with Fetcher(network=QUICK) as fetcher, pytest.raises(FileMismatch) as caught:
        download(fetcher, served.url + "library.zip", target, None, None, max_bytes=300_000)

    said = "is 1000000000000 bytes" if how == "said" else "is more than 300000 bytes"
    assert str(caught.value) == said
    assert not target.exists() and not target.with_name("bundle.zip.part").exists()
    assert len(served.requests) == 1  # not worth asking again
