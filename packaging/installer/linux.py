"""The Linux package: a .tar.gz holding the app folder, desktop integration and install.sh.

Layout inside `sci-reader-<version>-linux-<arch>/`:
  sci-reader/                     the frozen app (run sci-reader/sci-reader)
  share/applications/<id>.desktop
  share/icons/hicolor/<size>/apps/<id>.png, scalable/apps/<id>.svg
  share/metainfo/<id>.metainfo.xml
  install.sh                      per user, or --system as root; --uninstall

Release builds are made on the oldest distribution supported: PyInstaller
copies the build machine's system libraries (libxcb*, libcups, ...) and the
app then needs a glibc at least as new as the build machine's.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path

from installer.reproducible import write_tarball
from installer.templates import fill

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def stage(app_dir: Path, root: Path, staging: Path, values: dict[str, str]) -> Path:
    """The package's folder tree under `staging`; returns its top folder."""
    top = staging / f"{values['COMMAND']}-{values['VERSION']}-linux-{platform.machine()}"
    if top.exists():
        shutil.rmtree(top)
    top.mkdir(parents=True)
    shutil.copytree(app_dir, top / values["COMMAND"], symlinks=True)
    app_id = values["APP_ID"]
    share = top / "share"
    resources = root / "resources"
    (share / "applications").mkdir(parents=True)
    desktop = fill(resources / "linux" / "app.desktop.in", {**values, "EXEC": values["COMMAND"]})
    (share / "applications" / f"{app_id}.desktop").write_text(desktop, encoding="utf-8")
    (share / "metainfo").mkdir()
    metainfo = fill(resources / "linux" / "metainfo.xml.in", values)
    (share / "metainfo" / f"{app_id}.metainfo.xml").write_text(metainfo, encoding="utf-8")
    for size in ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy(resources / "icons" / f"sci-reader-{size}.png", folder / f"{app_id}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(resources / "icons" / "sci-reader.svg", scalable / f"{app_id}.svg")
    install = top / "install.sh"
    install.write_text(fill(root / "packaging" / "linux" / "install.sh.in", values))
    install.chmod(0o755)
    return top


def validate(top: Path, values: dict[str, str]) -> list[str]:
    """Check the desktop file and metainfo with the distribution's validators, when installed."""
    app_id = values["APP_ID"]
    checks = [
        (
            "appstreamcli",
            ["validate", "--no-net", "--pedantic"],
            top / "share" / "metainfo" / f"{app_id}.metainfo.xml",
        ),
        ("desktop-file-validate", [], top / "share" / "applications" / f"{app_id}.desktop"),
    ]
    report = []
    for tool, options, path in checks:
        if shutil.which(tool) is None:
            report.append(f"{tool} is not installed: {path.name} not validated")
            continue
        done = subprocess.run([tool, *options, str(path)], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} rejects {path.name}:\n{done.stdout}{done.stderr}")
        report.append(f"{tool}: {path.name} valid")
    return report


def build(app_dir: Path, root: Path, build_dir: Path, dist: Path, values, epoch: int) -> Path:
    top = stage(app_dir, root, build_dir / "stage", values)
    for line in validate(top, values):
        print(f"    {line}")
    return write_tarball(top, dist / f"{top.name}.tar.gz", epoch)
