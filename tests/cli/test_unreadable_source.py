"""A bundle folder that cannot be read is an unreadable source (exit 2), like a ZIP file.

Tests run as root, which reads every file whatever its mode, so the command
runs as the unprivileged user `nobody` (setpriv) on a folder under /tmp
that user may pass through. Without root and setpriv the test runs as the
current user, who is refused by the modes alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import reader
from tests.bundles import bundle_spec

NOBODY = 65534
SOURCE_ROOT = str(Path(reader.__file__).resolve().parent.parent)


def _as_unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: every file is readable")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder everyone may pass through (pytest's own is root's alone)."""
    root = Path(tempfile.mkdtemp(prefix="sci-reader-unreadable-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for folder, _dirs, _files in os.walk(root):
            os.chmod(folder, 0o755)  # so that rmtree may go in
        shutil.rmtree(root)


def _run(shared: Path, *args: str | Path) -> subprocess.CompletedProcess:
    data_dir = shared / "data"
    argv = [*_as_unprivileged(), sys.executable, "-m", "reader", "--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONPATH": SOURCE_ROOT, "PYTHONDONTWRITEBYTECODE": "1",
           "XDG_CONFIG_DIRS": str(shared / "no-site-config")}  # fmt: skip
    return subprocess.run(
        [*argv, *map(str, args)], capture_output=True, text=True, env=env, timeout=60, cwd=shared
    )


def _writable_by_all(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o777)


@pytest.mark.parametrize("what", ["folder", "manifest"])
def test_an_unreadable_bundle_folder_exits_2_and_changes_nothing(shared, what):
    source = bundle_spec(version=1).write(shared / "bundle", "dir")
    for folder, _dirs, files in os.walk(source):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(Path(folder) / name, 0o644)
    _writable_by_all(shared / "data")
    unreadable = source if what == "folder" else source / "manifest.json"
    unreadable.chmod(0o700 if what == "folder" else 0o600)

    for command in ("sync", "bundle"):
        args = ("sync", source) if command == "sync" else ("bundle", "check", source)
        result = _run(shared, *args)
        assert result.returncode == 2, result
        assert result.stderr == f"sci-reader: {unreadable}: cannot be read (Permission denied)\n"
    assert list((shared / "data").iterdir()) == []
