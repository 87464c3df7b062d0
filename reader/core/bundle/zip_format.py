"""The ZIP format read by hand, for speed: the central directory and the first local header.

`zipfile` builds a ZipInfo per entry, a fifth of a second for 10,000
entries, in every sync; and a re-sync that changed nothing need not read
the directory at all when the manifest is the first entry. Only plain
archives are read here: anything unusual (ZIP64, multi-disk or prefixed
archives, names `zipfile` would alter, anything malformed) returns None,
and the caller lets `zipfile` read (or reject) the file as before.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path
from typing import NamedTuple

from reader.core.inputs import open_regular_file

__all__ = [
    "LOCAL_HEADER",
    "ZipEntry",
    "peek_first_zip_entry",
    "peek_zip_entries",
    "read_directory",
]


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


LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def peek_first_zip_entry(path: Path, name: str, limit: int) -> bytes | None:
    """The bytes of `name` if it is the ZIP file's first entry, without the directory.

    Reading a ZIP's central directory costs a tenth of a second for 10,000
    entries; `bundle build` writes the manifest first, so a re-sync can tell
    "already up to date" from the first local header alone. Anything unusual
    (another first entry, a data descriptor, encryption, a CRC mismatch)
    returns None and the caller reads the ZIP the normal way.
    """
    return peek_zip_entries(path, (name,), limit)[0]


def peek_zip_entries(path: Path, names: tuple[str, ...], limit: int) -> list[bytes | None]:
    """The bytes of the ZIP's first entries if they are `names`, in that order.

    One item per name: its bytes, or None from the first entry that is
    another, or unusual (see `peek_first_zip_entry`), on. `bundle build` and
    `bundle sign` put `manifest.sig` right after `manifest.json`.
    """
    found: list[bytes | None] = [None] * len(names)
    try:
        with open_regular_file(path) as stream:
            for i, name in enumerate(names):
                data = _local_entry(stream, name, limit)
                if data is None:
                    break
                found[i] = data
    except OSError:
        pass
    return found


def _local_entry(stream, name: str, limit: int) -> bytes | None:
    """The entry whose local header is at the stream's position, if it is `name`."""
    header = stream.read(LOCAL_HEADER.size)
    if len(header) < LOCAL_HEADER.size:
        return None
    (sig, _v, flags, method, _t, _d, crc, csize, usize, nlen, xlen) = LOCAL_HEADER.unpack(header)
    if sig != b"PK\x03\x04" or flags & 0x9 or usize > limit or csize > limit:
        return None
    if stream.read(nlen) != name.encode() or method not in (0, 8):
        return None
    stream.seek(xlen, os.SEEK_CUR)
    packed = stream.read(csize)
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


def read_directory(stream) -> dict[str, ZipEntry] | None:
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
