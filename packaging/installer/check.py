"""`build_installer.py --check`: does the frozen app start and work, without any Python?

Runs the frozen executable in a clean environment (no PYTHONPATH, no
virtual environment) on a temporary data folder: --version, status --json,
sync (the embedded library, its signature verified), --self-test (the real window, offscreen); and
looks inside the app folder for what must and must not be there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from installer.steps import StepFailed, step

# Qt libraries that must not be in the app folder (issue 11: only what the app uses).
FORBIDDEN = ("Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6VirtualKeyboard", "Qt6WebEngine", "avcodec")


def _frozen(app_dir: Path, command: str) -> Path:
    return app_dir / (f"{command}.exe" if sys.platform == "win32" else command)


def _run(exe: Path, args: list[str], env: dict[str, str], name: str) -> str:
    done = subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()[-12:]
        raise StepFailed(name, f"exit code {done.returncode}:\n" + "\n".join(output))
    return done.stdout


def contents(app_dir: Path, expect_speech: bool) -> None:
    with step("check: the app folder's contents"):
        names = [p.relative_to(app_dir).as_posix() for p in app_dir.rglob("*")]
        bad = [n for n in names if any(f in Path(n).name for f in FORBIDDEN)]
        if bad:
            raise StepFailed("check: contents", f"left-out Qt parts are present: {bad[:5]}")
        wanted = [
            "resources/icons/sci-reader.svg",
            "reader/data/sci-reader-library.zip",
            "resources/keys/README.md",
            "resources/keys/sci-reader.pub",  # the embedded library's signature verifies
            "nacl/_sodium",  # Ed25519 (signed bundles)
            "certifi/cacert.pem",  # httpx's certificate authorities (web updates)
        ]
        if expect_speech:
            wanted.append("plugins/texttospeech/")
        missing = [w for w in wanted if not any(w in n for n in names)]
        if missing:
            raise StepFailed("check: contents", f"missing from the app folder: {missing}")
        translations = [n for n in names if "/translations/" in n]
        if translations:
            raise StepFailed("check: contents", f"Qt translations shipped: {translations[:3]}")


def run_checks(app_dir: Path, command: str, version_line: str, expect_speech: bool) -> None:
    exe = _frozen(app_dir, command)
    contents(app_dir, expect_speech)
    with tempfile.TemporaryDirectory(prefix="sci-reader-check-") as tmp:
        keep = ("PATH", "HOME", "USERPROFILE", "SYSTEMROOT", "TEMP", "TMP", "LANG", "DISPLAY")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env["SCI_READER_DATA_DIR"] = str(Path(tmp) / "data")
        env["QT_QPA_PLATFORM"] = "offscreen"
        with step(f"check: {command} --version"):
            out = _run(exe, ["--version"], env, "check: --version").strip()
            if out != version_line:
                raise StepFailed("check: --version", f"printed {out!r}, expected {version_line!r}")
            print(f"    {out}")
        with step(f"check: {command} status --json"):
            status = json.loads(_run(exe, ["status", "--json"], env, "check: status --json"))
            if status.get("library_version") is not None:
                raise StepFailed("check: status --json", f"a new data folder has {status}")
            print(f"    library_version={status['library_version']} articles={status['articles']}")
        with step(f"check: {command} sync (the embedded library, into a temporary folder)"):
            result = json.loads(_run(exe, ["sync", "--json"], env, "check: sync"))
            if result.get("result") != "updated" or not result.get("added"):
                raise StepFailed("check: sync", f"unexpected result {result}")
            print(
                f"    result={result['result']} version={result['version']} added={result['added']}"
            )
            # Its manifest.sig verified with the frozen PyNaCl and the shipped key.
            signed = json.loads(_run(exe, ["status", "--json"], env, "check: signed"))["signed"]
            if signed is not True:
                raise StepFailed("check: sync", f"the embedded library's signed={signed}")
            print(f"    signed={signed}")
        with step(f"check: {command} --self-test"):
            out = _run(exe, ["--self-test"], env, "check: --self-test")
            for line in out.strip().splitlines():
                print(f"    {line}")
