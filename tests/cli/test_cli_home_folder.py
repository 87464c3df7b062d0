"""`~user` (or `~` with no home) where the command line, a variable or the
configuration names a folder or file, and a relative name in a working folder
that was deleted: one plain line and exit 2.

Python's `expanduser` raises RuntimeError for a user this machine does not
have (a typing mistake, a script or a clinic file from another machine), and
for `~` in a service with no HOME and no account entry: a traceback, exit 1.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from reader.core.paths import CONFIG_ENV, DATA_DIR_ENV, LIBRARY_FILE
from tests.processes import cli_command, cli_env

NOBODY = "~no-such-user-of-sci-reader"
UNKNOWN = f"the home folder '{NOBODY}' stands for is unknown here (no such user, or no HOME); " \
    "write the whole path"  # fmt: skip


def _one_line(result, named: str) -> None:
    assert result.code == 2, result.err
    assert result.err == f"sci-reader: {named}: {UNKNOWN}\n"


def test_a_data_dir_under_an_unknown_home(run_cli):
    # failed before: "RuntimeError: Could not determine home directory."
    _one_line(run_cli("--data-dir", f"{NOBODY}/data", "status"), f"{NOBODY}/data")


def test_the_data_dir_variable_under_an_unknown_home(run_cli, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, NOBODY)
    _one_line(run_cli("status"), NOBODY)


@pytest.mark.parametrize("by", ["option", "variable"])
def test_a_configuration_file_under_an_unknown_home(cli, monkeypatch, by):
    named = f"{NOBODY}/clinic.toml"
    if by == "variable":
        monkeypatch.setenv(CONFIG_ENV, named)
        _one_line(cli("status"), named)
    else:
        _one_line(cli("--config", named, "status"), named)
    _one_line(cli("config", "check", named), named)


def test_an_update_source_under_an_unknown_home_is_a_problem_of_the_file(cli, data_dir, tmp_path):
    config = tmp_path / "clinic.toml"
    config.write_text(f'update_source = "{NOBODY}/library.zip"\n', encoding="utf-8")

    checked = cli("config", "check", config)
    synced = cli("--config", config, "sync")

    for result in (checked, synced):
        assert result.code == 2, result.err
        assert (
            result.err == f"sci-reader: {config}: update_source: {NOBODY}/library.zip: {UNKNOWN}\n"
        )
    assert not (data_dir / LIBRARY_FILE).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="a working folder cannot be deleted there")
@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--data-dir", "data", "status"), "sci-reader: data: is relative to the current folder, "
         "which no longer exists (deleted, or its drive removed); go to another folder, or give "
         "the whole path\n"),
        (("userdata", "export", "notes.json"),
         "sci-reader: notes.json: cannot be written (No such file or directory)\n"),
    ],
    ids=["relative data folder", "relative export"],
)  # fmt: skip
def test_a_relative_name_in_a_deleted_working_folder(data_dir, tmp_path, args, said):
    gone = tmp_path / "usb-stick"
    gone.mkdir()

    # failed before: "FileNotFoundError" from getcwd, a traceback, exit 1
    done = subprocess.run(cli_command(data_dir, *args), env=cli_env(), cwd=gone,
                          preexec_fn=lambda: os.rmdir(gone), capture_output=True, text=True,
                          timeout=60)  # fmt: skip

    assert (done.returncode, done.stderr) == (2, said)
