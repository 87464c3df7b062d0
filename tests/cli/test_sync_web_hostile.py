"""`sci-reader sync URL` against a hostile or broken host on 127.0.0.1: exit 2 or 3, one
plain line, the library unchanged. Hotel and clinic Wi-Fi (a login page where the
manifest belongs, a redirect to it), proxies that are down or want a login, a host
that labels plain bytes gzip, answers 304 to nothing, or speaks no HTTP at all."""

from __future__ import annotations

import shutil
import socket
import time
from email.utils import formatdate

import pytest

from tests.bundles import article_text, bundle_spec, library_snapshot
from tests.web_publish import publish
from tests.web_server import WebServer

V1 = bundle_spec({f"a-{i}": article_text(f"Article {i}") for i in range(3)}, version=1)
V2 = bundle_spec({f"a-{i}": article_text(f"Article {i}") for i in range(5)}, version=2)
V3 = bundle_spec({f"a-{i}": article_text(f"Article {i}, third edition") for i in range(5)},
                version=3)  # fmt: skip
PORTAL = b"<!DOCTYPE html><html><head><title>Guest WiFi</title></head><body>Log in</body></html>"
LOGIN_WORDS = (
    "A Wi-Fi network that needs a login first (as in hotels and clinics) does this: open a "
    "web browser, log in or accept its terms, and try again"
)


@pytest.fixture
def served(tmp_path):
    (tmp_path / "site").mkdir()
    with WebServer(tmp_path / "site") as server:
        yield server


@pytest.fixture
def installed(cli, served, key, config, data_dir):
    """Version 1 synced from the server, version 2 published: a sync would change things."""
    publish(V1, served.root, key)
    assert cli("--config", config(), "sync", served.url).code == 0
    publish(V2, served.root, key)
    served.reset_counts()
    return library_snapshot(data_dir)


def _sync(cli, config, url: str, extra: str = ""):
    return cli("--config", config(extra), "sync", url)


def test_a_wifi_login_page_instead_of_the_manifest_says_log_in(cli, served, config, installed,
                                                                 data_dir):  # fmt: skip
    # failed before: exit 3, "manifest.sig: is not a signature (base64 of 64 bytes on one line)"
    for name in ("manifest.json.gz", "manifest.json", "manifest.sig"):
        served.behaviour.body[f"/{name}"] = PORTAL
        served.behaviour.headers[f"/{name}"] = {"Content-Type": "text/html"}

    result = _sync(cli, config, served.url)

    assert result.code == 2
    assert result.err == (
        f"sci-reader: {served.url}manifest.json.gz: a web page came instead of the update's "
        f"file; nothing was changed. {LOGIN_WORDS}\n"
    )
    assert library_snapshot(data_dir) == installed
    assert cli("status", "--json").json()["last_check"]["result"] == "offline"


def test_a_wifi_login_page_instead_of_a_zip_says_log_in_and_keeps_no_part(
    cli, served, config, data_dir
):
    # failed before: exit 3, "…/b.zip: is not a ZIP file or a bundle folder"
    served.behaviour.body["/b.zip"] = PORTAL

    result = _sync(cli, config, served.url + "b.zip")

    assert (result.code, result.err.endswith(f"{LOGIN_WORDS}\n")) == (2, True), result.err
    assert not list((data_dir / "cache").rglob("*.part*"))


def test_a_redirect_out_of_this_computer_over_plain_http_is_not_followed(
    cli, served, config, installed, data_dir
):
    # failed before: followed (a Wi-Fi's login server, or anyone's), then "Could not reach
    # 127.0.0.1: you seem to be offline", or a manifest taken from there.
    served.behaviour.redirect["/manifest.json.gz"] = "http://10.255.255.1/login?from=x"

    result = _sync(cli, config, served.url)

    assert result.code == 2
    assert result.err == (
        f"sci-reader: {served.url}manifest.json.gz: the network sent it on to "
        "http://10.255.255.1/login?from=x (from this computer out over plain http://), which "
        f"the app does not follow; nothing was changed. {LOGIN_WORDS}\n"
    )
    assert served.paths() == ["/manifest.json.gz"]
    assert library_snapshot(data_dir) == installed


