"""The app's identity, said once (reader.core.identity) and used everywhere the same way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import reader
from reader.core import identity, paths

REPO = Path(__file__).resolve().parents[2]


def test_version_has_one_source():
    assert reader.__version__ == identity.VERSION
    assert identity.version_line() == f"sci-reader {reader.__version__}"


def test_the_version_command_prints_the_identity(run_cli):
    result = run_cli("--version")
    assert (result.code, result.out.strip()) == (0, identity.version_line())


def test_the_data_folder_keeps_its_old_name(monkeypatch, tmp_path):
    """Data folders made before identity.py existed are still found."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert identity.DATA_NAME == "sci-reader"
    if sys.platform.startswith("linux"):
        assert paths.resolve_data_dir() == tmp_path / "sci-reader"


def test_the_app_id_is_reverse_dns_and_names_the_desktop_file():
    parts = identity.APP_ID.split(".")
    assert len(parts) >= 3 and all(p.isidentifier() for p in parts)
    assert ".".join(reversed(parts[:2])) == identity.ORGANISATION_DOMAIN


def test_no_module_spells_the_display_name_itself():
    """Every name shown to people comes from identity.py (a rename touches one file)."""
    spelled = subprocess.run(
        ["grep", "-rln", "--include=*.py", identity.DISPLAY_NAME, str(REPO / "reader")],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    allowed = {REPO / "reader" / "core" / "identity.py", REPO / "reader" / "__init__.py"}
    assert {Path(p) for p in spelled} - allowed == set()
