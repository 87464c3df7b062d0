"""Reading files out of a bundle container, a ZIP file or a directory, safely.

A bundle comes from outside (a USB stick, a shared folder, the web), so it is
treated as hostile: only files the manifest lists are read, nothing is ever
extracted to disk, symbolic links and paths that leave the bundle are
refused, and every read is bounded by the size the manifest declares, so a
ZIP bomb cannot make the reader inflate more than it was told to expect.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from reader.core.errors import Problem, SourceError

CHUNK = 64 * 1024
MAX_COMPRESSION_RATIO = 200


class TooLarge(Exception):
    """An entry holds more bytes than it was allowed to."""


class Container:
    """The common interface of ZIP and directory bundles."""

    location: str

    def exists(self, path: str) -> bool:
        raise NotImplementedError

    def check_entry(self, path: str) -> str | None:
        """Why the entry cannot be read (a rule it breaks), or None if it can."""
        raise NotImplementedError

    def declared_size(self, path: str) -> int | None:
        """The size the container itself records, when it records one."""
        return None

    def read(self, path: str, limit: int) -> bytes:
        """The entry's bytes; raises TooLarge past `limit` bytes."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read_verified(
        self, path: str, size: int, sha256: str, where: str, problems: list[Problem]
    ) -> bytes | None:
        """Read a listed file, checking its size and sha256 as it streams."""
        reason = self.check_entry(path)
        if reason:
            problems.append(Problem(where, reason))
            return None
        declared = self.declared_size(path)
        if declared is not None and declared != size:
            problems.append(
                Problem(where, f"size is {declared} bytes but the manifest says {size}")
            )
            return None
        try:
            data = self.read(path, size)
        except TooLarge:
            problems.append(Problem(where, f"is larger than the {size} bytes the manifest says"))
            return None
        except OSError as exc:
            problems.append(Problem(where, f"cannot be read ({exc.strerror or exc})"))
            return None
        if len(data) != size:
            problems.append(
                Problem(where, f"size is {len(data)} bytes but the manifest says {size}")
            )
            return None
        if hashlib.sha256(data).hexdigest() != sha256:
            problems.append(Problem(where, "sha256 does not match the manifest"))
            return None
        return data


class ZipContainer(Container):
    def __init__(self, path: Path):
        self.location = str(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise _NotAZip(str(exc)) from exc
        self._infos: dict[str, zipfile.ZipInfo] = {}
        self.duplicates: set[str] = set()
        for info in self._zip.infolist():
            if info.filename in self._infos:
                self.duplicates.add(info.filename)
            self._infos[info.filename] = info

    def exists(self, path: str) -> bool:
        return path in self._infos

    def check_entry(self, path: str) -> str | None:
        info = self._infos.get(path)
        if info is None:
            return "is listed in the manifest but missing from the bundle"
        if path in self.duplicates:
            return "appears more than once in the ZIP file"
        if stat.S_ISLNK(info.external_attr >> 16):
            return "is a symbolic link, which bundles may not contain"
        if info.flag_bits & 0x1:
            return "is encrypted, which bundles may not be"
        if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            return f"is compressed more than {MAX_COMPRESSION_RATIO}:1 (a possible ZIP bomb)"
        return None

    def declared_size(self, path: str) -> int | None:
        info = self._infos.get(path)
        return info.file_size if info else None

    def read(self, path: str, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        try:
            with self._zip.open(self._infos[path]) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise TooLarge(path)
                    parts.append(chunk)
        except TooLarge:
            raise
        except Exception as exc:  # BadZipFile, zlib.error, EOFError: a corrupt stream
            raise OSError(f"damaged ZIP entry ({exc})") from exc
        return b"".join(parts)

    def close(self) -> None:
        self._zip.close()


class DirectoryContainer(Container):
    def __init__(self, path: Path):
        self.location = str(path)
        self._root = path.resolve()

    def _target(self, path: str) -> Path:
        return self._root.joinpath(*path.split("/"))

    def exists(self, path: str) -> bool:
        return os.path.lexists(self._target(path))

    def check_entry(self, path: str) -> str | None:
        current = self._root
        for part in path.split("/"):
            current = current / part
            try:
                st = os.lstat(current)
            except FileNotFoundError:
                return "is listed in the manifest but missing from the bundle"
            except OSError as exc:
                return f"cannot be read ({exc.strerror})"
            if stat.S_ISLNK(st.st_mode):
                return "is (or lies under) a symbolic link, which bundles may not contain"
        if not stat.S_ISREG(st.st_mode):
            return "is not a regular file"
        try:
            current.resolve().relative_to(self._root)
        except ValueError:
            return "leaves the bundle directory"
        return None

    def declared_size(self, path: str) -> int | None:
        try:
            return os.lstat(self._target(path)).st_size
        except OSError:
            return None

    def read(self, path: str, limit: int) -> bytes:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(self._target(path), flags)
        with os.fdopen(fd, "rb") as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(path)
        return data


class _NotAZip(Exception):
    pass


def open_container(source: str | os.PathLike[str]) -> Container:
    """Open a bundle for reading; SourceError if it is missing or unreadable.

    A file that exists but is not a ZIP archive is a broken bundle, reported
    as a rejection (exit 3) by the caller through `NotABundle`.
    """
    path = Path(source)
    if path.is_dir():
        return DirectoryContainer(path)
    if not path.exists():
        raise SourceError(f"{source}: no such file or folder")
    try:
        return ZipContainer(path)
    except _NotAZip as exc:
        raise NotABundle(f"is not a ZIP file or a bundle folder ({exc})") from exc
    except PermissionError as exc:
        raise SourceError(f"{source}: cannot be read ({exc.strerror})") from exc
    except OSError as exc:
        raise SourceError(f"{source}: cannot be read ({exc.strerror or exc})") from exc


class NotABundle(Exception):
    """The source exists but is no container at all."""


_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def peek_first_zip_entry(path: Path, name: str, limit: int) -> bytes | None:
    """The bytes of `name` if it is the ZIP file's first entry, without the directory.

    Reading a ZIP's central directory costs a tenth of a second for 10,000
    entries; `bundle build` writes the manifest first, so a re-sync can tell
    "already up to date" from the first local header alone. Anything unusual
    (another first entry, a data descriptor, encryption, a CRC mismatch)
    returns None and the caller reads the ZIP the normal way.
    """
    try:
        with open(path, "rb") as stream:
            header = stream.read(_LOCAL_HEADER.size)
            if len(header) < _LOCAL_HEADER.size:
                return None
            (sig, _v, flags, method, _t, _d, crc, csize, usize, nlen, xlen) = _LOCAL_HEADER.unpack(
                header
            )
            if sig != b"PK\x03\x04" or flags & 0x9 or usize > limit or csize > limit:
                return None
            if stream.read(nlen) != name.encode() or method not in (0, 8):
                return None
            stream.seek(xlen, os.SEEK_CUR)
            packed = stream.read(csize)
    except OSError:
        return None
    if method == 8:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(packed, limit + 1)
        except zlib.error:
            return None
    else:
        data = packed
    if len(data) != usize or zlib.crc32(data) != crc:
        return None
    return data
