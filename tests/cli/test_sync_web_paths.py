"""`sci-reader sync URL` when the signed manifest lists paths that cannot be, or
must not be, written into the cache: `..`, absolute, backslashes, NUL, names
longer than a file system takes. Exit 3 naming the file, nothing written
outside the data folder's cache, the library unchanged; a real server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json

import pytest

from reader.core.bundle.signature import public_key_text
from tests.bundles import article_text, bundle_spec
from tests.web_publish import publish
from tests.web_server import WebServer

V1 = bundle_spec({f"a-{i}": article_text(f"Article {i}") for i in range(3)}, version=1)


@pytest.fixture
def config(tmp_path, key) -> str:
    path = tmp_path / "clinic.toml"
    path.write_text(f'trusted_keys = ["{public_key_text(key.public)}"]\n', "utf-8")
    return str(path)


@pytest.fixture
def served(tmp_path, key):
    (tmp_path / "site").mkdir()
    publish(V1, tmp_path / "site", key, gz=False)
    with WebServer(tmp_path / "site") as server:
        yield server


def _list_too(served, key, path: str) -> None:
    """Sign a manifest that also lists article `a-9` at `path`, served with good bytes."""
    body = (served.root / "articles" / "a-0.md").read_bytes()
    manifest = json.loads((served.root / "manifest.json").read_bytes())
    manifest["articles"].append({
        "id": "a-9", "path": path, "sha256": hashlib.sha256(body).hexdigest(),
        "size": len(body), "added": "2026-01-01",
    })  # fmt: skip
    raw = json.dumps(manifest).encode()
    (served.root / "manifest.json").write_bytes(raw)
    (served.root / "manifest.sig").write_bytes(key.sign(raw))
    served.behaviour.body["/" + path] = body


@pytest.mark.parametrize(
    "name",
    ["b" * 300 + ".md", "b" * 300 + "/a-9.md"],
    ids=["file-name", "folder-name"],
)
def test_a_listed_name_too_long_to_store_is_a_rejected_bundle(cli, served, key, config, name):
    # failed before: exit 5, "…/cache/web/…/articles/bbb….md.part: the download cannot be
    # written (File name too long)" for the file; exit 1 and a traceback for the folder
    path = "articles/" + name
    _list_too(served, key, path)

    result = cli("--config", config, "sync", served.url)

    assert (result.code, result.err) == (3, (
        f"sci-reader: {path}: has a name too long to be stored on this computer; nothing was "
        "changed\n"
    ))  # fmt: skip
    status = cli("status", "--json").json()
    assert (status["library_version"], status["last_check"]["result"]) == (None, "rejected")


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("articles/../../../escaped.md", "contains a '..' segment"),
        ("/escaped.md", "is absolute (starts with /)"),
        ("articles\\..\\..\\escaped.md", "contains a backslash"),
        ("articles/escaped\x00.md", "contains a control character"),
    ],
    ids=["dot-dot", "absolute", "backslash", "nul"],
)
def test_a_listed_path_out_of_the_bundle_writes_nothing_anywhere(cli, served, key, config,
                                                                 tmp_path, path, rule):  # fmt: skip
    _list_too(served, key, path)

    result = cli("--config", config, "sync", served.url)

    assert result.code == 3
    assert result.err.startswith("sci-reader: manifest.json: articles[3]: path ")
    assert result.err.endswith(f" {rule}\n")
    assert not list(tmp_path.rglob("escaped*"))
    assert not [p for p in served.paths() if "escaped" in p]  # never even asked for