def test_a_redirect_within_this_computer_is_followed(cli, served, config, installed):
    served.behaviour.redirect["/old/manifest.json.gz"] = "/manifest.json.gz"
    served.behaviour.redirect["/old/manifest.sig"] = served.url + "manifest.sig"
    served.behaviour.redirect["/old/articles/a-3.md"] = "/articles/a-3.md"
    served.behaviour.redirect["/old/articles/a-4.md"] = "/articles/a-4.md"

    assert _sync(cli, config, served.url + "old/").code == 0


def test_a_long_chain_of_redirects_is_not_called_a_loop(cli, served, config, installed):
    # failed before: "the server redirects it in a loop" for 50 different addresses
    served.behaviour.redirect["/manifest.json.gz"] = "/r0"
    served.behaviour.redirect.update({f"/r{i}": f"/r{i + 1}" for i in range(50)})

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json.gz: the server redirects it more than 20 times "
        "(in a loop, or from one address to the next); nothing was changed. Is the update "
        "address right?\n"
    ))  # fmt: skip


def test_a_manifest_labelled_gzip_that_is_not_exits_2_in_words(cli, served, config, installed,
                                                               data_dir):  # fmt: skip
    # failed before: exit 1 and a traceback (httpx.DecodingError)
    served.behaviour.body["/manifest.json.gz"] = b"plain text"
    served.behaviour.headers["/manifest.json.gz"] = {"Content-Encoding": "gzip"}

    result = _sync(cli, config, served.url)

    assert result.code == 2
    assert result.err.startswith(
        f"sci-reader: {served.url}manifest.json.gz: the server labels it compressed "
        "(Content-Encoding) but it is not ("
    )
    assert result.err.endswith("nothing was changed. The server must serve the file as it is\n")
    assert served.paths() == ["/manifest.json.gz"]  # asking again would not change it
    assert library_snapshot(data_dir) == installed


def test_a_gz_manifest_that_is_not_gzip_is_called_so(cli, served, config, installed):
    # failed before: exit 3, "manifest.sig: does not match manifest.json for any trusted key…"
    served.behaviour.body["/manifest.json.gz"] = b'{"not": "gzip"}'

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (3, "sci-reader: manifest.json.gz: is not a gzip file\n")


def test_a_304_to_a_request_with_nothing_to_compare_is_not_up_to_date(
    cli, served, config, installed, data_dir
):
    # failed before: exit 3, "manifest.sig: does not match manifest.json…" (an empty manifest)
    for folder in (data_dir / "cache").iterdir():
        shutil.rmtree(folder)
    served.behaviour.status["/manifest.json.gz"] = 304

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json.gz: the server answered 304 Not Modified to a "
        "request that asked for the whole file; nothing was changed. Try again later\n"
    ))  # fmt: skip
    assert library_snapshot(data_dir) == installed


@pytest.mark.parametrize("status", [404, 410])
def test_a_missing_manifest_is_told_with_the_status_the_server_gave(cli, served, config, status):
    # failed before: a 410 was told as "(404)"
    served.behaviour.status.update({"/manifest.json.gz": status, "/manifest.json": status})

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json: not found on the server ({status}); nothing "
        "was changed. Is the update address right?\n"
    ))  # fmt: skip


def test_a_host_that_asks_for_a_password_says_so(cli, served, config):
    served.behaviour.status["/manifest.json.gz"] = 401

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json.gz: the server asks for a password (401 "
        "Unauthorized); nothing was changed. An update address must be open to all\n"
    ))  # fmt: skip


def test_a_proxy_that_is_down_is_named_not_the_server(cli, served, config, installed, data_dir):
    # failed before: "Could not reach 127.0.0.1: you seem to be offline, or the server is down"
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"

    result = _sync(cli, config, "http://updates.example.invalid/lib/", f'proxy = "{proxy}"\n')

    assert result.code == 2
    assert result.err.startswith(
        f"sci-reader: Could not reach updates.example.invalid through the proxy {proxy} ("
    )
    assert result.err.endswith("; nothing was changed. Is the proxy setting right?\n")
    assert library_snapshot(data_dir) == installed


