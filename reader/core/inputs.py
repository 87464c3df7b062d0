"""Opening files that come from outside: regular files only, every read bounded.

A path the user gives (a bundle, a source file of `bundle build`) may name
a device such as /dev/zero, which would feed a reader until memory runs
out, or a named pipe, which would block it until a writer comes. Files are
opened without blocking and checked with fstat before a byte is read, so
what is read is what was checked, and no read asks for more than a limit.
"""

from __future__ import annotations

import errno
import os
import stat


class TooLarge(Exception):
    """An entry holds more bytes than it was allowed to."""


class NotRegularFile(OSError):
    """A device, pipe, socket or folder where a file's bytes were expected."""

    def __init__(self, path: object, kind: str):
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", str(path))
        self.kind = kind


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # so that opening a FIFO cannot wait for a writer
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def open_regular_file(path: str | os.PathLike[str], *, follow_links: bool = True):
    """A binary file object, only if `path` is a regular file; NotRegularFile if not.

    Opened first (without blocking) and checked with fstat, so what is read
    is what was checked: `/dev/zero` would feed a reader forever and a named
    pipe would block it until a writer comes.
    """
    flags = _OPEN_FLAGS if follow_links else _OPEN_FLAGS | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, _kind(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """A regular file's bytes; TooLarge past `limit` bytes, NotRegularFile for anything else."""
    with open_regular_file(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(str(path))
    return data
