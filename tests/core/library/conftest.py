"""Fixtures of the web-update tests: a served folder, a test key, quick network settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.bundle.signature import Trust
from reader.core.library import sound_stamp
from reader.core.library.web_fetch import NetworkSettings
from tests.bundles import article_text, bundle_spec
from tests.web_publish import TestKey
from tests.web_server import WebServer

# Retries without waiting: the tests' server answers at once or never.
QUICK = NetworkSettings(connect_timeout=2.0, read_timeout=2.0, attempts=3, backoff=0.01, budget=5)


@pytest.fixture
def key() -> TestKey:
    return TestKey.make()


@pytest.fixture
def trust(key: TestKey) -> Trust:
    return Trust((key.public,), required=True)


@pytest.fixture
def served(tmp_path: Path):
    (tmp_path / "site").mkdir()
    with WebServer(tmp_path / "site") as server:
        yield server


def articles(count: int, changed: dict[str, str] | None = None) -> dict[str, str]:
    """`count` small articles a-0 ... with the texts `changed` gives for some of them."""
    texts = {f"a-{i}": article_text(f"Article {i}", simple=f"Words {i}.") for i in range(count)}
    texts.update(changed or {})
    return texts


def spec_of(version: int, count: int = 5, changed: dict[str, str] | None = None):
    return bundle_spec(articles(count, changed), version=version)


@pytest.fixture
def stamps_for_any_size(monkeypatch):
    """The test libraries are far under sound_stamp.STAMP_FROM_BYTES: with this they
    get a stamp, as a library of 300 articles or more does."""
    monkeypatch.setattr(sound_stamp, "STAMP_FROM_BYTES", 0)