def test_a_proxy_that_wants_a_login_says_so(cli, served, config, installed, data_dir):
    # failed before: "…: the server answered 407 Proxy Authentication Required"
    url = "http://updates.example.invalid/lib/"
    served.behaviour.status[url + "manifest.json.gz"] = 407  # the server stands in for the proxy

    result = _sync(cli, config, url, f'proxy = "{served.url}"\n')

    assert (result.code, result.err) == (2, (
        f"sci-reader: The proxy {served.url} asks for a login (407 Proxy Authentication "
        "Required), which this app cannot give; nothing was changed. Ask IT to let the update "
        "address through without one\n"
    ))  # fmt: skip
    assert library_snapshot(data_dir) == installed


def test_a_host_that_speaks_no_http_says_so(cli, served, config, installed, data_dir):
    # failed before: "The connection to 127.0.0.1 kept breaking off (illegal status line:
    # bytearray(b'…')); … the download goes on from where it stopped"
    served.behaviour.raw["/manifest.json.gz"] = b"SSH-2.0-OpenSSH_9.6\r\n\r\n"

    result = _sync(cli, config, served.url)

    assert result.code == 2
    assert result.err.startswith("sci-reader: 127.0.0.1 did not answer as a web server does (")
    assert result.err.endswith("nothing was changed. Is the update address right?\n")
    assert library_snapshot(data_dir) == installed


def test_an_article_missing_from_the_server_is_a_rejected_bundle(cli, served, config, installed,
                                                                  data_dir):  # fmt: skip
    """Exit 3, as a folder whose manifest lists a file it lacks (docs/cli.md): the signed
    manifest names the file, so the bundle as published is broken, not the network."""
    served.behaviour.status["/articles/a-4.md"] = 404

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (3, (
        "sci-reader: articles/a-4.md: is listed in the manifest but missing from the server; "
        "nothing was changed\n"
    ))  # fmt: skip
    assert library_snapshot(data_dir) == installed


def test_an_article_served_with_other_bytes_is_rejected(cli, served, config, installed, data_dir):
    served.behaviour.body["/articles/a-4.md"] = (served.root / "articles/a-3.md").read_bytes()

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (3, (
        "sci-reader: articles/a-4.md: sha256 does not match the manifest; nothing was changed\n"
    ))  # fmt: skip
    assert library_snapshot(data_dir) == installed
    assert not list((data_dir / "cache").rglob("a-4.md*"))


def test_a_wifi_login_page_in_place_of_an_article_says_log_in(cli, served, config, installed,
                                                              data_dir):  # fmt: skip
    # failed before: exit 3, "articles/a-4.md: is 86 bytes on the server but the manifest says
    # …" (the network's page, shorter than the file, taken for the publisher's mistake)
    served.behaviour.body["/articles/a-4.md"] = PORTAL
    served.behaviour.headers["/articles/a-4.md"] = {"Content-Type": "text/html"}

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}articles/a-4.md: a web page came instead of the update's "
        f"file; nothing was changed. {LOGIN_WORDS}\n"
    ))  # fmt: skip
    assert library_snapshot(data_dir) == installed
    assert not list((data_dir / "cache").rglob("a-4.md*"))
    assert cli("status", "--json").json()["last_check"]["result"] == "offline"


