#!/usr/bin/env python3
"""Build SCI Research Reader's installers: `python3 build_installer.py [--check]`.

Needs only Python >= 3.11 and the package index. It makes its own build
environment (build/venv) from the exact pins in
packaging/requirements-build.txt, installs the app into it, freezes it with
PyInstaller as one folder (packaging/sci-reader.spec), then packages it for
the OS it runs on:

  Linux    dist/sci-reader-<version>-linux-<arch>.tar.gz (app folder, .desktop file,
           icons, AppStream metainfo, install.sh with an uninstaller)
  Windows  dist/sci-reader.iss (Inno Setup), compiled to a setup .exe when iscc is on PATH
  macOS    dist/sci-reader-<version>-macos.dmg (the .app bundle)

and writes dist/SHA256SUMS. SOURCE_DATE_EPOCH (default: the last commit's
time) fixes every time stamp, so two builds of one commit give the same
tarball. --check then runs the frozen app: --version, status --json, sync
into a temporary folder, --self-test. The exit code is 0, or 1 with the
failing step named. Release builds are made on the oldest distribution
supported (PyInstaller copies the build machine's system libraries).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if sys.version_info < (3, 11):  # noqa: UP036 - run by any python3, say why it stops
    sys.exit("build_installer.py: Python 3.11 or newer is needed")
sys.path[:0] = [str(ROOT / "packaging"), str(ROOT)]

from installer import build_env, check, linux, macos, windows  # noqa: E402
from installer.reproducible import source_date_epoch, write_sha256sums  # noqa: E402
from installer.steps import StepFailed, human_size, step, tree_size  # noqa: E402
from installer.templates import identity_values  # noqa: E402

BUILD = ROOT / "build"
SPEC = ROOT / "packaging" / "sci-reader.spec"
REQUIREMENTS = ROOT / "packaging" / "requirements-build.txt"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="run the frozen app's checks after")
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="where the artifacts go (default: dist/)"
    )
    return parser.parse_args(argv)


def build(dist: Path, epoch: int) -> tuple[Path, list[Path]]:
    """The frozen app folder and the artifacts made from it."""
    values = identity_values(epoch)
    with step("build environment (build/venv, pinned)"):
        python = build_env.ensure_venv(BUILD / "venv", REQUIREMENTS)
    with step("install the app into the build environment"):
        version = build_env.install_app(python, ROOT)
        if version != values["VERSION"]:
            raise StepFailed("install", f"installed {version}, checkout says {values['VERSION']}")
    env = {**build_env.clean_env(), "SOURCE_DATE_EPOCH": str(epoch)}
    with step("freeze (PyInstaller, one folder)"):
        app_dir = build_env.freeze(python, SPEC, BUILD, env, "app")
    dist.mkdir(parents=True, exist_ok=True)
    artifacts: list[Path] = []
    if sys.platform.startswith("linux"):
        with step("Linux package (.tar.gz)"):
            artifacts.append(linux.build(app_dir, ROOT, BUILD, dist, values, epoch))
    elif sys.platform == "win32":
        with step("Windows installer (Inno Setup)"):
            artifacts += windows.build(app_dir, ROOT, BUILD, dist, values, epoch)
    elif sys.platform == "darwin":
        with step("macOS disk image (.dmg)"):
            artifacts.append(macos.build(app_dir, ROOT, BUILD, dist, values, epoch))
    with step("SHA256SUMS"):
        artifacts.append(write_sha256sums(artifacts, dist))
    return app_dir, artifacts


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    epoch = source_date_epoch(ROOT)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    print(f"SOURCE_DATE_EPOCH={epoch}")
    try:
        app_dir, artifacts = build(args.dist, epoch)
        print(f"app folder: {app_dir}  {human_size(tree_size(app_dir))} unpacked")
        for artifact in artifacts:
            print(f"artifact: {artifact}  {human_size(artifact.stat().st_size)}")
        if args.check:
            from reader.core.identity import COMMAND, version_line

            speech = "PySide6-Addons" in REQUIREMENTS.read_text()
            check.run_checks(app_dir, COMMAND, version_line(), expect_speech=speech)
            print("build_installer: every check passed")
    except StepFailed as failed:
        print(f"build_installer: FAILED at step '{failed.step}': {failed.reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build_installer: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
