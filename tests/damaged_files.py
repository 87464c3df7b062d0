"""A personal data file damaged as a disk or a crash would leave it, for the tests that
open one (tests/core/personal/test_damaged.py, tests/ui/personal/test_damaged_file_at_start.py)."""

from __future__ import annotations

from pathlib import Path

from reader.core.paths import USERDATA_FILE
from reader.core.personal.store import PersonalData


def damaged_personal_file(data_dir: Path, article_id: str = "a") -> bytes:
    """A real file with a note on `article_id`, its first page overwritten past the header.

    Returns the damaged bytes.
    """
    with PersonalData(data_dir) as personal:
        personal.set_note(article_id, "A", "a note worth keeping")
    path = data_dir / USERDATA_FILE
    data = bytearray(path.read_bytes())
    data[100:2000] = bytes(range(256)) * 7 + bytes(108)
    path.write_bytes(bytes(data))
    return bytes(data)
