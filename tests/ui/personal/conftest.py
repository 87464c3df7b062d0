"""The personal-data tests run over four articles of the shipped library.

Only which library: the fixtures themselves are tests/ui/conftest.py's.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(make_shipped_data_dir) -> Path:
    return make_shipped_data_dir("data")


@pytest.fixture
def window(make_window, data_dir):
    return make_window(data_dir)
