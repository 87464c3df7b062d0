"""The clinic commands: config path and check, kiosk set-pin, --config, the configured source."""

from __future__ import annotations

import getpass
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.config import default_config_path
from reader.core.kiosk_pin import verify_pin
from reader.core.logfile import log_path
from tests.bundles import INSTALLED_ARTICLES, article_text, library_snapshot
from tests.processes import cli_command, cli_env


def write_config(tmp_path: Path, text: str, name: str = "clinic.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- config path --------------------------------------------------------------


def test_config_path_names_the_default_file_and_says_it_is_absent(cli):
    result = cli("config", "path")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == str(default_config_path())
    assert lines[1] == "It does not exist (the default location): the built-in settings are used."
    shown = cli("config", "path", "--json").json()
    assert shown == {"path": str(default_config_path()), "exists": False, "chosen_by": "default"}


def test_the_variable_names_the_file_and_the_option_wins(cli, tmp_path, monkeypatch):
    by_env = write_config(tmp_path, "kiosk = true\n", "env.toml")
    monkeypatch.setenv("SCI_READER_CONFIG", str(by_env))
    shown = cli("config", "path", "--json").json()
    assert shown == {"path": str(by_env), "exists": True, "chosen_by": "environment"}
    by_option = tmp_path / "option.toml"
    shown = cli("--config", by_option, "config", "path", "--json").json()
    assert shown == {"path": str(by_option), "exists": False, "chosen_by": "option"}
    text = cli("config", "path", "--config", by_option)  # after the command too
    assert "It does not exist (named by --config)" in text.out


def test_config_path_and_check_as_a_real_process(tmp_path):
    good = write_config(tmp_path, 'kiosk = true\ntheme = "dark"\n')
    env = cli_env() | {"SCI_READER_CONFIG": str(good)}
    path = subprocess.run(
        cli_command(tmp_path / "data", "config", "path"), env=env, capture_output=True, text=True
    )
    assert path.returncode == 0
    assert path.stdout.splitlines()[0] == str(good)
    assert "It exists (named by SCI_READER_CONFIG)." in path.stdout
    bad = write_config(tmp_path, 'kiosk = true\ntheme = "blue"\nwhat = 1\n', "bad.toml")
    check = subprocess.run(
        cli_command(tmp_path / "data", "config", "check", str(bad)),
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 2
    assert check.stdout == ""
    assert check.stderr.splitlines() == [
        f'sci-reader: {bad}: theme: \'blue\' is not one of "light", "dark", "high-contrast"',
        f"sci-reader: {bad}: what: unknown key (known keys: kiosk, idle_timeout_seconds, "
        "idle_prompt_seconds, text_size, theme, allow_print, update_source, update_check, "
        "require_signatures, trusted_keys, admin_pin_hash, proxy)",
    ]
    assert "Traceback" not in check.stderr


# --- config check ------------------------------------------------------------------


def test_config_check_of_a_valid_file_lists_the_settings_in_effect(cli, tmp_path):
    path = write_config(tmp_path, "kiosk = true\ntext_size = 200\n")
    result = cli("config", "check", path)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{path}: no problems. The settings in effect:"
    assert "  kiosk = true" in lines
    assert "  text_size = 200" in lines
    assert "  idle_prompt_seconds = 30" in lines
    assert "  # theme: not set (the reader's own theme)" in lines


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("kiosk = true\nkiosk_mode = true\n", "kiosk_mode: unknown key"),
        ('text_size = "big"\n', "text_size: must be a whole number, not text"),
        ("idle_prompt_seconds = 10\n", "idle_prompt_seconds: 10 is under 20; 20 is used"),
        ("kiosk = true\n[broken\n", "is not valid TOML"),
    ],
)
def test_config_check_of_a_broken_file_exits_2_naming_file_and_key(cli, tmp_path, text, words):
    path = write_config(tmp_path, text)
    result = cli("config", "check", path)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"sci-reader: {path}: ")
    assert words in result.err


def test_config_check_of_a_missing_file_exits_2(cli, tmp_path):
    result = cli("config", "check", tmp_path / "absent.toml")
    assert result.code == 2
    assert result.err == f"sci-reader: {tmp_path / 'absent.toml'}: no such configuration file\n"