@pytest.mark.parametrize(
    ("manifest_age", "file_age", "code"),
    [(600, 5, 2), (3 * 3600, 2 * 3600, 3)],
    ids=["uploading-now", "changed-hours-ago"],
)
def test_a_new_version_s_files_going_up_before_its_manifest_say_try_later(
    cli, served, config, key, installed, data_dir, manifest_age, file_age, code
):
    # failed before (uploading-now): exit 3, "articles/a-4.md: is … bytes on the server but
    # the manifest says …; nothing was changed", recorded "rejected", though the publisher was
    # only uploading version 3 in publishing.md's order, its files before its manifest
    now = time.time()
    served.behaviour.headers["/manifest.json.gz"] = {
        "Last-Modified": formatdate(now - manifest_age, usegmt=True)
    }
    served.behaviour.body["/articles/a-4.md"] = article_text("Article 4, third edition").encode()
    served.behaviour.headers["/articles/a-4.md"] = {
        "Last-Modified": formatdate(now - file_age, usegmt=True)
    }

    result = _sync(cli, config, served.url)

    assert result.code == code
    if code == 2:
        assert result.err == (
            f"sci-reader: {served.url}: the server is publishing a new version right now (its "
            "files do not match its manifest yet); nothing was changed. Try again later\n"
        )
    else:  # changed long after its manifest: the bundle is broken, as before
        assert result.err.startswith("sci-reader: articles/a-4.md: is ")
    assert library_snapshot(data_dir) == installed
    served.behaviour.headers.clear()
    served.behaviour.body.clear()
    publish(V3, served.root, key)  # the publisher finishes: the next sync works
    assert _sync(cli, config, served.url).code == 0
    assert cli("status", "--json").json()["library_version"] == 3


@pytest.mark.parametrize(
    ("status", "retry_after", "asked", "words"),
    [
        (503, "120", 1, " and asks to be asked again in 2 minutes"),
        (429, "999999999999", 1, " and asks to be asked again in more than a day"),
        (503, "-5", 3, ""),  # no wait a host may ask for: the usual three tries
        (429, "Wed, 21 Oct 2015 07:28:00 GMT", 3, ""),  # a date gone by: no wait
    ],
    ids=["two-minutes", "huge", "negative", "date-gone-by"],
)
def test_a_busy_host_s_retry_after_is_told_not_asked_three_times(
    cli, served, config, installed, data_dir, status, retry_after, asked, words
):
    # failed before (two-minutes, huge): asked three times within 3 s, then "…: the server
    # answered 503 Service Unavailable; nothing was changed. Try again later", no word of
    # how long the host asked to be left alone
    served.behaviour.status["/manifest.json.gz"] = status
    served.behaviour.headers["/manifest.json.gz"] = {"Retry-After": retry_after}

    result = _sync(cli, config, served.url)

    reason = {503: "Service Unavailable", 429: "Too Many Requests"}[status]
    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json.gz: the server answered {status} {reason}"
        f"{words}; nothing was changed. Try again later\n"
    ))  # fmt: skip
    assert served.paths() == ["/manifest.json.gz"] * asked
    assert library_snapshot(data_dir) == installed


def test_a_file_sent_in_chunks_beside_a_false_length_is_read_whole(cli, served, config, installed):
    # failed before: exit 3, "articles/a-4.md: is 5 bytes on the server but the manifest says
    # …": the Content-Length beside Transfer-Encoding: chunked was taken at its word
    served.behaviour.chunked.add("/articles/a-4.md")
    served.behaviour.claimed_length["/articles/a-4.md"] = 5

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (0, "")
    assert cli("status", "--json").json()["library_version"] == 2


def test_a_gz_manifest_cut_off_by_a_dropped_connection_is_the_network_s_doing(
    cli, served, config, installed, data_dir
):
    # failed before: exit 3, "manifest.json.gz: is cut short", recorded rejected: with no
    # length said, the close that ends the body and a dropped connection look alike
    served.behaviour.no_length.add("/manifest.json.gz")
    served.behaviour.drop_after["/manifest.json.gz"] = 100  # once

    result = _sync(cli, config, served.url)

    assert (result.code, result.err) == (2, (
        f"sci-reader: {served.url}manifest.json.gz: came cut short (the connection broke off); "
        "nothing was changed. Try again later\n"
    ))  # fmt: skip
    assert library_snapshot(data_dir) == installed
    assert cli("status", "--json").json()["last_check"]["result"] == "offline"
    assert _sync(cli, config, served.url).code == 0  # the next try gets it whole
