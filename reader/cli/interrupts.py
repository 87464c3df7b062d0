"""Ctrl-C: never lost, and once a command's change is saved, ignored.

A sync or an import that has committed must not have its report cut off,
nor turned into "nothing was changed" or a death by signal on the way out,
by a second Ctrl-C. Both commands use this; it knows no command.

And a Ctrl-C must not vanish: Python cannot raise an exception out of a
weakref callback or a `__del__` (it prints "Exception ignored in ..." and
goes on), and importlib runs such a callback after every import, so one
that landed there was lost while the command ran on. `main` raises it again
(`lost_interrupts_raised_again`).
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
            again = threading.Timer(RAISE_AGAIN_AFTER_S, _thread.interrupt_main)
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
    original = signal.getsignal(signal.SIGINT)
    try:
        yield lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)
    finally:
        if restore:
            signal.signal(signal.SIGINT, original)
