"""Where the library and personal data live, and where the embedded bundle is.

One data directory holds both SQLite files; `--data-dir` or the
SCI_READER_DATA_DIR variable move it (tests and clinics use both).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sci-reader"
DATA_DIR_ENV = "SCI_READER_DATA_DIR"
LIBRARY_FILE = "library.sqlite3"
USERDATA_FILE = "userdata.sqlite3"
EMBEDDED_BUNDLE_NAME = "sci-reader-library.zip"


def resolve_data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: the option, else the variable, else the platform's."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def embedded_bundle_path() -> Path:
    """The default library shipped with the app.

    An installed wheel carries it as reader/data/<name>; a source checkout
    (editable install, tests) has it in the repository's data/ folder.
    """
    package_dir = Path(__file__).resolve().parent.parent
    for candidate in (
        package_dir / "data" / EMBEDDED_BUNDLE_NAME,
        package_dir.parent / "data" / EMBEDDED_BUNDLE_NAME,
    ):
        if candidate.is_file():
            return candidate
    return package_dir.parent / "data" / EMBEDDED_BUNDLE_NAME
