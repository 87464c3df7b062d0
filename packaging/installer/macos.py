"""The macOS disk image: the .app bundle PyInstaller made, with an Applications link, in a .dmg.

Runs only on macOS (hdiutil); it cannot be exercised on the Linux CI.
Signing and notarisation are a separate, later step with the publisher's
Apple certificate.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from installer.steps import run


def build(app_dir: Path, root: Path, build_dir: Path, dist: Path, values, epoch: int) -> Path:
    bundle = app_dir.parent / f"{values['DISPLAY_NAME']}.app"
    if not bundle.is_dir():
        raise RuntimeError(f"PyInstaller made no app bundle ({bundle})")
    staging = build_dir / "dmg"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shutil.copytree(bundle, staging / bundle.name, symlinks=True)
    os.symlink("/Applications", staging / "Applications")
    out = dist / f"{values['COMMAND']}-{values['VERSION']}-macos.dmg"
    run(
        [
            "hdiutil",
            "create",
            "-volname",
            values["DISPLAY_NAME"],
            "-srcfolder",
            staging,
            "-ov",
            "-format",
            "UDZO",
            out,
        ]
    )
    return out
