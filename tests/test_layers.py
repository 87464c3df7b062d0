"""The layer rules, checked by tools rather than by hope.

`lint-imports` (import-linter) checks the contracts in pyproject.toml: the
command line above the window above the core, the core free of Qt, the core's
rooms without cycles. A second check runs the core and the command line's
non-window commands in a fresh interpreter and looks at what got loaded: a
lazy `import PySide6` inside a function escapes no one there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from tests.bundles import source_folder

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_every_import_contract_is_kept():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = [
        line.removesuffix(" KEPT") for line in result.stdout.splitlines() if line.endswith(" KEPT")
    ]
    assert kept == [c["name"] for c in CONTRACTS]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout


def test_a_core_module_that_imports_qt_breaks_the_contracts(tmp_path):
    """The check can fail: a copy of the package with one lazy Qt import in the core."""
    shutil.copytree(REPO / "reader", tmp_path / "reader", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    renderer = tmp_path / "reader" / "core" / "text" / "render.py"
    renderer.write_text(
        renderer.read_text(encoding="utf-8")
        + "\n\ndef _colour():\n    from PySide6.QtGui import QColor\n\n    return QColor\n",
        encoding="utf-8",
    )
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The core never imports Qt BROKEN" in result.stdout
    assert "reader.core.text.render -> PySide6" in result.stdout
    assert f"Contracts: {len(CONTRACTS) - 1} kept, 1 broken." in result.stdout


# Runs in a fresh interpreter: pytest-qt has loaded PySide6 into this one.
PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import reader.core

    def qt_loaded():
        return sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))

    report = {"modules": [], "commands": []}
    for info in pkgutil.walk_packages(reader.core.__path__, "reader.core."):
        importlib.import_module(info.name)
        report["modules"].append(info.name)
    report["after_core"] = qt_loaded()

    from reader.cli import main
    for argv in json.loads(sys.argv[1]):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        report["commands"].append([argv[2:], code, qt_loaded()])

    import reader.ui.main_window  # the control: the window's modules do load Qt
    report["after_window"] = bool(qt_loaded())
    print(json.dumps(report))
    """
)


def test_the_core_and_the_commands_without_a_window_never_load_qt(tmp_path, make_bundle):
    data = tmp_path / "data"
    bundle = make_bundle()
    source = source_folder(
        tmp_path / "source",
        {"one-study": "Title: One study\nCategories: general\nAdded: 2025-01-02\n\n"
                      "## Simple Explanation\n\nA plain sentence.\n"},
    )  # fmt: skip
    commands = [
        ["sync", str(bundle)],
        ["status"],
        ["status", "--json"],
        ["list"],
        ["categories"],
        ["search", "zebrafish"],
        ["show", "alpha-study"],
        ["bundle", "check", str(bundle)],
        ["bundle", "build", str(source), str(tmp_path / "built.zip"), "--version", "3"],
        ["userdata", "export", str(tmp_path / "mine.json")],
        ["userdata", "import", str(tmp_path / "mine.json")],
    ]
    argvs = [["--data-dir", str(data), *command] for command in commands]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argvs)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])

    core_files = {
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO / "reader" / "core").rglob("*.py")
    }
    assert set(report["modules"]) | {"reader.core"} == core_files
    assert report["after_core"] == []
    assert report["commands"] == [[command, 0, []] for command in commands]
    assert report["after_window"] is True
