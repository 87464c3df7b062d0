"""The container a web update syncs from: the staged folder, vouching for unchanged files.

A web update downloads only the files the library lacks into a bundle
folder in the cache (web_cache.py). Sync checks that every article it does
not re-read is still in the bundle (`_check_unchanged`); those files were
never downloaded, but the signed manifest lists them with the very sha256
the library holds, which is all a file on disk could prove. So this folder
container answers for them from the manifest: present, of the listed size.
Pages are vouched for the same way when the library holds them with the
listed sha256 (sync then keeps the library's text of them). Everything it
reads (new and changed articles and pages) is a real file, checked for
size and sha256 by sync as from any folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from reader.core.bundle.container import Container, DirectoryContainer

__all__ = ["StagedContainer", "staged_opener"]


class StagedContainer(DirectoryContainer):
    """A bundle folder plus the listed files it vouches for (path -> size)."""

    def __init__(self, path: Path, vouched: Mapping[str, int]):
        super().__init__(path)
        self._vouched = dict(vouched)

    def check_entry(self, path: str) -> str | None:
        if path in self._vouched:
            return None
        return super().check_entry(path)

    def vouches(self, path: str) -> bool:
        return path in self._vouched

    def declared_size(self, path: str) -> int | None:
        if path in self._vouched:
            return self._vouched[path]
        return super().declared_size(path)

    def read(self, path: str, limit: int) -> bytes:
        if path in self._vouched and not os.path.lexists(self._target(path)):
            # Never asked for: sync reads only what the library lacks.
            raise FileNotFoundError(f"{path} was not downloaded")
        return super().read(path, limit)


def staged_opener(vouched: Mapping[str, int]) -> Callable[[str | os.PathLike[str]], Container]:
    """An `open_source` for sync(): the staged folder at `source`, vouching for `vouched`."""

    def open_source(source: str | os.PathLike[str]) -> Container:
        return StagedContainer(Path(source), vouched)

    return open_source
