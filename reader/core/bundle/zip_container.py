"""A ZIP bundle: its listed entries read straight from their offsets, bounded and checked.

Entries are found through the hand-read central directory of `zip_format`,
or through `zipfile` when that declines; every read is bounded by the size
the manifest declares, and an entry compressed suspiciously well (a ZIP
bomb) or padded far past its content is refused before it is inflated.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

from reader.core.bundle.container import Container
from reader.core.bundle.zip_format import LOCAL_HEADER, ZipEntry, read_directory
from reader.core.inputs import TooLarge, open_regular_file

__all__ = ["MAX_COMPRESSION_RATIO", "NotAZip", "ZipContainer"]

CHUNK = 64 * 1024
MAX_COMPRESSION_RATIO = 200


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
    every entry. The central directory is read by `zip_format`; `zipfile`
    is kept for what is unusual: ZIP64, other compression
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
        fast = read_directory(self._file)
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
            # A damaged directory can also ask for a newer ZIP version than zipfile
            # reads (NotImplementedError) or flag a name UTF-8 that is not (ValueError).
            except (zipfile.BadZipFile, NotImplementedError, ValueError) as exc:
                raise NotAZip(str(exc)) from exc
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
        header = stream.read(LOCAL_HEADER.size)
        if len(header) != LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise _DamagedEntry("bad local file header")
        name_length, extra_length = LOCAL_HEADER.unpack(header)[9:]
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


class NotAZip(Exception):
    """The file exists and is a regular file, but `zipfile` cannot read it as a ZIP."""
