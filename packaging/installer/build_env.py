"""The build environment: a virtual environment made from pinned versions, and the app in it.

`python3 build_installer.py` needs only Python and the package index: it
makes build/venv from packaging/requirements-build.txt (exact pins) and
installs the app into it from the checkout, as a wheel would install it.
A stamp of the pins' hash skips reinstalling when nothing changed.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from installer.steps import python_in, run


def ensure_venv(venv: Path, requirements: Path) -> Path:
    """build/venv with exactly the pinned packages; its python."""
    wanted = hashlib.sha256(requirements.read_bytes()).hexdigest()
    stamp = venv / "requirements.sha256"
    python = python_in(venv)
    if python.exists() and stamp.is_file() and stamp.read_text().strip() == wanted:
        return python
    if not python.exists():
        run([sys.executable, "-m", "venv", venv])
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    # Captured: shown only when pip fails.
    run([*pip, "install", "--quiet", "--upgrade", "pip"], capture=True)
    run([*pip, "install", "--quiet", "-r", requirements], capture=True)
    stamp.write_text(wanted + "\n")
    return python


def install_app(python: Path, root: Path) -> str:
    """Install the checkout into the build environment (not editable); its version."""
    run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--no-build-isolation",
            "--force-reinstall",
            root,
        ]
    )
    done = run(
        [python, "-c", "import reader.core.identity as i; print(i.VERSION)"],
        capture=True,
        cwd=python.parent,  # not the checkout: the installed copy must answer
    )
    return done.stdout.strip()


def freeze(python: Path, spec: Path, build_dir: Path, env: dict[str, str], target: str) -> Path:
    """Run PyInstaller on the spec; the app folder it made."""
    dist, work = build_dir / "dist" / target, build_dir / "work" / target
    build_dir.mkdir(parents=True, exist_ok=True)
    env = {**env, "SCI_READER_FREEZE": target, "PYTHONHASHSEED": "0"}
    run(
        [
            python,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            dist,
            "--workpath",
            work,
            spec,
        ],
        env=env,
        cwd=build_dir,  # keep the checkout's top level (a `packaging` folder) off sys.path
    )
    folders = [p for p in dist.iterdir() if p.is_dir() and not p.name.endswith(".app")]
    if len(folders) != 1:
        raise RuntimeError(f"expected one app folder in {dist}, found {folders}")
    return folders[0]


def clean_env() -> dict[str, str]:
    """The environment for the build's subprocesses, without the caller's Python settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return env
