"""Writing an export file without ever destroying something else.

An export is a backup, so a wrong name must not cost the reader their data:
the data folder's own databases (under any name that reaches them: `..`,
a symbolic link, a hard link) are never replaced, even with `force`; an
existing file that is not a previous export is replaced only with `force`;
devices, pipes and folders never. A symbolic link is written through: the
new content goes to a temporary file beside the link's target, which is then
renamed over the target, so the link (say, into a backup share) stays and
its target is complete, old or new, never half written.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO, TypeVar

from reader.core.errors import SourceError, cannot_write
from reader.core.inputs import open_regular_file

T = TypeVar("T")
_PREVIOUS_EXPORT = re.compile(rb'^(\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"sci-reader-userdata"')
_SNIFF_BYTES = 4096
_NOT_REGULAR = "{target}: is not a regular file (a device or a pipe); not replaced"


def own_files(data_dir: Path, names: Iterable[str]) -> list[Path]:
    """A data folder's databases with their SQLite companions."""
    return [data_dir / f"{n}{s}" for n in names for s in ("", "-wal", "-shm", "-journal")]


def write_export(
    target: Path, write: Callable[[TextIO], T], *, protected: list[Path], force: bool = False
) -> T:
    """Call `write` on a new file that then replaces `target` (or its link's target).

    SourceError (exit 2), nothing written, if the target is a protected file,
    not a regular file, or (without `force`) a file that is not a previous
    export. Returns what `write` returned.
    """
    target = Path(target)
    real = _real_target(target)
    _refuse_protected(target, real, protected)
    existing = _check_existing(target, real, force)
    try:
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(target, exc) from exc
    try:
        if existing is not None and hasattr(os, "fchmod"):  # not on Windows
            os.fchmod(fd, stat.S_IMODE(existing.st_mode))  # the target keeps its permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, real)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise cannot_write(target, exc) from exc
        raise
    _fsync_folder(real.parent)
    return result


def _real_target(target: Path) -> Path:
    """The file a write to `target` must change: symbolic links followed."""
    with contextlib.suppress(OSError, ValueError):  # not there yet, or said below
        # `/dev/stdout` on a pipe: realpath makes it "/proc/<pid>/fd/pipe:[…]",
        # a name that is nowhere, and the export said "No such file or directory".
        if not stat.S_ISREG(mode := os.stat(target).st_mode) and not stat.S_ISDIR(mode):
            raise SourceError(_NOT_REGULAR.format(target=target))
    try:
        real = Path(os.path.realpath(target))  # FileNotFoundError: the current folder deleted
        looped = real.is_symlink()  # realpath stops at a loop
        folder = real.parent.is_dir()
    except OSError as exc:  # a name too long, a folder that cannot be read
        raise cannot_write(target, exc) from exc
    if looped:
        raise SourceError(f"{target}: is a symbolic link that leads round in a loop")
    if not folder:
        raise SourceError(f"{target}: cannot be written (no folder {real.parent})")
    return real


def _refuse_protected(target: Path, real: Path, protected: list[Path]) -> None:
    for own in protected:
        if _same_file(real, own):
            raise SourceError(
                f"{target}: is the data folder's own {own.name} ({own}); exporting over it "
                "would destroy it. Choose a file outside the data folder"
            )


def _same_file(real: Path, own: Path) -> bool:
    try:
        if os.path.samefile(real, own):  # same inode: any path, hard links included
            return True
    except OSError:
        pass
    try:  # not there yet: the same name in the same folder (any letter case)
        return real.name.casefold() == own.name.casefold() and os.path.samefile(
            real.parent, own.parent
        )
    except OSError:
        return False


def _check_existing(target: Path, real: Path, force: bool) -> os.stat_result | None:
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise cannot_write(target, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(f"{target}: is a folder; give the export a file name")
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(_NOT_REGULAR.format(target=target))
    if not force and info.st_size > 0 and not _is_previous_export(real):
        raise SourceError(
            f"{target}: already exists and is not a personal data export; use --force to replace it"
        )
    return info


def _is_previous_export(path: Path) -> bool:
    try:
        with open_regular_file(path) as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError:
        return False
    return _PREVIOUS_EXPORT.match(head) is not None


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (where the system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
