"""The log file IT reads on a clinic machine: configuration problems, update checks.

A kiosk has no one watching its terminal, so what stderr says at start (a
broken configuration file) and what happens later (an update rejected) is
also written to `<data folder>/logs/sci-reader.log`: plain lines, each with
its UTC time, kept to a few hundred kilobytes by rotation. Core modules log
through `logging.getLogger(__name__)` (all under the `reader` logger); the
file is attached only when the window starts (`start_log`), so the
command line's sub-commands keep speaking on stderr alone.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import sys
import time
from pathlib import Path

from reader.core.inputs import NotRegularFile

LOG_FOLDER = "logs"
LOG_FILE = "sci-reader.log"
LOG_MAX_BYTES = 256 * 1024
LOG_BACKUPS = 3  # sci-reader.log.1 ... .3: about a megabyte in all
ROOT_LOGGER = "reader"

# Without a handler, Python prints warnings of an unconfigured logger on
# stderr ("last resort"): the command line already says those in its own words.
logging.getLogger(ROOT_LOGGER).addHandler(logging.NullHandler())


class _UtcFormatter(logging.Formatter):
    converter = time.gmtime


class RotatingLog(logging.FileHandler):
    """A file handler that moves a full log aside: sci-reader.log -> .1 -> .2 -> .3.

    What `logging.handlers.RotatingFileHandler` does, without importing
    `logging.handlers` (socket, pickle, queue and selectors for its other
    handlers: about 10 ms of every window start; benchmarks/README.md).
    """

    def __init__(self, path: Path, max_bytes: int, backups: int):
        super().__init__(path, encoding="utf-8")  # opened now: OSError here, not later
        self.max_bytes, self.backups = max_bytes, backups
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(self.format(record)):
                self._rotate()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """A line the file did not take (a full or read-only disk): said once, never raised.

        `logging` would print a traceback on stderr for every line; the log is
        for IT, and must never stop the reader or change a command's outcome.
        """
        if self._failed or sys.stderr is None:  # no console (a windowed app)
            return
        self._failed = True
        why = sys.exc_info()[1]
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(
                f"sci-reader: warning: cannot write the log {self.baseFilename}: "
                f"{getattr(why, 'strerror', None) or why}\n"
            )

    def _open(self):
        return open(
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
            opener=_open_for_append,
        )  # fmt: skip

    def close(self) -> None:
        # Closing flushes what is still buffered: on a full disk that fails
        # again, and the lines are lost (said once by handleError), not raised.
        with contextlib.suppress(OSError, ValueError):
            super().close()

    def _full(self, line: str) -> bool:
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, os.SEEK_END)  # another process may have written since
        return self.stream.tell() + len(line.encode("utf-8")) + 1 > self.max_bytes

    def _rotate(self) -> None:
        self.stream.close()
        self.stream = None
        base = self.baseFilename
        for n in range(self.backups - 1, 0, -1):
            if os.path.exists(f"{base}.{n}"):
                os.replace(f"{base}.{n}", f"{base}.{n + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")


def _open_for_append(path: str, flags: int) -> int:
    """`open`'s opener: a named pipe or socket in the log's place is refused, not waited on.

    Opened plainly, a named pipe there (left by a tool, or put there) made
    the window's start wait for ever for a reader, with nothing said.
    """
    try:
        fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0), 0o666)
    except OSError as exc:
        if exc.errno != errno.ENXIO:  # a pipe with no reader, or a socket
            raise
        fifo = stat.S_ISFIFO(os.stat(path).st_mode)
        raise NotRegularFile(path, "a named pipe" if fifo else "a socket") from exc
    mode = os.fstat(fd).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        os.close(fd)
        raise NotRegularFile(path, "a named pipe" if stat.S_ISFIFO(mode) else "a socket")
    return fd


def logger(name: str) -> logging.Logger:
    """The logger a core module writes to (`name`: its __name__, under `reader`).

    Taken through here, so that this module's NullHandler is in place: with no
    log file started (the command line), the lines go nowhere, not to stderr.
    """
    return logging.getLogger(name)


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_FOLDER / LOG_FILE


def start_log(data_dir: Path) -> Path:
    """Append the `reader` loggers' INFO and above to the data folder's log; its path.

    OSError if the folder or file cannot be written (the caller says so and
    goes on: a log must never keep the reader from starting). Calling it
    again replaces the previous file handler.
    """
    path = log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingLog(path, LOG_MAX_BYTES, LOG_BACKUPS)
    handler.setFormatter(
        _UtcFormatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%SZ")
    )
    stop_log()
    logger = logging.getLogger(ROOT_LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def stop_log() -> None:
    """Close the log file (if one was started)."""
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        if isinstance(handler, RotatingLog):
            logger.removeHandler(handler)
            handler.close()
            logger.setLevel(logging.NOTSET)
