"""Named build steps: each prints its name, and a failure names the step that failed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


class StepFailed(Exception):
    """A build or check step failed; str() says which and why."""

    def __init__(self, step: str, reason: str):
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


@contextmanager
def step(name: str) -> Iterator[None]:
    print(f"==> {name}", flush=True)
    started = time.monotonic()
    try:
        yield
    except StepFailed:
        raise
    except (OSError, subprocess.SubprocessError, ValueError, RuntimeError) as exc:
        raise StepFailed(name, str(exc) or type(exc).__name__) from exc
    print(f"    done in {time.monotonic() - started:.1f} s", flush=True)


def run(
    command: Sequence[str | os.PathLike[str]],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command; RuntimeError with its last output lines when it fails."""
    args = [os.fspath(c) for c in command]
    done = subprocess.run(
        args,
        env=env,
        cwd=cwd,
        text=True,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.STDOUT if capture else None,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout or "").strip().splitlines()[-15:])
        raise RuntimeError(
            f"`{' '.join(args)}` exited with {done.returncode}" + (f":\n{tail}" if tail else "")
        )
    return done


def human_size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.1f} kB"


def tree_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def python_in(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
