"""A Ctrl-C that lands where Python cannot raise it is raised again, not lost.

Python cannot raise an exception out of a weakref callback or a `__del__`:
it prints "Exception ignored in ..." with a traceback and goes on. importlib
runs such a callback after every import (its module locks), so a Ctrl-C during
a sync's late import (its parsing child, the signature library) was lost: the
sync ran on, and stderr showed a KeyboardInterrupt traceback beside exit 0
(seen once in tests/core/library/test_sync_interrupt.py).
"""

from __future__ import annotations

import time
import weakref

import pytest

import reader.cli
from reader.cli.interrupts import lost_interrupts_raised_again


class _Thing:
    """Something to hold a weak reference to."""


def _ctrl_c_in_a_weakref_callback() -> None:
    def callback(_ref: weakref.ref) -> None:
        raise KeyboardInterrupt

    thing = _Thing()
    ref = weakref.ref(thing, callback)
    del thing  # the callback runs here; Python cannot raise what it raises
    assert ref() is None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the command goes on: here it is raised again
        time.sleep(0.01)


def test_a_ctrl_c_python_could_not_raise_is_raised_at_the_next_line():
    with pytest.raises(KeyboardInterrupt), lost_interrupts_raised_again():
        _ctrl_c_in_a_weakref_callback()


def test_a_command_interrupted_that_way_says_so_and_exits_130(monkeypatch, capsys):
    def command(_args) -> int:
        _ctrl_c_in_a_weakref_callback()
        return 0

    monkeypatch.setattr(reader.cli, "_open_window", command)
    assert reader.cli.main([]) == 130
    captured = capsys.readouterr()
    assert captured.err == "sci-reader: interrupted; nothing was changed\n"