def test_config_check_without_a_file_checks_the_one_used(cli, tmp_path, monkeypatch):
    result = cli("config", "check")
    assert result.code == 0
    assert "no configuration file here; the built-in settings are used" in result.out
    monkeypatch.setenv("SCI_READER_CONFIG", str(write_config(tmp_path, "theme = 5\n")))
    assert cli("config", "check").code == 2
    assert cli("--config", tmp_path / "absent.toml", "config", "check").code == 2


def test_config_check_of_the_default_file_with_a_problem_exits_2(cli, tmp_path, monkeypatch):
    site = tmp_path / "xdg"
    (site / "sci-reader").mkdir(parents=True)
    (site / "sci-reader" / "sci-reader.toml").write_text("theme = 5\n")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(site))
    result = cli("config", "check")
    assert result.code == 2
    assert "theme: must be one of" in result.err


# --- kiosk set-pin ----------------------------------------------------------------


def set_pin(tmp_path: Path, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        cli_command(tmp_path / "data", "kiosk", "set-pin"),
        input=stdin,
        env=cli_env(),
        capture_output=True,
    )


def test_set_pin_from_standard_input_prints_a_hash_that_verifies(tmp_path):
    done = set_pin(tmp_path, b"2468\n")
    assert done.returncode == 0, done.stderr
    line = done.stdout.decode().strip()
    assert line.startswith('admin_pin_hash = "scrypt$') and line.endswith('"')
    pin_hash = line.split('"')[1]
    assert verify_pin("2468", pin_hash)
    assert not verify_pin("2469", pin_hash)
    config = write_config(tmp_path, f"kiosk = true\n{line}\n")
    check = subprocess.run(
        cli_command(tmp_path / "data", "config", "check", str(config)),
        env=cli_env(),
        capture_output=True,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        (b"", "the PIN is empty"),
        (b"\n", "the PIN is empty"),
        (b"246\n", "at least 4 digits or characters"),
        (b"24\xff68\n", "not UTF-8"),
        (b"1" * 5000, "too long"),
    ],
)
def test_set_pin_refuses_a_pin_that_cannot_be_one(tmp_path, stdin, words):
    done = set_pin(tmp_path, stdin)
    assert done.returncode == 2
    assert done.stdout == b""
    assert words in done.stderr.decode()
    assert b"Traceback" not in done.stderr


class FakeTerminal:
    def isatty(self) -> bool:
        return True


def test_set_pin_at_a_terminal_asks_twice(run_cli, monkeypatch):
    typed = iter(["1357", "1357"])
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))
    result = run_cli("kiosk", "set-pin")
    assert result.code == 0
    assert verify_pin("1357", result.out.strip().split('"')[1])
    assert "Put this line in the clinic configuration file:" in result.err


def test_set_pin_at_a_terminal_refuses_two_different_pins(run_cli, monkeypatch):
    typed = iter(["1357", "1358"])
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))
    result = run_cli("kiosk", "set-pin")
    assert result.code == 2
    assert result.out == ""
    assert "the two PINs are not the same" in result.err


# --- sync from the configured source, and status's last_check --------------------


def newer_bundle(make_bundle, **kwargs) -> Path:
    articles = dict(INSTALLED_ARTICLES)
    articles["new-study"] = article_text("A new study", "general", "Something new.")
    return make_bundle(articles, version=2, **kwargs)


def test_sync_without_source_uses_the_configured_source_and_records_it(
    cli, tmp_path, installed, make_bundle
):
    assert cli("status", "--json").json()["last_check"] is None
    source = newer_bundle(make_bundle, kind="zip")
    config = write_config(tmp_path, f"update_source = {json.dumps(str(source))}\n")
    result = cli("--config", config, "sync", "--json")
    assert result.code == 0, result.err
    assert result.json()["version"] == 2 and result.json()["added"] == 1
    status = cli("status", "--json").json()
    assert status["library_version"] == 2
    assert set(status["last_check"]) == {"at", "source", "result"}
    assert status["last_check"]["source"] == str(source)
    assert status["last_check"]["result"] == "updated"
    text = cli("--config", config, "sync")
    assert text.out.splitlines() == [
        f"Updating from the configured source: {source}",
        "Already up to date (version 2).",
    ]
    assert cli("status", "--json").json()["last_check"]["result"] == "up-to-date"
    assert f"{source}: up-to-date" in cli("status").out


