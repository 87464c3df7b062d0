"""Who the app is, said once: its name, ids, organisation and version.

The window title, `--version`, platformdirs, the desktop file, the AppStream
metainfo and the installers all read these names from here, so a rename
touches one file. The version itself lives in `reader/__init__.py` (hatch
reads it there for the wheel); this module only re-exports it.
"""

from __future__ import annotations

from reader import __version__

DISPLAY_NAME = "SCI Research Reader"
# Reverse-DNS id: the desktop file's name, the AppStream id, macOS's bundle id.
APP_ID = "org.spinalcordresearchhelp.Reader"
# The folder name platformdirs uses for the data folder. Kept as it was before
# this module existed, so data folders made by earlier versions are found.
DATA_NAME = "sci-reader"
COMMAND = "sci-reader"  # the command, the frozen executable, the install folder
ORGANISATION = "Spinal Cord Research Help"
ORGANISATION_DOMAIN = "spinalcordresearchhelp.org"
SUMMARY = "Plain-language summaries of spinal cord injury research, offline"
HOMEPAGE = "https://spinalcordresearchhelp.org/"
VERSION = __version__


def version_line() -> str:
    """What `--version` prints: 'sci-reader 0.1.0' (scripts parse it; docs/cli.md)."""
    return f"{COMMAND} {VERSION}"
