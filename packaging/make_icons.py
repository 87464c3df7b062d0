"""Render resources/icons/sci-reader.svg to every PNG size, the Windows .ico and the macOS .icns.

Run it in the build environment (PySide6 renders the SVG, Pillow writes the
.ico and .icns) after changing the SVG, and commit what it writes:

    build/venv/bin/python packaging/make_icons.py

The app and the installers use the committed files; the build does not
redraw them, so a build needs neither step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "sci-reader.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_pngs() -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG}: not a valid SVG")
    written = []
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = ICONS / f"sci-reader-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"{path}: could not be written")
        written.append(path)
    return written


def write_ico_icns() -> list[Path]:
    from PIL import Image

    biggest = Image.open(ICONS / "sci-reader-512.png")
    ico = ICONS / "sci-reader.ico"
    biggest.save(ico, sizes=[(s, s) for s in ICO_SIZES])
    icns = ICONS / "sci-reader.icns"
    biggest.save(icns)
    return [ico, icns]


def main() -> int:
    for path in render_pngs() + write_ico_icns():
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
