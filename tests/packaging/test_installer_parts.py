"""The parts of build_installer.py that need no PyInstaller run: templates, the
reproducible tarball, and install.sh installing and uninstalling a package."""

from __future__ import annotations

import gzip
import importlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from reader.core import identity

REPO = Path(__file__).resolve().parents[2]
EPOCH = 1_700_000_000


@pytest.fixture
def installer(monkeypatch):
    """The packaging/installer package, as build_installer.py imports it."""
    monkeypatch.syspath_prepend(str(REPO / "packaging"))
    names = ["installer.templates", "installer.linux", "installer.reproducible"]
    return {name.split(".")[1]: importlib.import_module(name) for name in names}


@pytest.mark.parametrize(
    "template",
    [
        "resources/linux/app.desktop.in",
        "resources/linux/metainfo.xml.in",
        "packaging/linux/install.sh.in",
        "packaging/windows/sci-reader.iss.in",
    ],
)
def test_templates_take_every_name_from_the_identity(installer, template):
    values = installer["templates"].identity_values(EPOCH)
    extra = dict.fromkeys(
        ["EXEC", "SETUP_NAME", "OUTPUT_DIR", "APP_DIR", "ICON", "TOUCH_DATE", "TOUCH_TIME"], "x"
    )
    text = installer["templates"].fill(REPO / template, {**values, **extra})
    assert not re.search(r"@[A-Z_]+@", text)
    assert identity.APP_ID in text or identity.DISPLAY_NAME in text


def test_the_metainfo_is_valid_appstream(installer, tmp_path):
    if shutil.which("appstreamcli") is None:
        pytest.skip("appstreamcli is not installed")
    values = installer["templates"].identity_values(EPOCH)
    path = tmp_path / f"{identity.APP_ID}.metainfo.xml"
    path.write_text(installer["templates"].fill(REPO / "resources/linux/metainfo.xml.in", values))
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'<release version="{identity.VERSION}" date="2023-11-14"/>' in path.read_text()


def _tree(root: Path) -> Path:
    (root / "pkg" / "sub").mkdir(parents=True)
    (root / "pkg" / "b.txt").write_text("b")
    (root / "pkg" / "sub" / "a.txt").write_text("a")
    tool = root / "pkg" / "run"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o700)
    os.symlink("run", root / "pkg" / "link")
    return root / "pkg"


def test_the_tarball_is_reproducible(installer, tmp_path):
    folder = _tree(tmp_path / "src")
    first = installer["reproducible"].write_tarball(folder, tmp_path / "one.tar.gz", EPOCH)
    for path in folder.rglob("*"):  # a later checkout: new times, different umask
        if not path.is_symlink():
            os.utime(path, (EPOCH + 999_999, EPOCH + 999_999))
    (folder / "b.txt").chmod(0o600)
    second = installer["reproducible"].write_tarball(folder, tmp_path / "two.tar.gz", EPOCH)

    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[4:8] == b"\0\0\0\0"  # gzip header: no time stamp
    with gzip.open(first) as raw:
        assert raw.read(1)  # readable
    with tarfile.open(first) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == ["pkg", "pkg/b.txt", "pkg/link", "pkg/run", "pkg/sub", "pkg/sub/a.txt"]
    assert all(m.mtime <= EPOCH and m.uid == 0 and m.uname == "" for m in members)
    modes = {m.name: m.mode for m in members if not m.issym()}
    assert modes["pkg/run"] == 0o755 and modes["pkg/b.txt"] == 0o644