def test_a_rejected_configured_source_is_recorded_and_changes_nothing(
    cli, tmp_path, installed, make_bundle, monkeypatch, data_dir
):
    bad = newer_bundle(make_bundle, edit=lambda s: s.set_file("new-study", "x", rehash=False))
    monkeypatch.setenv(
        "SCI_READER_CONFIG",
        str(write_config(tmp_path, f"update_source = {json.dumps(str(bad))}\n")),
    )
    result = cli("sync")
    assert result.code == 3
    status = cli("status", "--json").json()
    assert status["library_version"] == 1
    assert status["last_check"]["result"] == "rejected"
    assert library_snapshot(data_dir) == installed


def test_an_absent_configured_source_is_offline(cli, tmp_path, installed):
    config = write_config(tmp_path, f'update_source = "{tmp_path}/usb/absent.zip"\n')
    result = cli("--config", config, "sync")
    assert result.code == 2
    assert result.err == f"sci-reader: {tmp_path}/usb/absent.zip: no such file or folder\n"
    assert cli("status", "--json").json()["last_check"]["result"] == "offline"


def test_an_explicit_source_is_not_recorded(cli, tmp_path, installed, make_bundle):
    config = write_config(tmp_path, f'update_source = "{tmp_path}/usb/absent.zip"\n')
    assert cli("--config", config, "sync", newer_bundle(make_bundle)).code == 0
    assert cli("status", "--json").json()["last_check"] is None


def test_sync_refuses_a_named_configuration_that_is_missing_or_broken(cli, tmp_path, data_dir):
    assert cli("--config", tmp_path / "absent.toml", "sync").code == 2
    broken = write_config(tmp_path, "update_source = 5\n")
    result = cli("--config", broken, "sync")
    assert result.code == 2
    assert "update_source: must be text" in result.err
    assert not (data_dir / "library.sqlite3").exists()


@pytest.mark.parametrize(
    "command",
    [("status",), ("list",), ("categories",), ("search", "walking"), ("show", "any-id"),
     ("userdata", "export", "{tmp}/out.json"), ("bundle", "keygen", "{tmp}/new.key"),
     ("kiosk", "set-pin")],
    ids=lambda command: " ".join(command[:2]),
)  # fmt: skip
def test_every_command_refuses_a_named_configuration_that_is_missing_or_broken(
    cli, tmp_path, monkeypatch, command
):
    """CLI.md: a named file that is missing or invalid exits 2, for the global option."""
    args = [part.format(tmp=tmp_path) for part in command]
    absent = tmp_path / "absent.toml"
    result = cli("--config", absent, *args)
    assert (result.code, result.err) == (2, f"sci-reader: {absent}: no such configuration file\n")
    broken = write_config(tmp_path, "kiosk = true\nwhat = 1\n")
    monkeypatch.setenv("SCI_READER_CONFIG", str(broken))
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith(f"sci-reader: {broken}: what: unknown key")
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "new.key").exists()


def test_commands_that_do_not_use_it_never_read_the_default_file(cli, tmp_path, monkeypatch):
    site = tmp_path / "xdg"
    (site / "sci-reader").mkdir(parents=True)
    (site / "sci-reader" / "sci-reader.toml").write_text("what = 1\n")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(site))
    assert cli("config", "check").code == 2  # the default file is the one with the problem
    result = cli("status", "--json")
    assert (result.code, result.err) == (0, "")


def test_an_empty_config_option_is_refused_not_ignored(cli, tmp_path, monkeypatch):
    """`--config "$UNSET"` must not fall back to the variable or the default file."""
    monkeypatch.setenv("SCI_READER_CONFIG", str(write_config(tmp_path, "kiosk = true\n")))
    for args in (("--config", "", "sync"), ("config", "path", "--config="),
                 ("--config", "", "config", "check")):  # fmt: skip
        result = cli(*args)
        assert result.code == 2, result
        assert result.err == "sci-reader: --config: is empty; give a file, or leave it out\n"


def test_sync_goes_on_after_warning_about_the_default_file(cli, tmp_path, monkeypatch):
    site = tmp_path / "xdg"
    (site / "sci-reader").mkdir(parents=True)
    (site / "sci-reader" / "sci-reader.toml").write_text("kiosk = true\ncolour = 3\n")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(site))
    result = cli("sync", "--json")
    assert result.code == 0
    assert result.err.startswith("sci-reader: warning: ") and "colour: unknown key" in result.err
    assert result.json()["result"] == "updated"  # the embedded library


# --- opening the window -------------------------------------------------------------


