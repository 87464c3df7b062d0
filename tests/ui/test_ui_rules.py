"""The window's rules, read from its source: no SQL, Qt only through reader/ui/qt.py,
one job per module (a docstring that says it, and a size a reader takes in)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import reader.ui

UI = Path(reader.ui.__file__).parent
MODULES = sorted(UI.rglob("*.py"))
MAX_LINES = 350


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_scan_sees_the_modules():
    assert len(MODULES) > 10
    assert UI / "qt.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_runs_sql(path: Path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    assert "sqlite3" not in {_top(n) for n in _imports(tree)}, f"{path.name} imports sqlite3"
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("execute", "executemany", "executescript")
    ]
    assert not calls, f"{path.name} calls .execute( on line(s) {calls}: the window runs no SQL"
    assert ".execute(" not in source


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_only_qt_py_imports_pyside6(path: Path):
    imports = {_top(n) for n in _imports(ast.parse(path.read_text(encoding="utf-8")))}
    if path.name == "qt.py":
        assert "PySide6" in imports
    else:
        assert not imports & {"PySide6", "shiboken6"}, (
            f"{path.name} imports Qt directly; take the names from reader.ui.qt"
        )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_each_module_says_its_job_and_stays_small(path: Path):
    source = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(source)), f"{path.name} has no module docstring"
    lines = source.count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines (at most {MAX_LINES})"


def test_the_scan_catches_what_it_forbids(tmp_path):
    """The checks above can fail: the same reading of a module that breaks every rule."""
    bad = ast.parse(
        "import sqlite3\nfrom PySide6.QtCore import Qt\n"
        "import importlib\nimportlib.import_module('PySide6.QtGui')\nconn.execute('x')\n"
    )
    assert {"sqlite3", "PySide6.QtCore", "PySide6.QtGui"} <= _imports(bad)
