"""A signed bundle folder on a real HTTP server on 127.0.0.1, for the window's web tests.

`signed_site` serves the test library's version 2 (tests/ui/conftest.py),
signed with a publisher key made for the test, from the web tests' own
server (tests/web_server.py: ETag and 304, ranges, every request recorded),
so that a test can say what the window asked the server for.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest

from tests.bundles.signing import PublisherKey
from tests.web_server import WebServer


@dataclass(frozen=True)
class Site:
    url: str  # the bundle folder's address, ending in /
    key: PublisherKey  # what signed it: trust key.public_text
    server: WebServer

    def paths(self) -> list[str]:
        """The paths asked for with GET, in order."""
        return self.server.paths()


@pytest.fixture
def signed_site(tmp_path, ui_bundles):
    """The version 2 bundle folder, signed, served at http://127.0.0.1:PORT/library/."""
    root = tmp_path / "site"
    folder = shutil.copytree(ui_bundles.v2_dir, root / "library")
    key = PublisherKey.new()
    (folder / "manifest.sig").write_bytes(key.signature((folder / "manifest.json").read_bytes()))
    with WebServer(root) as server:
        yield Site(f"{server.url}library/", key, server)
