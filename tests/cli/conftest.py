"""Fixtures the web sync tests of the command line share: a publisher's key, and a
clinic configuration that trusts it."""

from __future__ import annotations

import pytest

from reader.core.bundle.signature import public_key_text
from tests.web_publish import TestKey


@pytest.fixture
def key() -> TestKey:
    return TestKey.make()


@pytest.fixture
def config(tmp_path, key):
    """A clinic configuration trusting the test key, with `extra` lines (a proxy);
    its path. (test_sync_web.py, test_sync_web_paths.py and test_sync_web_tls.py
    have their own.)"""

    def write(extra: str = "") -> str:
        path = tmp_path / "clinic.toml"
        path.write_text(f'trusted_keys = ["{public_key_text(key.public)}"]\n{extra}', "utf-8")
        return str(path)

    return write
