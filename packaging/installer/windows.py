"""The Windows installer: an Inno Setup script written from a template, compiled by iscc.

The script is always written (dist/<name>.iss); it is compiled only where
Inno Setup's `iscc` is on the PATH (a Windows build machine). The installer
adds a Start-menu entry and an uninstaller, and installs silently for IT:
`setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART`.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from installer.steps import run
from installer.templates import fill


def build(app_dir: Path, root: Path, build_dir: Path, dist: Path, values, epoch: int) -> list[Path]:
    when = datetime.fromtimestamp(epoch, UTC)
    setup_name = f"{values['COMMAND']}-{values['VERSION']}-windows-setup"
    script = build_dir / f"{values['COMMAND']}.iss"
    script.write_text(
        fill(
            root / "packaging" / "windows" / "sci-reader.iss.in",
            {
                **values,
                "SETUP_NAME": setup_name,
                "OUTPUT_DIR": str(dist.resolve()),
                "APP_DIR": str(app_dir.resolve()),
                "ICON": str((root / "resources" / "icons" / "sci-reader.ico").resolve()),
                "TOUCH_DATE": when.strftime("%Y-%m-%d"),
                "TOUCH_TIME": when.strftime("%H:%M:%S"),
            },
        ),
        encoding="utf-8",
    )
    artifacts = [shutil.copy(script, dist / script.name)]
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        print(
            "    iscc (Inno Setup) is not on the PATH: the installer script was written "
            f"({dist / script.name}) but not compiled"
        )
        return [Path(a) for a in artifacts]
    run([iscc, "/Q", script])
    return [Path(a) for a in artifacts] + [dist / f"{setup_name}.exe"]
