"""A signed bundle folder on a real HTTP server on 127.0.0.1, for the window's web tests.

`signed_site` serves the test library's version 2 (tests/ui/conftest.py),
signed with a publisher key made for the test, and records each request
line, so that a test can say what the window asked the server for.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tests.bundles.signing import PublisherKey


class _Quiet(SimpleHTTPRequestHandler):
    log: ClassVar[list[str]] = []  # each server gets a subclass with a list of its own

    def log_message(self, *args) -> None:  # no stderr noise; record the request line
        self.log.append(self.requestline)


@dataclass(frozen=True)
class Site:
    url: str  # the bundle folder's address, ending in /
    key: PublisherKey  # what signed it: trust key.public_text
    requests: list[str]  # "GET /library/manifest.json HTTP/1.1", ...


@pytest.fixture
def signed_site(tmp_path, ui_bundles):
    """The version 2 bundle folder, signed, served at http://127.0.0.1:PORT/library/."""
    root = tmp_path / "site"
    folder = shutil.copytree(ui_bundles.v2_dir, root / "library")
    key = PublisherKey.new()
    (folder / "manifest.sig").write_bytes(key.signature((folder / "manifest.json").read_bytes()))
    handler = type("Handler", (_Quiet,), {"log": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{httpd.server_address[1]}/library/", key, handler.log)
    httpd.shutdown()
    httpd.server_close()
    thread.join()
