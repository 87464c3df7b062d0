"""Shared fixtures: a data dir, a bundle factory, the CLI run in-process."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.cli import main
from tests.bundles import (
    INSTALLED_ARTICLES,
    BundleSpec,
    bundle_spec,
    library_snapshot,
)
from tests.mounts import mounts


@pytest.fixture(autouse=True, scope="session")
def _ctrl_c_as_in_a_terminal():
    """Ctrl-C as a person at a terminal gets it, however pytest was started.

    A shell starts a background job (`pytest &`) with SIGINT ignored, and
    Python then keeps it ignored (its children too): the Ctrl-C tests
    (test_cli_import_interrupt.py, test_sync_interrupt.py) would see nothing
    interrupted and fail. Python's own handler is what a terminal run has.
    """
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(autouse=True)
def _no_ambient_data_dir(monkeypatch, tmp_path_factory):
    """A test never reads or writes the real user's data folder by accident,
    nor the machine's clinic configuration (platformdirs finds the site
    configuration folder on Linux through XDG_CONFIG_DIRS; children inherit it)."""
    monkeypatch.delenv("SCI_READER_DATA_DIR", raising=False)
    monkeypatch.delenv("SCI_READER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path_factory.getbasetemp() / "no-site-config"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder that does not exist yet (the app creates it on first sync)."""
    return tmp_path / "data"


@pytest.fixture
def make_bundle(tmp_path: Path):
    """Write a bundle and return its path.

    make_bundle()                          the default valid bundle, as a directory
    make_bundle({"id": text}, version=2)   these articles (`bundle_spec` keywords)
    make_bundle(spec, kind="zip")          a BundleSpec the test built or corrupted
    make_bundle(edit=fn)                   fn(spec) corrupts the default spec first
    """
    counter = itertools.count()

    def make(
        articles: dict | BundleSpec | None = None,
        *,
        kind: str = "dir",
        edit=None,
        name: str | None = None,
        **spec_kwargs,
    ) -> Path:
        spec = articles if isinstance(articles, BundleSpec) else None
        if spec is None:
            spec = bundle_spec(articles, **spec_kwargs)
        if edit is not None:
            edit(spec)
        if name is None:
            name = f"bundle-{next(counter)}" + (".zip" if kind == "zip" else "")
        return spec.write(tmp_path / "bundles" / name, kind)

    return make


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def run_cli(capsys):
    """Run `sci-reader ARGS` in-process, exactly as given; returns code, out, err."""

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --version, --help, bad command line
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli(run_cli, data_dir):
    """Run `sci-reader --data-dir DATA_DIR ARGS` in-process."""

    def run(*args: object) -> CliResult:
        return run_cli("--data-dir", data_dir, *args)

    return run


@pytest.fixture(scope="session")
def _installed_template(tmp_path_factory) -> Path:
    """INSTALLED_ARTICLES synced once as version 1; tests get a copy of its files."""
    from reader.core.library.sync import sync

    root = tmp_path_factory.mktemp("installed")
    source = bundle_spec(INSTALLED_ARTICLES, version=1).write(root / "bundle", "dir")
    result = sync(root / "data", source)
    assert (result.result, result.added) == ("updated", len(INSTALLED_ARTICLES))
    # A copy is another file (its inode): the sync's sound stamp would not match it.
    (root / "data" / "sound-stamp.json").unlink(missing_ok=True)
    return root / "data"


@pytest.fixture
def installed(data_dir: Path, _installed_template: Path) -> dict:
    """A data dir holding INSTALLED_ARTICLES as version 1; returns its snapshot."""
    shutil.copytree(_installed_template, data_dir)
    assert sorted(p.name for p in data_dir.iterdir()) == ["library.sqlite3"]
    return library_snapshot(data_dir)


@pytest.fixture
def read_only_view(tmp_path: Path):
    """read_only_view(folder): a read-only bind mount of it (tests/mounts.py); skips if
    mounting is not allowed here."""
    with mounts(tmp_path) as made:
        yield made.read_only_view


@pytest.fixture
def read_only_in_place(tmp_path: Path):
    """read_only_in_place(folder): the folder itself made read-only, mounted over
    itself (tests/mounts.py); skips if mounting is not allowed here."""
    with mounts(tmp_path) as made:
        yield made.read_only_in_place


@pytest.fixture
def full_disk(tmp_path: Path):
    """full_disk(folder=None): a copy of `folder` (or an empty data folder) on a filled
    tmpfs (tests/mounts.py); skips if mounting is not allowed here."""
    with mounts(tmp_path) as made:
        yield made.full_disk
