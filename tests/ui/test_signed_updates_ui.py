"""The window's updates run under the clinic's signature policy (signature.trust_for)."""

from __future__ import annotations

import shutil

from reader.core.config import ClinicConfig
from reader.ui.qt import QMessageBox
from tests.bundles import library_snapshot
from tests.bundles.signing import PublisherKey
from tests.ui.test_updates_ui import run_update

KEY = PublisherKey.new()


def test_an_unsigned_update_is_refused_when_the_clinic_requires_signatures(
    make_window, ui_data_dir, qtbot, ui_bundles
):
    window = make_window(ui_data_dir, clinic=ClinicConfig(require_signatures=True))
    before = library_snapshot(window.data_dir)
    controller, (ok, _message) = run_update(window, qtbot, ui_bundles.v2)
    assert ok is False
    box = controller.message_box
    assert box.windowTitle() == "This update cannot be used"
    assert box.icon() == QMessageBox.Icon.Warning
    assert "manifest.sig" in box.text() and "signed by a trusted publisher" in box.text()
    assert library_snapshot(window.data_dir) == before


def test_an_update_signed_with_a_clinic_key_is_installed_only_with_that_key(
    make_window, ui_data_dir, qtbot, ui_bundles, tmp_path
):
    folder = tmp_path / "v2-signed"
    shutil.copytree(ui_bundles.v2_dir, folder)
    (folder / "manifest.sig").write_bytes(KEY.signature((folder / "manifest.json").read_bytes()))
    window = make_window(ui_data_dir, clinic=ClinicConfig())
    before = library_snapshot(window.data_dir)
    _controller, (ok, _message) = run_update(window, qtbot, folder)
    assert ok is False  # signed, but by a key this app does not trust
    assert library_snapshot(window.data_dir) == before
    window.updates.clinic = ClinicConfig(require_signatures=True, trusted_keys=(KEY.public_text,))
    _controller, (ok, message) = run_update(window, qtbot, folder)
    assert ok is True, message
    assert "Library version 2" in window.status_label.text()