@pytest.fixture
def window_calls(monkeypatch):
    """reader.ui.app.run replaced: what the command line would open the window with."""
    import reader.ui.app

    calls = []

    def run(data_dir, *, clinic=None, kiosk=False):
        calls.append((data_dir, clinic, kiosk))
        return 0

    monkeypatch.setattr(reader.ui.app, "run", run)
    monkeypatch.setattr(reader.ui.app, "startup_problem", lambda: None)
    return calls


def test_the_window_gets_the_configuration_and_the_kiosk_option(
    cli, tmp_path, window_calls, data_dir
):
    config = write_config(tmp_path, "kiosk = false\nidle_timeout_seconds = 60\n")
    assert cli("--config", config, "--kiosk").code == 0
    [(opened_dir, clinic, kiosk)] = window_calls
    assert opened_dir == data_dir
    assert clinic.path == config and clinic.problems == ()
    assert clinic.config.idle_timeout_seconds == 60
    assert kiosk is True
    lines = log_path(data_dir).read_text().splitlines()
    assert lines[-1].endswith(f"starting the window; configuration {config} (found); kiosk mode on")


def test_a_named_configuration_with_problems_keeps_the_window_shut(
    cli, tmp_path, window_calls, data_dir
):
    config = write_config(tmp_path, "kiosk = true\ntheme = 5\n")
    result = cli("--config", config)
    assert result.code == 2
    assert window_calls == []
    assert "theme: must be one of" in result.err
    log = log_path(data_dir).read_text()
    assert f"WARNING configuration: {config}: theme: must be one of" in log
    assert "ERROR the window did not open" in log


@pytest.mark.parametrize("text", ["kiosk = true\n[oops\n", "theme = = 1\n", None])
def test_a_named_configuration_that_cannot_be_read_does_not_claim_a_fallback(
    cli, run_cli, tmp_path, window_calls, data_dir, text
):
    config = tmp_path / "clinic.toml"
    if text is None:
        config.mkdir()  # a folder where the file should be
    else:
        config.write_text(text, encoding="utf-8")
    for result in (cli("--config", config), run_cli("config", "check", config)):
        assert result.code == 2 and window_calls == []
        # failed before: "...; the built-in settings are used" (or "kiosk mode stays
        # on as the file asks") from a command that then did not start at all
        assert "used" not in result.err and "stays on" not in result.err, result.err
        assert result.err.startswith(f"sci-reader: {config}: "), result.err
    assert "used" not in log_path(data_dir).read_text()


def test_problems_of_the_default_file_go_to_stderr_and_the_log_and_the_window_opens(
    cli, tmp_path, window_calls, data_dir, monkeypatch
):
    site = tmp_path / "xdg"
    (site / "sci-reader").mkdir(parents=True)
    (site / "sci-reader" / "sci-reader.toml").write_text("kiosk = true\n[oops\n")
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(site))
    result = cli()
    assert result.code == 0
    [(_dir, clinic, kiosk)] = window_calls
    assert clinic.config.kiosk is True and kiosk is False  # the file's kiosk, kept on
    assert "not valid TOML" in result.err and "kiosk mode stays on" in result.err
    assert "not valid TOML" in log_path(data_dir).read_text()


def test_kiosk_is_an_option_of_the_window_not_of_a_command(cli):
    assert cli("status", "--kiosk").code == 2


def test_a_broken_named_configuration_keeps_the_real_window_shut(tmp_path):
    config = write_config(tmp_path, "kiosk = true\nidle_prompt_seconds = 5\n")
    env = cli_env() | {"QT_QPA_PLATFORM": "offscreen", "SCI_READER_CONFIG": str(config)}
    done = subprocess.run(
        cli_command(tmp_path / "data", "--kiosk"), env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == f"sci-reader: {config}: idle_prompt_seconds: 5 is under 20; 20 is used\n"
    assert "under 20" in log_path(tmp_path / "data").read_text(encoding="utf-8")


def test_an_offline_source_is_said_once_by_a_real_process(tmp_path):
    """The log's lines stay out of stderr when no log file is open (the command line)."""
    source = tmp_path / "usb" / "absent.zip"
    config = write_config(tmp_path, f"update_source = {json.dumps(str(source))}\n")
    env = cli_env() | {"SCI_READER_CONFIG": str(config)}
    done = subprocess.run(
        cli_command(tmp_path / "data", "sync"), env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == f"sci-reader: {source}: no such file or folder\n"
    assert json.loads((tmp_path / "data" / "last-check.json").read_text())["result"] == "offline"
