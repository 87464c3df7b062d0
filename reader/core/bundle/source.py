"""Opening a bundle source, a path the user gave, as the container it is: folder or ZIP.

Every way a path can fail to open (missing, a device or pipe, unreadable,
a name the system refuses, an address of a kind the app does not fetch)
becomes one `SourceError` sentence; a file that
opens but is no ZIP becomes `NotABundle`, which the caller reports as a
rejected bundle.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from reader.core.bundle.container import Container, DirectoryContainer
from reader.core.bundle.zip_container import NotAZip, ZipContainer
from reader.core.errors import SourceError
from reader.core.inputs import NotRegularFile

__all__ = ["NotABundle", "is_web_source", "open_container"]


def is_web_source(source: str | os.PathLike[str]) -> bool:
    """Whether `source` is a web address (http:// or https://), not a file or folder.

    Here, beside opening a path, so that a sync from a file can tell which
    it has without loading the web update's modules (web_update.py).
    """
    return str(source).lower().startswith(("http://", "https://"))


def open_container(source: str | os.PathLike[str]) -> Container:
    """Open a bundle for reading; SourceError if it is missing or unreadable.

    A file that exists but is not a ZIP archive is a broken bundle, reported
    as a rejection (exit 3) by the caller through `NotABundle`.
    """
    path = Path(source)
    try:
        if path.is_dir():
            _probe_folder(path)
            return DirectoryContainer(path)
    except (OSError, ValueError) as exc:  # a name too long for the system, a NUL byte
        raise SourceError(f"{source}: cannot be read ({getattr(exc, 'strerror', exc)})") from exc
    if not os.path.lexists(path):
        raise SourceError(f"{source}: {_missing(str(source))}")
    try:
        return ZipContainer(path)
    except NotAZip as exc:
        raise NotABundle(f"is not a ZIP file or a bundle folder ({exc})") from exc
    except NotRegularFile as exc:
        raise SourceError(f"{source}: {exc.strerror}; a bundle is a ZIP file or a folder") from exc
    except FileNotFoundError as exc:  # a symbolic link to nothing
        raise SourceError(f"{source}: no such file or folder") from exc
    except PermissionError as exc:
        raise SourceError(f"{source}: cannot be read ({exc.strerror})") from exc
    except OSError as exc:
        raise SourceError(f"{source}: cannot be read ({exc.strerror or exc})") from exc


def _probe_folder(path: Path) -> None:
    """OSError if the folder cannot be listed or its manifest cannot be looked at.

    An unreadable folder is an unreadable source (exit 2), as an unreadable
    ZIP file is, not a bundle that breaks the format. A missing manifest is
    left for the bundle checks to report.
    """
    with os.scandir(path):
        pass
    with contextlib.suppress(FileNotFoundError):
        os.lstat(path / "manifest.json")


def _missing(source: str) -> str:
    """Why nothing is at `source`: an address of a kind the app does not fetch
    (`file://`, `ftp://`) is said to be one, not called a missing file."""
    scheme = re.match(r"(?i)([a-z][a-z0-9+.-]+)://", source)
    if scheme is None:
        return "no such file or folder"
    if scheme.group(1).lower() == "file":
        # Here only: urllib.request brings http.client, which a file sync never needs.
        from urllib.parse import urlsplit
        from urllib.request import url2pathname

        path = url2pathname(urlsplit(source).path)
        return f"file:// addresses are not read; give the file or folder itself ({path})"
    return (
        f"{scheme.group(1)}:// addresses are not read; give a file, a folder, or an http:// "
        "or https:// address"
    )


class NotABundle(Exception):
    """The source exists but is no container at all."""
