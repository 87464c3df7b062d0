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
import zlib
from pathlib import Path
from typing import NamedTuple

from reader.core.bundle.inputs import NotRegularFile, TooLarge, open_regular_file
from reader.core.errors import Problem, SourceError

__all__ = ["Container", "NotABundle", "NotRegularFile", "TooLarge", "open_container"]

CHUNK = 64 * 1024
MAX_COMPRESSION_RATIO = 200


class Container:
    """The common interface of ZIP and directory bundles."""

    location: str

    def entry_count(self) -> int:
        """How many files the container holds, if it knows without looking (else 0)."""
        return 0

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


class ZipEntry(NamedTuple):  # a tuple: 10,000 are made per sync, and pickled
    """What reading one ZIP entry needs, from the ZIP's central directory."""

    offset: int  # of its local header
    method: int
    compressed: int
    size: int
    flags: int
    mode: int  # Unix mode bits, if the ZIP recorded them
    crc: int
    duplicate: bool = False


_STORED, _DEFLATED = 0, 8  # zipfile's ZIP_STORED and ZIP_DEFLATED


def _most_packed(size: int) -> int:
    """The most compressed bytes `size` bytes of content can need.

    Deflate stores incompressible data with 5 bytes per 64 KiB block; this
    allows 6 % and a kilobyte more. A bigger entry is padded on purpose.
    """
    return size + size // 16 + 1024


_DIRECT_METHODS = (_STORED, _DEFLATED)


class _DamagedEntry(Exception):
    """The bytes of a ZIP entry do not hold together."""


