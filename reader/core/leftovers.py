"""Taking away what a failed write left behind, without hiding why it failed.

A clean-up runs while an error is on its way to the user. On a read-only
disk the clean-up fails too (unlink answers EROFS even for a file that was
never made), and its own OSError would replace the plain message the user
needs with a traceback and exit 1.
"""

from __future__ import annotations

import contextlib
import os


def discard(path: str | os.PathLike[str]) -> None:
    """Remove PATH if it is there; a failure is ignored, as the error being raised says why."""
    with contextlib.suppress(OSError):
        os.unlink(path)
