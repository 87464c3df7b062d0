"""Where the app's own files are: the same answer from a checkout, a wheel and a frozen app.

`resources/` (icons, the desktop file, the metainfo template, trusted
publisher keys) sits at the repository's top level in a checkout; the wheel
carries it as `reader/resources/` (pyproject's force-include, as for the
embedded library); PyInstaller puts it in the app folder beside the code, at
`sys._MEIPASS/resources` (packaging/sci-reader.spec). Nothing else in the app
guesses these paths.
"""

from __future__ import annotations

import sys
from pathlib import Path

RESOURCES = "resources"
ICON_SVG = "icons/sci-reader.svg"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resource_roots() -> list[Path]:
    """Candidate folders, most specific first: frozen app, installed package, checkout."""
    package_dir = Path(__file__).resolve().parent.parent  # reader/
    roots = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen) / RESOURCES)
    roots.append(package_dir / RESOURCES)
    roots.append(package_dir.parent / RESOURCES)
    return roots


def resources_dir() -> Path:
    """The first candidate that holds the app icon; FileNotFoundError naming all tried."""
    roots = resource_roots()
    for root in roots:
        if (root / ICON_SVG).is_file():
            return root
    tried = ", ".join(str(r) for r in roots)
    raise FileNotFoundError(f"the app's resources folder is missing (looked in {tried})")


def resource_path(relative: str) -> Path:
    """A file under resources/ (e.g. 'icons/sci-reader-48.png'); it may not exist."""
    return resources_dir() / relative


def icon_files() -> list[Path]:
    """The app icon's PNG sizes that exist, smallest first (the window's icon)."""
    folder = resources_dir() / "icons"
    return [p for size in ICON_SIZES if (p := folder / f"sci-reader-{size}.png").is_file()]


def keys_dir() -> Path:
    """resources/keys: the trusted Ed25519 publisher public keys shipped with the app."""
    return resources_dir() / "keys"