class ZipContainer(Container):
    """A ZIP bundle. Entries are read straight from their offsets.

    Going through `zipfile` costs about 90 microseconds per entry, three
    times the inflating and hashing itself; a 10,000-article sync reads
    every entry. The central directory is read here too (`_read_directory`);
    `zipfile` is kept for what is unusual: ZIP64, other compression
    methods, and telling what is wrong with a broken file.
    """

    def __init__(self, path: Path, entries: dict[str, ZipEntry] | None = None):
        self.location = str(path)
        self._path = path
        self._zip = None  # a zipfile.ZipFile, opened only when needed
        # The one open file every read goes through: checked once to be a
        # regular file (not a device or pipe), it cannot be swapped later.
        self._file = open_regular_file(path)
        try:
            self._read_entries(entries)
        except BaseException:
            self._file.close()
            raise

    def _read_entries(self, entries: dict[str, ZipEntry] | None) -> None:
        if entries is not None:  # told by a process that read the directory already
            self._entries = entries
            return
        fast = _read_directory(self._file)
        if fast is not None:
            self._entries = fast
            return
        self._entries = {}
        for info in self._open_zip().infolist():
            # A repeated name: the last entry is the one `zipfile` would read.
            seen = info.filename in self._entries
            self._entries[info.filename] = ZipEntry(
                offset=info.header_offset,
                method=info.compress_type,
                compressed=info.compress_size,
                size=info.file_size,
                flags=info.flag_bits,
                mode=info.external_attr >> 16,
                crc=info.CRC,
                duplicate=seen,
            )

    def _open_zip(self):  # -> zipfile.ZipFile; also how a broken ZIP is reported
        import zipfile  # a tenth of the sync command's start-up, needed only here

        if self._zip is None:
            try:
                self._zip = zipfile.ZipFile(self._file)
            except zipfile.BadZipFile as exc:
                raise _NotAZip(str(exc)) from exc
        return self._zip

    def entries(self, paths: list[str]) -> dict[str, ZipEntry]:
        """The records of these entries, for another process to read them with."""
        return {p: self._entries[p] for p in paths if p in self._entries}

    def entry_count(self) -> int:
        return len(self._entries)

    def check_entry(self, path: str) -> str | None:
        entry = self._entries.get(path)
        if entry is None:
            return "is listed in the manifest but missing from the bundle"
        if entry.duplicate:
            return "appears more than once in the ZIP file"
        if stat.S_ISLNK(entry.mode):
            return "is a symbolic link, which bundles may not contain"
        if entry.flags & 0x1:
            return "is encrypted, which bundles may not be"
        if entry.size > MAX_COMPRESSION_RATIO * max(entry.compressed, 1):
            return f"is compressed more than {MAX_COMPRESSION_RATIO}:1 (a possible ZIP bomb)"
        return None

    def declared_size(self, path: str) -> int | None:
        entry = self._entries.get(path)
        return entry.size if entry else None

    def read(self, path: str, limit: int) -> bytes:
        entry = self._entries[path]
        try:
            if entry.method in _DIRECT_METHODS and not entry.duplicate:
                data = self._read_direct(path, entry, limit)
            else:
                data = self._read_with_zipfile(path, limit)
        except TooLarge:
            raise
        except Exception as exc:  # BadZipFile, zlib.error, EOFError: a corrupt stream
            raise OSError(f"damaged ZIP entry ({exc})") from exc
        return data

    def _read_direct(self, path: str, entry: ZipEntry, limit: int) -> bytes:
        stream = self._file
        stream.seek(entry.offset)
        header = stream.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise _DamagedEntry("bad local file header")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[9:]
        if stream.read(name_length) != path.encode("utf-8" if entry.flags & 0x800 else "cp437"):
            raise _DamagedEntry("file name in directory and header differ")
        stream.seek(extra_length, os.SEEK_CUR)
        if entry.compressed > _most_packed(limit):
            # Read whole, such an entry could take gigabytes for a small file.
            if entry.method == _STORED:
                raise TooLarge(path)
            raise _DamagedEntry(
                f"{entry.compressed} compressed bytes for at most {limit} bytes of content"
            )
        packed = stream.read(entry.compressed)
        if len(packed) != entry.compressed:
            raise EOFError("the entry is cut short")
        if entry.method == _STORED:
            data = packed
        else:
            inflater = zlib.decompressobj(-15)
            data = inflater.decompress(packed, limit + 1)
            if not inflater.eof and len(data) <= limit:
                raise EOFError("the compressed data ends early")
        if len(data) > limit:
            raise TooLarge(path)
        if zlib.crc32(data) != entry.crc:
            raise _DamagedEntry(f"bad CRC-32 for file {path!r}")
        return data

    def _read_with_zipfile(self, path: str, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        with self._open_zip().open(path) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise TooLarge(path)
                parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        self._file.close()


class DirectoryContainer(Container):
    def __init__(self, path: Path):
        self.location = str(path)
        self._root = path.resolve()

    def _target(self, path: str) -> Path:
        return self._root.joinpath(*path.split("/"))

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
        # check_entry looked first, but the folder may have changed since.
        with open_regular_file(self._target(path), follow_links=False) as stream:
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
    try:
        if path.is_dir():
            return DirectoryContainer(path)
    except (OSError, ValueError) as exc:  # a name too long for the system, a NUL byte
        raise SourceError(f"{source}: cannot be read ({getattr(exc, 'strerror', exc)})") from exc
    if not os.path.lexists(path):
        raise SourceError(f"{source}: no such file or folder")
    try:
        return ZipContainer(path)
    except _NotAZip as exc:
        raise NotABundle(f"is not a ZIP file or a bundle folder ({exc})") from exc
    except NotRegularFile as exc:
        raise SourceError(f"{source}: {exc.strerror}; a bundle is a ZIP file or a folder") from exc
    except FileNotFoundError as exc:  # a symbolic link to nothing
        raise SourceError(f"{source}: no such file or folder") from exc
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
        with open_regular_file(path) as stream:
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


_END = struct.Struct("<4s4H2LH")  # end of central directory record
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # central directory file header
_ZIP64_LOCATOR = b"PK\x06\x07"
_MAX_COMMENT = 0xFFFF
_MAX_EXTRACT_VERSION = 63  # what zipfile can read


def _read_directory(stream) -> dict[str, ZipEntry] | None:
    """The central directory of a plain ZIP file, read in one pass; None if unusual.

    `zipfile` builds a ZipInfo per entry, a fifth of a second for 10,000
    entries, in every sync. ZIP64, multi-disk or prefixed archives, names
    `zipfile` would alter, and anything malformed return None, and the
    caller lets `zipfile` read (or reject) the file as before.
    """
    try:
        size = os.fstat(stream.fileno()).st_size
        tail_start = max(0, size - _END.size - _MAX_COMMENT)
        stream.seek(tail_start)
        tail = stream.read(size - tail_start)  # bounded: the file may grow
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + _END.size > len(tail):
            return None
        (_sig, disk, cd_disk, on_disk, count, cd_size, cd_offset, comment) = _END.unpack_from(
            tail, at
        )
        end_at = tail_start + at
        if (
            at + _END.size + comment != len(tail)
            or disk != 0
            or cd_disk != 0
            or on_disk != count
            or 0xFFFF in (on_disk, count)
            or 0xFFFFFFFF in (cd_size, cd_offset)
            or cd_offset + cd_size != end_at
            or tail[max(0, at - 20) : at - 16] == _ZIP64_LOCATOR
        ):
            return None
        stream.seek(cd_offset)
        directory = stream.read(cd_size)
    except OSError:
        return None
    if len(directory) != cd_size:
        return None
    return _parse_directory(directory, count)


def _parse_directory(directory: bytes, count: int) -> dict[str, ZipEntry] | None:
    entries: dict[str, ZipEntry] = {}
    position = 0
    unpack = _CENTRAL.unpack_from
    for _ in range(count):
        if position + _CENTRAL.size > len(directory):
            return None
        fields = unpack(directory, position)
        if fields[0] != b"PK\x01\x02" or fields[3] > _MAX_EXTRACT_VERSION:
            return None
        flags, method, crc, compressed, size = (
            fields[5],
            fields[6],
            fields[9],
            fields[10],
            fields[11],
        )
        name_length, extra_length, comment_length = fields[12], fields[13], fields[14]
        offset = fields[18]
        if 0xFFFFFFFF in (compressed, size, offset):
            return None  # the real values are in a ZIP64 extra field
        start = position + _CENTRAL.size
        raw_name = directory[start : start + name_length]
        try:
            name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
        except UnicodeDecodeError:
            return None
        if "\0" in name or (os.sep != "/" and os.sep in name):
            return None  # zipfile would cut or change the name
        entries[name] = ZipEntry(
            offset=offset,
            method=method,
            compressed=compressed,
            size=size,
            flags=flags,
            mode=fields[17] >> 16,
            crc=crc,
            duplicate=name in entries,
        )
        position = start + name_length + extra_length + comment_length
    if position != len(directory):
        return None
    return entries
