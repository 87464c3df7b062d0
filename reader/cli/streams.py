"""Standard output and error as a sub-command finds them: closed, or on a full disk.

A script may run `sci-reader list >/full/disk/file`, or start it with its
standard error closed (`2>&-`). Left to Python, a write that fails (ENOSPC,
EIO, EBADF) became a traceback and exit 1, and a closed standard error
crashed `sync` before it began (`None.isatty()`) or sent error messages to
standard output, where a program reading `--json` takes them for data.
`guard_streams` makes a failed write one plain line and exit 2 (the output
named on the command line cannot be written), and a closed standard error a
silent one.

A closed pipe (`| head`) is not a failure: what is left to print is dropped
and the command finishes. It used to stop the command where it printed, and
`main` exited 0: with PYTHONUNBUFFERED=1 (set in many container images)
`sync | true` with an update source configured stopped at "Updating from
...", before syncing, and still exited 0; and as `main` could not tell the
output's broken pipe from another's (the sync's parsing child gone), a sync
whose child died also "succeeded" without a word.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import sys

from reader.core.errors import SourceError, no_room

CLOSED = "standard output is closed; run the command again with its output going somewhere"


class OutputFailed(SourceError):
    """Standard output could not be written: the command's answer is lost (exit 2)."""


def output_failed(exc: OSError | None) -> OutputFailed:
    """The one line for an output that cannot be written (None: it is closed)."""
    if exc is None:
        return OutputFailed(CLOSED)
    why = "the disk is full" if no_room(exc) else (exc.strerror or str(exc))
    return OutputFailed(
        f"the output cannot be written ({why}); send it somewhere else and run the command again"
    )


class _GuardedOutput(io.TextIOBase):
    """Standard output whose failed writes raise OutputFailed, once.

    After a failure the descriptor is pointed at the null device, so that
    the text still buffered cannot fail again when Python flushes it on the
    way out ("Exception ignored ..." and exit 120).
    """

    guarded = True  # `main`: a BrokenPipeError that reaches it is not this output's

    def __init__(self, target: io.TextIOBase | None):
        super().__init__()
        self._target = target
        self._failed = False

    @property
    def encoding(self) -> str:  # print_safe escapes what this cannot encode
        return getattr(self._target, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return getattr(self._target, "errors", None) or "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._target is not None and self._target.isatty()

    def fileno(self) -> int:
        if self._target is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self._target.fileno()

    def write(self, text: str) -> int:
        return self._guarded(lambda target: target.write(text), len(text))

    def flush(self) -> None:
        self._guarded(lambda target: target.flush(), None)

    def _guarded(self, action, nothing):
        if self._failed:
            return nothing
        if self._target is None:
            self._failed = True
            raise output_failed(None)
        try:
            return action(self._target)
        except BrokenPipeError:  # `| head`: whoever read it has all they wanted
            self._failed = True
            self._silence()
            return nothing
        except OSError as exc:
            self._failed = True
            self._silence()
            raise output_failed(exc) from exc

    def _silence(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._target.fileno())
            os.close(null)


def guard_streams() -> None:
    """For a sub-command run as the whole process: see the module's docstring."""
    if sys.stderr is None:  # closed: errors go nowhere, never into standard output
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (the process's)
    if not isinstance(sys.stdout, _GuardedOutput):
        sys.stdout = _GuardedOutput(sys.stdout)
        # A command that stops on an error or Ctrl-C leaves its output
        # unflushed: Python's own last flush would then fail ("Exception
        # ignored", exit 120 instead of the command's code). Flushed here
        # first, a failure only silences the output: the error is the news.
        atexit.register(_last_flush)


def _last_flush() -> None:
    with contextlib.suppress(OutputFailed):
        finish_output()


def finish_output() -> None:
    """Write out what is still buffered now, while a failure can still be reported."""
    if sys.stdout is not None:
        sys.stdout.flush()
