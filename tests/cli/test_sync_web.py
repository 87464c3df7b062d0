"""`sci-reader sync URL` against a real HTTP server on 127.0.0.1: exit codes, words, last_check."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from reader.core.bundle.signature import public_key_text
from tests.bundles import article_text, bundle_spec, library_snapshot, write_dir, write_zip
from tests.processes import cli_command, cli_env
from tests.web_publish import TestKey, publish
from tests.web_server import WebServer

ARTICLES = {f"a-{i}": article_text(f"Article {i}") for i in range(3)}


@pytest.fixture
def served(tmp_path: Path):
    (tmp_path / "site").mkdir()
    with WebServer(tmp_path / "site") as server:
        yield server


@pytest.fixture
def clinic(tmp_path: Path, key: TestKey):
    """A clinic configuration that trusts the test key (and, given a source, updates from it)."""

    def write(source: str | None = None) -> Path:
        path = tmp_path / "clinic.toml"
        lines = [f'trusted_keys = ["{public_key_text(key.public)}"]']
        if source:
            lines.append(f'update_source = "{source}"')
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def _last_check(cli) -> dict:
    return cli("status", "--json").json()["last_check"]


def test_sync_from_a_web_address_updates_then_is_up_to_date(cli, served, key, clinic):
    publish(bundle_spec(ARTICLES, version=1), served.root, key)
    config = clinic()

    first = cli("--config", config, "sync", served.url, "--json")
    assert first.code == 0, first.err
    assert first.json() == {"result": "updated", "version": 1, "added": 3, "updated": 0,
                            "withdrawn": 0, "unchanged": 0}  # fmt: skip
    assert _last_check(cli)["source"] == served.url
    assert _last_check(cli)["result"] == "updated"

    served.reset_counts()
    again = cli("--config", config, "sync", served.url)
    assert (again.code, again.out) == (0, "Already up to date (version 1).\n")
    assert [(r.path, r.status) for r in served.requests] == [("/manifest.json.gz", 304)]
    assert _last_check(cli)["result"] == "up-to-date"


def test_sync_with_no_source_uses_a_configured_web_address(cli, served, key, clinic):
    publish(bundle_spec(ARTICLES, version=2), served.root, key)

    result = cli("--config", clinic(served.url), "sync")

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"Updating from the configured source: {served.url}",
        "Library updated to version 2: 3 added, 0 updated, 0 withdrawn, 0 unchanged.",
    ]
    assert _last_check(cli)["result"] == "updated"


@pytest.mark.parametrize("trusted", [True, False])
def test_an_update_not_signed_by_a_trusted_key_exits_3(cli, served, key, clinic, trusted):
    publish(bundle_spec(ARTICLES), served.root, None if trusted else key)
    options = ["--config", clinic()] if trusted else []

    result = cli(*options, "sync", served.url)

    assert result.code == 3
    assert result.err.startswith("sci-reader: manifest.sig: ")
    assert "Traceback" not in result.err
    assert not (Path(cli("status", "--json").json()["data_dir"]) / "library.sqlite3").exists()
    assert _last_check(cli)["result"] == "rejected"


def test_a_missing_manifest_exits_2_with_one_plain_line(cli, served, clinic):
    result = cli("--config", clinic(), "sync", served.url + "nothing-here/")

    assert result.code == 2
    assert result.err == (
        f"sci-reader: {served.url}nothing-here/manifest.json: not found on the server (404); "
        "nothing was changed. Is the update address right?\n"
    )
    assert _last_check(cli)["result"] == "offline"


def test_a_file_that_does_not_match_exits_3_and_changes_nothing(cli, served, key, clinic, data_dir):
    publish(bundle_spec(ARTICLES, version=1), served.root, key)
    config = clinic()
    assert cli("--config", config, "sync", served.url).code == 0
    before = library_snapshot(data_dir)
    publish(bundle_spec({**ARTICLES, "a-1": article_text("New")}, version=2), served.root, key)
    (served.root / "articles" / "a-1.md").write_text(article_text("Old"))  # same length

    result = cli("--config", config, "sync", served.url)

    assert result.code == 3
    assert result.err == (
        "sci-reader: articles/a-1.md: sha256 does not match the manifest; nothing was changed\n"
    )
    assert library_snapshot(data_dir) == before


def test_an_older_version_is_refused_with_exit_4(cli, served, key, clinic, data_dir):
    publish(bundle_spec(ARTICLES, version=5), served.root, key)
    config = clinic()
    assert cli("--config", config, "sync", served.url).code == 0
    publish(bundle_spec(ARTICLES, version=4), served.root, key)

    result = cli("--config", config, "sync", served.url)

    assert result.code == 4
    assert "older than the library's version 5" in result.err
    assert _last_check(cli)["result"] == "refused"
    assert cli("--config", config, "sync", served.url, "--allow-downgrade").code == 0


def test_a_host_that_forbids_the_missing_gz_manifest_still_updates(cli, served, key, clinic):
    # A web source is a bundle folder served as static files (CLI.md): manifest.json,
    # manifest.sig, articles/, pages/. The precompressed manifest.json.gz is this app's
    # extra; object stores (S3 behind a CDN) answer 403, not 404, for a file they lack.
    publish(bundle_spec(ARTICLES, version=1), served.root, key, gz=False)
    served.behaviour.status["/manifest.json.gz"] = 403

    result = cli("--config", clinic(), "sync", served.url, "--json")

    assert result.code == 0, result.err
    assert result.json()["result"] == "updated"


def _publish_zip(served, name: str, version: int, key) -> str:
    spec = bundle_spec(ARTICLES, version=version)
    spec.signature = key.sign(spec.raw_manifest())
    write_zip(served.root / name, spec)
    return served.url + name


def test_an_older_zip_address_is_refused_even_when_it_did_not_change(cli, served, key, clinic):
    # failed before: the unchanged ZIP's 304 was taken for "up to date" with the library
    # at version 6 from elsewhere, so the older ZIP was neither refused nor, with
    # --allow-downgrade, installed.
    config = clinic()
    old = _publish_zip(served, "v5.zip", 5, key)
    new = _publish_zip(served, "v6.zip", 6, key)
    assert cli("--config", config, "sync", old).code == 0
    assert cli("--config", config, "sync", new).code == 0

    refused = cli("--config", config, "sync", old)

    assert refused.code == 4, refused.out
    assert "older than the library's version 6" in refused.err
    assert _last_check(cli)["result"] == "refused"
    back = cli("--config", config, "sync", old, "--allow-downgrade", "--json")
    assert (back.code, back.json()["version"]) == (0, 5)
    assert cli("status", "--json").json()["library_version"] == 5


@pytest.mark.parametrize("configured", [False, True])
def test_a_damaged_library_is_rebuilt_though_its_zip_address_answers_304(
    cli, served, key, clinic, data_dir, configured
):
    # failed before: "Already up to date", recorded so, and `show` still said damaged.
    url = _publish_zip(served, "library.zip", 1, key)
    config = clinic(url if configured else None)
    sync_args = ("--config", config, "sync", *(() if configured else (url,)), "--json")
    assert cli(*sync_args).code == 0
    conn = sqlite3.connect(data_dir / "library.sqlite3")
    with conn:
        conn.execute("UPDATE articles SET key_findings = '[broken' WHERE id = 'a-0'")
    conn.close()
    assert "a sync rebuilds it" in cli("show", "a-0").err

    served.reset_counts()
    rebuilt = cli(*sync_args)

    assert rebuilt.code == 0, rebuilt.err
    assert rebuilt.json() == {"result": "updated", "version": 1, "added": 3, "updated": 0,
                              "withdrawn": 0, "unchanged": 0}  # fmt: skip
    assert [(r.method, r.status) for r in served.requests] == [("HEAD", 200), ("GET", 200)]
    assert _last_check(cli)["result"] == "updated"
    assert cli("show", "a-0").code == 0
    served.reset_counts()
    assert cli(*sync_args).json()["result"] == "up-to-date"
    assert [(r.method, r.status) for r in served.requests] == [("HEAD", 304)]
    assert _last_check(cli)["result"] == "up-to-date"


def test_a_zip_address_bigger_than_any_bundle_is_rejected_before_downloading(
    cli, served, key, clinic, data_dir
):
    url = _publish_zip(served, "library.zip", 1, key)
    served.behaviour.claimed_length["/library.zip"] = 10**12  # a terabyte, says the server

    result = cli("--config", clinic(), "sync", url)

    assert result.code == 3, result.err
    assert result.err.startswith(f"sci-reader: {url}: is 1000000000000 bytes, more than")
    assert len(result.err.splitlines()) == 1
    assert served.paths("GET") == []
    assert _last_check(cli)["result"] == "rejected"


@pytest.mark.parametrize("name", ["manifest.json", "manifest.sig"])
def test_an_endless_manifest_or_signature_is_rejected_as_from_a_file(
    cli, served, key, clinic, name
):
    # failed before: exit 2 and last_check "offline", where the same file in a
    # bundle folder on disk is rejected with exit 3 (CLI.md: exit codes as for files).
    publish(bundle_spec(ARTICLES, version=1), served.root, key, gz=False)
    served.behaviour.endless.add("/" + name)

    result = cli("--config", clinic(), "sync", served.url)

    assert result.code == 3, result.err
    expected = {
        "manifest.json": "sci-reader: manifest.json: is larger than the limit of 33554432 bytes\n",
        "manifest.sig": "sci-reader: manifest.sig: is too large to be a signature\n",
    }
    assert result.err == expected[name]
    assert _last_check(cli)["result"] == "rejected"


@pytest.mark.parametrize("location", ["/manifest.json", "file:///etc/passwd"])
def test_a_redirect_loop_or_to_a_file_exits_2_with_one_plain_line(cli, served, clinic, location):
    # failed before: a loop was a traceback (exit 1); a redirect to file:// was tried
    # three times and called "the connection kept breaking off".
    served.behaviour.status["/manifest.json.gz"] = 404
    served.behaviour.redirect["/manifest.json"] = location

    result = cli("--config", clinic(), "sync", served.url)

    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err
    assert "redirect" in result.err and "nothing was changed" in result.err
    asked = served.paths().count("/manifest.json")
    assert asked == (1 + 20 if location == "/manifest.json" else 1)  # 20 redirects, no retries


# As the app's own library: a page with a metadata block (its stored text lacks it),
# a page with CRLF line ends, and a synonym list.
PAGES = {
    "about": ("About", "Title: About this library\n\n## What this is\n\nA test library.\n"),
    "disclaimer": ("Disclaimer", "## Not medical advice\r\n\r\nAsk your care team.\r\n"),
}


def test_an_update_after_a_local_sync_downloads_only_the_changed_article(
    cli, served, key, clinic, tmp_path
):
    # failed before: the unchanged pages and synonym list were downloaded again (the
    # library holds them with the same sha256): only an earlier web sync's cache had them.
    def spec(version: int, articles: dict):
        made = bundle_spec(articles, version=version, pages=PAGES)
        made.set_synonyms("tummy => abdomen\n")
        return made

    config = clinic()
    first = spec(1, ARTICLES)
    first.signature = key.sign(first.raw_manifest())
    assert cli("--config", config, "sync", write_dir(tmp_path / "usb", first)).code == 0
    publish(spec(2, {**ARTICLES, "a-1": article_text("Changed")}), served.root, key)

    result = cli("--config", config, "sync", served.url, "--json")

    assert result.code == 0, result.err
    assert (result.json()["updated"], result.json()["unchanged"]) == (1, 2)
    assert served.paths() == ["/manifest.json.gz", "/manifest.sig", "/articles/a-1.md"]
    shown = cli("status", "--json").json()
    assert (shown["library_version"], shown["pages"]) == (2, 2)


def test_a_download_that_cannot_be_written_exits_5_in_one_line(served, key, clinic, tmp_path):
    # failed before: OSError "File too large" traceback, exit 1. A real process whose
    # file size limit (as a full disk or a quota) stops the ZIP's download part-way.
    spec = bundle_spec({"big": article_text("Big", simple="Many plain words. " * 600)})
    spec.signature = key.sign(spec.raw_manifest())
    spec.compression = zipfile.ZIP_STORED
    write_zip(served.root / "library.zip", spec)
    assert (served.root / "library.zip").stat().st_size > 4096

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    data_dir = tmp_path / "data"
    command = cli_command(data_dir, "--config", str(clinic()), "sync", served.url + "library.zip")
    done = subprocess.run(command, env=cli_env(), capture_output=True, text=True,
                          preexec_fn=small_files, timeout=120)  # fmt: skip

    assert done.returncode == 5, done.stderr
    assert done.stderr.startswith("sci-reader: ") and len(done.stderr.splitlines()) == 1
    assert "the disk is full" in done.stderr and "nothing was changed" in done.stderr
    assert not (data_dir / "library.sqlite3").exists()


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("https://", "it names no server"),
        ("https://[updates.example.org/lib/", "Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/lib/", "Port out of range 0-65535"),
    ],
)
def test_a_web_address_that_is_not_one_exits_2_before_any_request(cli, address, why):
    # failed before: "https://[host" was a ValueError traceback (exit 1); "https://" said
    # "Could not reach manifest.json.gz: you seem to be offline".
    result = cli("sync", address)

    assert result.code == 2
    assert result.err == (
        f"sci-reader: {address}: is not a valid web address ({why}); nothing was changed\n"
    )


def test_config_check_reports_an_update_source_address_with_no_server(cli, tmp_path):
    config = tmp_path / "clinic.toml"
    config.write_text('update_source = "https://"\n', encoding="utf-8")

    result = cli("config", "check", config)

    assert result.code == 2
    assert result.err == (
        f"sci-reader: {config}: update_source: 'https://': is not a valid web address "
        "(it names no server)\n"
    )


def test_a_zip_address_that_is_no_zip_is_named_by_its_address(cli, served, clinic):
    # failed before: the line named the cache's copy, cache/web/<hash>/bundle.zip.
    (served.root / "library.zip").write_bytes(b"Not here")  # not a web page: that is a login

    result = cli("--config", clinic(), "sync", served.url + "library.zip")

    assert result.code == 3
    assert result.err == (
        f"sci-reader: {served.url}library.zip: is not a ZIP file or a bundle folder "
        "(File is not a zip file)\n"
    )


def test_a_zip_address_on_a_host_that_refuses_head_updates_and_checks_by_get(
    cli, served, key, clinic
):
    # failed before: exit 2 at every try, "…/library.zip: the server answered 405 Method Not
    # Allowed; nothing was changed": the update could never come
    url = _publish_zip(served, "library.zip", 1, key)
    served.behaviour.no_head = True

    first = cli("--config", clinic(), "sync", url, "--json")

    assert first.code == 0, first.err
    assert first.json()["result"] == "updated"
    served.reset_counts()
    again = cli("--config", clinic(), "sync", url, "--json")
    assert (again.code, again.json()["result"]) == (0, "up-to-date")
    # The HEAD refused, then the same question as a GET: a 304, no body.
    assert [(r.method, r.status) for r in served.requests] == [("HEAD", 405), ("GET", 304)]