def test_sha256sums_can_be_checked_by_sha256sum(installer, tmp_path):
    artifact = tmp_path / "a.tar.gz"
    artifact.write_bytes(b"content")
    sums = installer["reproducible"].write_sha256sums([artifact], tmp_path)
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "-c", sums.name], cwd=tmp_path, check=True)
    assert sums.read_text().endswith("  a.tar.gz\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="install.sh is for Linux")
def test_install_sh_installs_for_one_user_and_uninstalls(installer, tmp_path):
    app = tmp_path / "frozen" / identity.COMMAND
    app.mkdir(parents=True)
    (app / identity.COMMAND).write_text('#!/bin/sh\necho "frozen app $*"\n')
    (app / identity.COMMAND).chmod(0o755)
    values = installer["templates"].identity_values(EPOCH)
    top = installer["linux"].stage(app, REPO, tmp_path / "stage", values)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}

    done = subprocess.run(
        ["sh", str(top / "install.sh")], env=env, capture_output=True, text=True, check=True
    )
    assert "installed" in done.stdout
    local = home / ".local"
    command = local / "bin" / identity.COMMAND
    run = subprocess.run([str(command), "--version"], capture_output=True, text=True, check=True)
    assert run.stdout == "frozen app --version\n"
    desktop = local / "share" / "applications" / f"{identity.APP_ID}.desktop"
    assert f'Exec="{local}/opt/{identity.COMMAND}/{identity.COMMAND}"\n' in desktop.read_text()
    for size in ("16x16", "48x48", "512x512"):
        assert (local / "share/icons/hicolor" / size / "apps" / f"{identity.APP_ID}.png").is_file()
    assert (local / "share/icons/hicolor/scalable/apps" / f"{identity.APP_ID}.svg").is_file()
    assert (local / "share/metainfo" / f"{identity.APP_ID}.metainfo.xml").is_file()

    uninstaller = local / "bin" / f"{identity.COMMAND}-uninstall"
    subprocess.run([str(uninstaller)], env=env, capture_output=True, check=True)
    # Only the desktop's own caches stay (rebuilt by update-desktop-database and
    # gtk-update-icon-cache when they are installed).
    left = [p for p in local.rglob("*") if p.is_file() and not p.name.endswith(".cache")]
    assert left == []


@pytest.mark.skipif(shutil.which("gio") is None, reason="needs GLib's gio (libglib2.0-bin)")
@pytest.mark.parametrize("home_name", ["my home", "R&D", "o'brien (caregiver)", 'a"b$c`d|e;f'])
def test_the_menu_entry_starts_the_app_whatever_the_home_folder_is_called(
    installer, tmp_path, home_name
):
    """The desktop's own launcher (GLib, as GNOME's and Xfce's menus use) parses
    the installed entry's Exec= line and starts the app. Before, the path went
    in unquoted through sed: a space split it, and an & put sed's match in."""
    app = tmp_path / "frozen" / identity.COMMAND
    app.mkdir(parents=True)
    started = tmp_path / "started"
    (app / identity.COMMAND).write_text(f"#!/bin/sh\ntouch '{started}'\n")
    (app / identity.COMMAND).chmod(0o755)
    top = installer["linux"].stage(
        app, REPO, tmp_path / "stage", installer["templates"].identity_values(EPOCH)
    )
    home = tmp_path / home_name
    home.mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    subprocess.run(["sh", str(top / "install.sh")], env=env, capture_output=True, check=True)
    desktop = home / ".local/share/applications" / f"{identity.APP_ID}.desktop"

    launched = subprocess.run(
        ["gio", "launch", str(desktop)], env=env, capture_output=True, text=True, timeout=30
    )

    assert launched.returncode == 0, launched.stderr
    for _ in range(100):  # gio returns once the app is spawned, not when it is done
        if started.exists():
            break
        time.sleep(0.05)
    assert started.exists()


def test_install_sh_refuses_an_unknown_option(installer, tmp_path):
    values = installer["templates"].identity_values(EPOCH)
    script = tmp_path / "install.sh"
    script.write_text(installer["templates"].fill(REPO / "packaging/linux/install.sh.in", values))
    done = subprocess.run(["sh", str(script), "--everywhere"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "unknown option: --everywhere" in done.stderr
