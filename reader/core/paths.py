"""Where the library and personal data live, and where the embedded bundle is.

One data directory holds both SQLite files; `--data-dir` or the
SCI_READER_DATA_DIR variable move it (tests and clinics use both). A data
folder that cannot be one (a file, a name too long for any file system) is
refused here, before anything tries to open or create files in it.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from reader.core.errors import ReaderError, SourceError
from reader.core.identity import DATA_NAME

APP_NAME = DATA_NAME  # platformdirs' folder name (reader.core.identity)
DATA_DIR_ENV = "SCI_READER_DATA_DIR"
CONFIG_ENV = "SCI_READER_CONFIG"  # the clinic configuration file (reader.core.config)
LIBRARY_FILE = "library.sqlite3"
USERDATA_FILE = "userdata.sqlite3"
EMBEDDED_BUNDLE_NAME = "sci-reader-library.zip"
NAME_MAX = 255  # bytes in one file or folder name, on every common file system
T = TypeVar("T")


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the option, else the variable, else the platform's.

    SourceError (exit 2) if it cannot be a folder (see `check_data_dir`), or if
    the option is given but empty.
    """
    if option is not None:
        if not os.fspath(option):  # `--data-dir "$UNSET"`: never the variable's or the user's own
            raise SourceError("--data-dir: is empty; give a folder, or leave it out")
        return check_data_dir(expand_home(option))
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return check_data_dir(expand_home(env))
    from platformdirs import user_data_dir

    return check_data_dir(Path(user_data_dir(APP_NAME, appauthor=False)))


def expand_home(path: str | os.PathLike[str]) -> Path:
    """`path` with a leading `~` or `~user` made that home folder.

    SourceError (exit 2) when there is none to make it: no such user on
    this machine (a typing mistake, a script from another one), or `~` in a
    service with no HOME nor account entry; Python raised RuntimeError.
    """
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise SourceError(
            f"{path}: the home folder '{Path(path).parts[0]}' stands for is unknown here "
            "(no such user, or no HOME); write the whole path"
        ) from None


def check_data_dir(path: Path) -> Path:
    """`path` if it is, or can become, a folder; else SourceError naming the problem.

    It may not exist yet (sync creates it), but the nearest part that does
    exist must be a folder, and no name in it may be longer than any file
    system allows.
    """
    text = os.fspath(path)
    if "\0" in text:
        raise SourceError(f"{text!r}: a folder name cannot contain a NUL character")
    if not path.is_absolute():
        try:
            os.getcwd()
        except FileNotFoundError:  # a terminal left in a deleted folder, or on a removed drive
            raise SourceError(
                f"{text}: is relative to the current folder, which no longer exists (deleted, "
                "or its drive removed); go to another folder, or give the whole path"
            ) from None
    for part in path.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise SourceError(
                f"{_short(part)}: this folder name is too long ({len(os.fsencode(part))} "
                f"bytes; at most {NAME_MAX})"
            )
    existing = path
    while True:
        try:
            mode = os.stat(existing).st_mode
            break
        except FileNotFoundError:
            if os.path.islink(existing):  # made through, it would be "File exists"
                raise SourceError(
                    f"{existing}: is a link to {os.readlink(existing)}, which is missing (moved "
                    "or deleted, or its drive or network folder is not connected)"
                ) from None
            if existing.parent == existing:
                return path
            existing = existing.parent
        except OSError as exc:
            if exc.errno == errno.ENOTDIR:  # a part further up is a file
                existing = existing.parent
                continue
            if exc.errno == errno.ENAMETOOLONG:
                raise SourceError(f"{_short(text)}: the data folder's path is too long") from exc
            raise SourceError(f"{path}: the data folder cannot be used ({exc.strerror})") from exc
    if not stat.S_ISDIR(mode):
        raise SourceError(f"{existing}: is not a folder (the data folder must be one)")
    return path


def _short(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:28]}…{text[-28:]}"


@contextmanager
def folders_undone_on_failure(path: Path) -> Iterator[None]:
    """On an exception, remove the folders up to `path` that did not exist before the block.

    A rejected first sync, or a refused `bundle build`, must leave nothing
    behind, yet each makes its folder (the data folder, OUT.zip's folder)
    and any missing parents before it knows the input is bad. Only
    a folder this run made and that is still empty goes: one that holds
    anything (a `last_check` record, another program's files) stays.
    """
    made: list[Path] = []
    folder = Path(path)
    while not os.path.lexists(folder) and folder.parent != folder:
        made.append(folder)  # deepest first
        folder = folder.parent
    try:
        yield
    except BaseException:
        for folder in made:
            try:
                os.rmdir(folder)
            except OSError:  # not empty, or already gone: the parents stay too
                break
        raise


def read_only_folder(data_dir: Path) -> bool:
    """Whether nothing can be written in the data folder (a read-only drive or a
    locked-down profile): it is there and cannot be written, or it is not there and
    cannot be made, the nearest folder above it being one that cannot be written.
    The window then opens both files read-only."""
    folder = Path(data_dir)
    if folder.is_dir():
        return not os.access(folder, os.W_OK)
    if os.path.lexists(folder):
        return False  # a file, or a link to nothing: no folder at all (said as such)
    above = folder.parent
    while not os.path.lexists(above) and above.parent != above:
        above = above.parent
    return above.is_dir() and not os.access(above, os.W_OK)


def opened_for_the_window(make: Callable[..., T], data_dir: Path) -> T:
    """`make(data_dir, read_only=...)` (a Library, a PersonalData) for the window.

    Read-only in a read-only folder, and when opening for writing finds the
    folder read-only or the disk full: the reader can still read (the window
    says that changes are not kept). Any other error is raised.
    """
    if read_only_folder(data_dir):
        return make(data_dir, read_only=True)
    try:
        return make(data_dir, read_only=False)
    except ReaderError as exc:
        if getattr(exc, "reason", "") not in ("read-only", "full"):
            raise
    return make(data_dir, read_only=True)


def embedded_bundle_path() -> Path:
    """The default library shipped with the app.

    An installed wheel carries it as reader/data/<name>; a source checkout
    (editable install, tests) has it in the repository's data/ folder.
    """
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (
        package_dir / "data" / EMBEDDED_BUNDLE_NAME,
        package_dir.parent / "data" / EMBEDDED_BUNDLE_NAME,
    ):
        if candidate.is_file():
            return candidate
    return package_dir.parent / "data" / EMBEDDED_BUNDLE_NAME
