"""Ctrl-C (and SIGTERM, SIGHUP): never lost, and once a command's change is saved, ignored.

A sync or an import that has committed must not have its report cut off,
nor turned into "nothing was changed" or a death by signal on the way out,
by a second Ctrl-C. Both commands use this; it knows no command.

And a Ctrl-C must not vanish: Python cannot raise an exception out of a
weakref callback or a `__del__` (it prints "Exception ignored in ..." and
goes on), and importlib runs such a callback after every import, so one
that landed there was lost while the command ran on. `main` raises it again
(`lost_interrupts_raised_again`).

SIGTERM (`timeout`, a service manager, a shutdown) and SIGHUP (a closed
terminal or SSH session) killed a sub-command at once: a first sync left its
half-built library file (130 MB for 10,000 articles) in the data folder, and
nothing was said. `stops_as_interrupts` makes them what Ctrl-C is, a
`Stopped` (a KeyboardInterrupt) that undoes the unsaved work on its way to
`main`, which exits 128 + the signal's number.
"""

from __future__ import annotations

import _thread
import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator

# How soon a lost Ctrl-C is raised again: long enough for Python to have
# left the callback it was lost in (a few microseconds).
RAISE_AGAIN_AFTER_S = 0.05
# Those that exist here: Windows has no SIGHUP.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is; `signum` says which."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def interrupt_behind(exc: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C (or Stopped) that `exc` is, or was raised while handling; else None.

    What unwinds after a Ctrl-C (a rollback, closing the pipe to a parsing
    child that is gone) may fail in turn, and Python then raises that error
    with the Ctrl-C only as its `__context__`: the error is not the news, the
    Ctrl-C is. Python 3.11 also wraps one raised in `__set_name__` (a
    dataclass's fields) in a RuntimeError, as its `__cause__`.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        pending += (current.__context__, current.__cause__)
    return None


def _raise_stopped(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def stops_as_interrupts() -> None:
    """From now on, in this process, SIGTERM and SIGHUP raise Stopped (main thread only).

    A signal someone chose to ignore (`nohup` ignores SIGHUP) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _raise_stopped)


@contextlib.contextmanager
def lost_interrupts_raised_again() -> Iterator[None]:
    """Within: a KeyboardInterrupt Python could not raise is raised again a moment later.

    From a timer thread, as Ctrl-C itself: raised here, inside the hook, it
    would be lost the same way. Once the command's change is saved
    (`interrupts_stoppable`) Ctrl-C is ignored, and so is this.
    """
    previous = sys.unraisablehook

    def hook(unraisable) -> None:
        if issubclass(unraisable.exc_type, KeyboardInterrupt):
            signum = getattr(unraisable.exc_value, "signum", signal.SIGINT)
            again = threading.Timer(RAISE_AGAIN_AFTER_S, _thread.interrupt_main, (signum,))
            again.daemon = True
            again.start()
        else:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


@contextlib.contextmanager
def interrupts_stoppable(*, restore: bool) -> Iterator[Callable[[], None]]:
    """A function that makes Ctrl-C do nothing from then on.

    The command's own process ignores it until it exits. Called from Python
    (`main(argv)`), the handler is put back at the end of the block
    (`restore`). Only the main thread may change signal handlers; elsewhere
    this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    signals = (signal.SIGINT, *STOP_SIGNALS)
    original = {signum: signal.getsignal(signum) for signum in signals}

    def stop() -> None:
        for signum in signals:
            signal.signal(signum, signal.SIG_IGN)

    try:
        yield stop
    finally:
        if restore:
            for signum, handler in original.items():
                signal.signal(signum, handler)
