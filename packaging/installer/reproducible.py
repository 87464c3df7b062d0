"""Reproducible artifacts: SOURCE_DATE_EPOCH, a deterministic .tar.gz, and SHA256SUMS.

Two builds of the same commit should give byte-identical tarballs: entries
sorted, owners and modes normalised, times clamped to SOURCE_DATE_EPOCH
(default: the last commit's time), and a gzip header without a time or a
file name.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import tarfile
import time
from pathlib import Path


def source_date_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else now (not reproducible)."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(done.stdout.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(time.time())


def _entries(folder: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        base = Path(dirpath)
        found.extend(base / d for d in dirnames)
        found.extend(base / f for f in sorted(filenames))
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def write_tarball(folder: Path, out: Path, epoch: int) -> Path:
    """`folder` as out (.tar.gz), its top-level entry named after the folder."""
    out.parent.mkdir(parents=True, exist_ok=True)
    top = folder.name
    with (
        open(out, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.GNU_FORMAT) as tar,
    ):
        for path in [folder, *_entries(folder)]:
            name = top if path == folder else f"{top}/{path.relative_to(folder).as_posix()}"
            info = tar.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = min(int(info.mtime), epoch)
            if info.isdir() or info.mode & 0o111:
                info.mode = 0o755
            elif not info.issym():
                info.mode = 0o644
            if info.isreg():
                with open(path, "rb") as handle:
                    tar.addfile(info, handle)
            else:
                tar.addfile(info)
    return out


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sha256sums(artifacts: list[Path], folder: Path) -> Path:
    """SHA256SUMS beside the artifacts, in `sha256sum -c` format."""
    lines = [f"{sha256(p)}  {p.name}\n" for p in sorted(artifacts, key=lambda p: p.name)]
    out = folder / "SHA256SUMS"
    out.write_text("".join(lines))
    return out
