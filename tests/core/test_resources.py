"""resources/ is found the same way from a checkout, an installed wheel and a frozen app."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from reader.core import resources
from reader.core.resources import ICON_SIZES, icon_files, keys_dir, resource_path, resources_dir

REPO = Path(__file__).resolve().parents[2]


def test_from_a_checkout():
    assert resources_dir() == REPO / "resources"
    assert [int(p.stem.rsplit("-", 1)[1]) for p in icon_files()] == list(ICON_SIZES)
    assert resource_path("icons/sci-reader.svg").read_text().lstrip().startswith("<?xml")
    assert (keys_dir() / "README.md").is_file()


def test_the_icon_files_are_what_they_say(qapp):
    from reader.ui.qt import QImage

    for path in icon_files():
        size = int(path.stem.rsplit("-", 1)[1])
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path.name
    assert resource_path("icons/sci-reader.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert resource_path("icons/sci-reader.icns").read_bytes()[:4] == b"icns"


def test_from_a_frozen_app(tmp_path, monkeypatch):
    """PyInstaller's folder (sys._MEIPASS) wins over the package's neighbours."""
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "sci-reader.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_a_missing_folder_names_every_place_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "resource_roots", lambda: [tmp_path / "a", tmp_path / "b"])
    with pytest.raises(FileNotFoundError, match=r"a, .*b\)"):
        resources_dir()


@pytest.mark.slow
def test_from_an_installed_wheel(tmp_path):
    """Build the wheel, install it into a folder of its own, ask it from outside the checkout."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            tmp_path / "wheel",
            REPO,
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = (tmp_path / "wheel").glob("sci_reader-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "reader/resources/icons/sci-reader.svg" in names
    assert "reader/resources/keys/README.md" in names
    assert "reader/data/sci-reader-library.zip" in names
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, wheel],
        check=True,
        capture_output=True,
        timeout=600,
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import reader; from reader.core import resources, paths;"
        "print(reader.__file__); print(resources.resources_dir());"
        "print(len(resources.icon_files())); print(paths.embedded_bundle_path())"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(site)],
        cwd=tmp_path,  # not the checkout
        capture_output=True,
        text=True,
        check=True,
    )
    package, found, icons, bundle = done.stdout.split("\n")[:4]
    assert Path(package).is_relative_to(site)
    assert Path(found) == site / "reader" / "resources"
    assert int(icons) == len(ICON_SIZES)
    assert Path(bundle) == site / "reader" / "data" / "sci-reader-library.zip"
