"""What a sync reports: its result, and after a Ctrl-C whether it changed the library.

The command line and the window both show a `SyncResult` (reader.core.text
words it); `SyncWatch` is filled in by `sync.sync()` as it goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import LibraryUnusable
from reader.core.library.store import open_library


@dataclass(frozen=True)
class SyncResult:
    result: str  # "updated" or "up-to-date"
    version: int
    added: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    # A damaged library set aside and built again from the bundle: every summary
    # counts as added, which the words say as the repair it was (not in the JSON).
    repaired: bool = False

    def to_json(self) -> dict:
        return {
            "result": self.result,
            "version": self.version,
            "added": self.added,
            "updated": self.updated,
            "withdrawn": self.withdrawn,
            "unchanged": self.unchanged,
        }


@dataclass
class SyncWatch:
    """What a sync got to, for telling after a Ctrl-C whether it changed the library.

    A KeyboardInterrupt is raised wherever Python happens to be when the
    signal comes, and that may be just after the commit (or the rename that
    puts a new library in place) returned: the exception then says nothing
    about the library. So the caller asks the library itself (`completed`).
    Both fields are set before the change is saved, never after it.
    """

    target: str | None = None  # the bundle's manifest sha256, once the library is to change
    result: SyncResult | None = None  # what the sync will report once the change is saved

    def completed(self, data_dir: Path) -> SyncResult | None:
        """The sync's result if the library now holds its bundle, else None."""
        if self.target is None or self.result is None:
            return None
        try:
            with open_library(Path(data_dir), create=False) as library:
                held = library.meta().manifest_sha256
        except LibraryUnusable:
            return None
        return self.result if held == self.target else None
