"""Ctrl-C once a command's change is saved: from then on it does nothing.

A sync or an import that has committed must not have its report cut off,
nor turned into "nothing was changed" or a death by signal on the way out,
by a second Ctrl-C. Both commands use this; it knows no command.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator


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
