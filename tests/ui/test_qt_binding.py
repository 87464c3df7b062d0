"""The Qt binding itself must not corrupt the interpreter.

PySide6 6.12.0 on Python 3.11 returns None from every Qt call that returns
nothing (and from a model's data() that returns None) without taking a new
reference to it. Each such call lowers None's reference count by one; in the
window's process that count starts near 9,000, so after a few hundred
articles opened, or less scrolling of a card list, the app aborts with
"Fatal Python error: none_dealloc". (The test process does not crash: pytest
itself holds a hundred thousand references to None.) From Python 3.12 None is
immortal and the bug is harmless; PySide6-Essentials 6.11.3 does not have it.
"""

from __future__ import annotations

import sys

import PySide6

from reader.ui.qt import QAbstractListModel, QLabel, QModelIndex, Qt

CALLS = 1000
ADVICE = (
    f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} drops a reference to "
    "None on every call that returns nothing: the reader window aborts with 'Fatal Python "
    "error: none_dealloc' after a few thousand Qt calls. Install a PySide6-Essentials without "
    "this bug (6.11.3 was checked) or run on Python 3.12 or newer."
)


class _NoneModel(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()):  # noqa: B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def _drift(call) -> int:
    for _ in range(10):
        call()
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return sys.getrefcount(None) - before


def test_a_qt_call_that_returns_nothing_keeps_none_alive(qapp):
    label = QLabel()
    assert _drift(lambda: label.setText("x")) > -CALLS // 2, ADVICE


def test_a_model_returning_none_keeps_none_alive(qapp):
    model = _NoneModel()
    index = model.index(0, 0)
    assert _drift(lambda: index.data(Qt.ItemDataRole.UserRole)) > -CALLS // 2, ADVICE


# The app refuses a binding known to crash, instead of trusting the version pin.


def test_pyside_6_12_on_python_3_11_is_refused_with_what_to_install():
    from reader.ui.qt import binding_problem

    problem = binding_problem("6.12.0", (3, 11))
    assert problem is not None
    assert "\n" not in problem
    assert "PySide6 6.12.0" in problem
    assert "Python 3.11" in problem
    assert "pip install 'PySide6-Essentials==6.11.3'" in problem
    assert binding_problem("6.12.1", (3, 11)) is not None  # every 6.12 release


def test_bindings_without_the_bug_are_accepted():
    from reader.ui.qt import binding_problem

    assert binding_problem("6.11.3", (3, 11)) is None
    assert binding_problem("6.6.0", (3, 11)) is None
    assert binding_problem("6.12.0", (3, 12)) is None  # None is immortal from 3.12
    assert binding_problem("6.13.0", (3, 11)) is None


def test_the_installed_binding_is_accepted():
    from reader.ui.qt import binding_problem

    assert binding_problem() is None, "the test environment runs a binding the app refuses"


def test_the_window_does_not_start_on_a_faked_6_12(qapp, tmp_path, monkeypatch, capsys):
    from reader.cli import main
    from reader.ui import qt

    monkeypatch.setattr(qt, "PYSIDE_VERSION", "6.12.0")
    monkeypatch.setattr(qt, "PYTHON_VERSION", (3, 11))
    opened = []
    monkeypatch.setattr("reader.ui.main_window.MainWindow", lambda *a, **k: opened.append(a))
    data = tmp_path / "data"

    code = main(["--data-dir", str(data)])

    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("sci-reader: PySide6 6.12.0 crashes on Python 3.11")
    assert "PySide6-Essentials==6.11.3" in err
    assert out == ""
    assert opened == []
    assert not data.exists()  # nothing was created
