"""Check for updates from a web source in the window: cost, download, cancel, calm words.

The web functions are replaced by `FakeWeb` (reader.core.library.web_update
is tested against a real HTTP server in tests/core); its download applies a
real bundle with the real sync, so the library really changes (or not).
"""

from __future__ import annotations

import threading
import time

import pytest

from reader.core.config import ClinicConfig
from reader.core.errors import BundleRejected, Problem, SourceError, SyncCancelled
from reader.core.library.last_check import read_last_check
from reader.core.library.sync import sync
from reader.core.library.web_update import UpdatePlan, is_web_source
from reader.ui import screen_fit, web_jobs, web_updates
from reader.ui.notice_bar import UPDATE_AVAILABLE
from reader.ui.qt import QApplication, QDialog, QMessageBox, QRect, Qt
from reader.ui.update_dialogs import STEPS, CostDialog, DownloadDialog
from tests.bundles import library_snapshot

URL = "https://updates.example.org/sci-library/"
V2_MESSAGE = "Library updated to version 2: 3 new summaries, 1 updated."
TOTAL = 340_000
TIMEOUT = 20_000


def plan(**changes) -> UpdatePlan:
    values = dict(source=URL, version=2, new=3, updated=1, withdrawn=0,
                  download_bytes=TOTAL, up_to_date=False, expires=None)  # fmt: skip
    values.update(changes)
    return UpdatePlan(**values)


class FakeWeb:
    """Stands in for reader.core.library.web_update; records each call and its thread."""

    is_web_source = staticmethod(is_web_source)

    def __init__(self, bundle, found: UpdatePlan | None = None, check_error=None):
        self.bundle = bundle  # what a download applies, with the real sync
        self.found = found or plan()
        self.check_error = check_error
        self.download_error: Exception | None = None
        self.checks: list[dict] = []
        self.downloads: list[dict] = []
        self.wait_for_cancel = False

    def check_for_update(self, data_dir, source, trust, *, cancelled, proxy):
        self.checks.append(dict(source=source, proxy=proxy, thread=threading.get_ident()))
        if self.check_error is not None:
            raise self.check_error
        return self.found

    def download_and_apply(self, data_dir, update, trust, *, progress, cancelled, proxy):
        self.downloads.append(dict(plan=update, proxy=proxy, thread=threading.get_ident()))
        total = update.download_bytes
        if self.wait_for_cancel:
            done = 0
            while not cancelled():
                done = min(total - 1, done + 1000)
                progress(done, total)
                time.sleep(0.01)
            raise SyncCancelled("cancelled")
        for done in (0, total // 2, total):
            progress(done, total)
        if self.download_error is not None:
            raise self.download_error
        return sync(data_dir, self.bundle, cancelled=cancelled)


@pytest.fixture
def web(monkeypatch, ui_bundles):
    fake = FakeWeb(ui_bundles.v2)
    monkeypatch.setattr(web_updates, "_core", lambda: fake)
    return fake


@pytest.fixture
def web_window(window, web):
    window.prefs.update_source = URL
    return window


def check(window, qtbot, web) -> None:
    """Menu > Check for updates…, and wait until the check's worker has ended."""
    window.commands.check_updates.trigger()
    qtbot.waitUntil(lambda: bool(web.checks) and window.updates.web().job is None, timeout=TIMEOUT)


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def test_progress_the_worker_sends_at_once_is_not_lost(web_window, qtbot, web, monkeypatch):
    """The worker may report before the window's thread has wired the dialog to it
    (a loaded machine: this test failed so in a full run); none of it is lost."""
    real_start = web_jobs.Job.start

    def start_then_fall_behind(job) -> None:
        real_start(job)
        time.sleep(0.3)  # the worker reports all its progress meanwhile

    monkeypatch.setattr(web_jobs.Job, "start", start_then_fall_behind)
    check(web_window, qtbot, web)
    updates = web_window.updates.web()
    updates.cost_dialog.download_button.click()
    values: list[int] = []
    updates.download_dialog.bar.valueChanged.connect(values.append)
    with qtbot.waitSignal(web_window.updates.finished, timeout=TIMEOUT):
        pass
    assert values == [STEPS // 2, STEPS]


def test_the_cost_dialog_says_what_the_update_brings_and_costs(web_window, qtbot, web):
    window = web_window
    assert window.commands.check_updates.text() == "Check for updates…"
    check(window, qtbot, web)
    assert web.checks[0]["source"] == URL and web.checks[0]["proxy"] is None
    assert web.checks[0]["thread"] != threading.get_ident()  # off the window's thread
    dialog = window.updates.web().cost_dialog
    assert isinstance(dialog, CostDialog) and dialog.isVisible()
    assert dialog.question.text() == "3 new summaries, 1 updated, 340 KB. Download now?"
    assert dialog.accessibleDescription() == dialog.question.text()
    assert [dialog.download_button.text(), dialog.not_now_button.text()] == ["Download", "Not now"]
    for b in (dialog.download_button, dialog.not_now_button):
        assert b.width() >= 44 and b.height() >= 44
    assert QApplication.focusWidget() is dialog.download_button
    assert web.downloads == []  # nothing downloaded before the reader says yes


def test_not_now_downloads_nothing_and_leaves_a_notice(web_window, qtbot, web):
    window = web_window
    check(window, qtbot, web)
    window.updates.web().cost_dialog.not_now_button.click()
    assert web.downloads == []
    notice = window.statusBar().notices.shown(UPDATE_AVAILABLE)
    assert notice is not None and notice.isVisible()
    assert "Library version 1" in window.status_label.text()


def test_download_shows_progress_applies_and_closes_with_the_result(web_window, qtbot, web):
    window = web_window
    window.prefs.update_proxy = "http://proxy.example.org:8080"
    check(window, qtbot, web)
    updates = window.updates.web()
    updates.cost_dialog.download_button.click()
    dialog = updates.download_dialog
    assert isinstance(dialog, DownloadDialog) and dialog.isVisible()
    values, words = [], []
    dialog.bar.valueChanged.connect(values.append)
    dialog.label.setText = lambda text, real=dialog.label.setText: (words.append(text), real(text))
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args == [True, V2_MESSAGE]
    assert web.downloads[0]["proxy"] == "http://proxy.example.org:8080"
    assert web.downloads[0]["thread"] != threading.get_ident()
    assert values == [STEPS // 2, STEPS]
    assert "170 KB of 340 KB" in words
    assert updates.download_dialog is None and not dialog.isVisible()
    box = updates.message_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert (box.windowTitle(), box.text()) == ("Library updated", V2_MESSAGE)
    assert "Library version 2" in window.status_label.text()
    assert window.statusBar().notices.shown(UPDATE_AVAILABLE) is None
    assert (read_last_check(window.data_dir).source, read_last_check(window.data_dir).result) == (
        URL,
        "updated",
    )
    box.done(0)


def test_cancel_leaves_the_library_unchanged_and_says_so_calmly(
    web_window, qtbot, web, ui_data_dir
):
    window = web_window
    before = library_snapshot(ui_data_dir)
    web.wait_for_cancel = True
    check(window, qtbot, web)
    updates = window.updates.web()
    updates.cost_dialog.download_button.click()
    dialog = updates.download_dialog
    qtbot.waitUntil(lambda: " of 340 KB" in dialog.label.text(), timeout=TIMEOUT)
    assert dialog.cancel_button.accessibleName() == "Cancel the download"
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        dialog.cancel_button.click()
        assert dialog.label.text() == "Cancelling…"
    assert blocker.args == [False, web_updates.CANCELLED]
    assert window.statusBar().currentMessage() == web_updates.CANCELLED
    assert web_updates.CANCELLED == "Download cancelled. Your library was not changed."
    assert updates.message_box is None and open_dialogs() == []
    assert library_snapshot(ui_data_dir) == before
    assert read_last_check(ui_data_dir) is None  # a cancel says nothing about the source


def test_escape_in_the_download_dialog_cancels_too(web_window, qtbot, web):
    window = web_window
    web.wait_for_cancel = True
    check(window, qtbot, web)
    updates = window.updates.web()
    updates.cost_dialog.download_button.click()
    dialog = updates.download_dialog
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT):
        dialog.reject()  # what Escape and the close button do
        assert dialog.isVisible()  # until the worker has stopped
    assert not dialog.isVisible()


@pytest.mark.parametrize("stage", ["check", "download"])
def test_offline_is_a_calm_line_in_the_status_line_not_a_dialog(
    web_window, qtbot, web, ui_data_dir, stage
):
    window = web_window
    before = library_snapshot(ui_data_dir)
    offline = SourceError("cannot reach updates.example.org: the connection timed out")
    if stage == "check":
        web.check_error = offline
        check(window, qtbot, web)
    else:
        web.download_error = offline
        check(window, qtbot, web)
        with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT):
            window.updates.web().cost_dialog.download_button.click()
    message = window.statusBar().currentMessage()
    assert "Cannot reach updates.example.org: the connection timed out." in message
    assert "Your library was not changed" in message
    assert message.startswith("The download stopped. " if stage == "download" else "Cannot")
    assert window.updates.web().message_box is None and open_dialogs() == []
    assert library_snapshot(ui_data_dir) == before
    assert read_last_check(ui_data_dir).result == "offline"


def test_nothing_new_says_the_library_is_up_to_date(web_window, qtbot, web):
    web.found = plan(up_to_date=True, new=0, updated=0, download_bytes=0)
    check(web_window, qtbot, web)
    assert web_window.statusBar().currentMessage() == "Your library is up to date."
    assert open_dialogs() == [] and web.downloads == []
    assert read_last_check(web_window.data_dir).result == "up-to-date"


def test_a_rejected_update_is_explained_by_name(web_window, qtbot, web, ui_data_dir):
    before = library_snapshot(ui_data_dir)
    web.check_error = BundleRejected([Problem("manifest.sig", "the signature does not verify")])
    check(web_window, qtbot, web)
    box = web_window.updates.web().message_box
    assert box.isVisible() and box.windowTitle() == "This update cannot be used"
    assert "manifest.sig: the signature does not verify" in box.text()
    assert library_snapshot(ui_data_dir) == before
    assert read_last_check(ui_data_dir).result == "rejected"
    box.done(0)


def test_a_scheduled_check_shows_an_unobtrusive_notice_with_download(
    make_window, ui_data_dir, qtbot, web
):
    clinic = ClinicConfig(update_source=URL, update_check="start")
    window = make_window(ui_data_dir, clinic=clinic)
    notices = window.statusBar().notices
    qtbot.waitUntil(lambda: notices.shown(UPDATE_AVAILABLE) is not None, timeout=TIMEOUT)
    notice = notices.shown(UPDATE_AVAILABLE)
    assert notice.label.text() == (
        "A library update is available: 3 new summaries, 1 updated, 340 KB."
    )
    assert notice.accessibleName() == f"Notice: {notice.label.text()}"
    assert open_dialogs() == []  # not a modal
    assert notice.action_button.text() == "Download"
    with qtbot.waitSignal(window.updates.finished, timeout=TIMEOUT) as blocker:
        notice.action_button.click()
    assert blocker.args == [True, V2_MESSAGE]
    assert "Library version 2" in window.status_label.text()
    window.updates.web().message_box.done(0)


def test_a_scheduled_check_that_finds_nothing_or_is_offline_says_nothing(
    make_window, ui_data_dir, qtbot, web
):
    web.check_error = SourceError("cannot reach updates.example.org")
    window = make_window(ui_data_dir, clinic=ClinicConfig(update_source=URL, update_check="start"))
    qtbot.waitUntil(lambda: bool(web.checks) and window.updates.web().job is None, timeout=TIMEOUT)
    assert window.statusBar().currentMessage() == ""
    assert window.statusBar().notices.shown(UPDATE_AVAILABLE) is None and open_dialogs() == []


def test_no_schedule_no_network(make_window, ui_data_dir, web):
    window = make_window(ui_data_dir, clinic=ClinicConfig(update_source=URL, update_check="never"))
    QApplication.processEvents()
    window.prefs.update_source = URL
    QApplication.processEvents()
    assert web.checks == []


def test_a_file_source_takes_the_sync_path(window, qtbot, web, ui_bundles):
    window.prefs.update_source = str(ui_bundles.v2)
    window.commands.check_updates.trigger()
    controller = window.sync_controller
    assert controller is not None
    with qtbot.waitSignal(controller.done, timeout=TIMEOUT) as blocker:
        pass
    assert blocker.args == [True, V2_MESSAGE] and web.checks == []
    controller.message_box.done(0)


def test_a_scheduled_look_at_a_file_source_offers_it(make_window, ui_data_dir, qtbot, ui_bundles):
    clinic = ClinicConfig(update_source=str(ui_bundles.v2), update_check="daily")
    window = make_window(ui_data_dir, clinic=clinic)
    notices = window.statusBar().notices
    qtbot.waitUntil(lambda: notices.shown(UPDATE_AVAILABLE) is not None, timeout=TIMEOUT)
    assert notices.shown(UPDATE_AVAILABLE).label.text() == (
        "A library update is available: version 2."
    )
    assert window.updates.web().timer.isActive()  # and again a day later
    assert "Library version 1" in window.status_label.text()


def test_time_left_follows_the_measured_speed(qtbot, window):
    now = [100.0]
    dialog = DownloadDialog(window, clock=lambda: now[0])
    qtbot.addWidget(dialog)
    dialog.set_progress(0, 3_400_000)
    assert dialog.label.text() == "0 bytes of 3.4 MB"
    now[0] += 10
    dialog.set_progress(1_200_000, 3_400_000)  # 120 KB a second: 2.2 MB in 18 s
    assert dialog.label.text() == "1.2 MB of 3.4 MB, about 20 seconds left"
    assert dialog.bar.value() == round(STEPS * 12 / 34 - 0.5)
    assert dialog.bar.accessibleDescription() == dialog.label.text()
    dialog.finish()


def words_height(label) -> int:
    """The height `label`'s words take, wrapped at its width, with its margins."""
    room = label.contentsRect()
    flags = int(Qt.TextFlag.TextWordWrap | label.alignment())
    wrapped = QRect(0, 0, room.width(), 100_000)
    words = label.fontMetrics().boundingRect(wrapped, flags, label.text())
    return words.height() + label.height() - room.height()


@pytest.mark.parametrize("screen", [None, (1024, 768)], ids=["test-display", "1024x768"])
def test_the_download_dialog_is_as_tall_as_its_words_need(qtbot, window, monkeypatch, screen):
    """Failed before: at 300% text it was sized for its longest line ("999 MB of 999 MB,
    about 55 minutes left", two lines) and kept an empty line's band under a shorter one.
    It grows when a line needs more room, and then stays: Cancel does not jump about."""
    if screen is not None:
        monkeypatch.setattr(screen_fit, "available", lambda _widget: QRect(0, 0, *screen))
        window.resize(*screen)
    window.set_scale(3.0)
    now = [100.0]
    dialog = DownloadDialog(window, clock=lambda: now[0])
    dialog.open()
    qtbot.waitExposed(dialog)
    label, tallest = dialog.label, 0
    bottom_margin = dialog.layout().contentsMargins().bottom()
    steps = [
        lambda: dialog.set_progress(0, 999_000_000),
        lambda: dialog.set_progress(345_000_000, 999_000_000),  # the longest kind of line
        dialog.cancel,  # "Cancelling…"
    ]
    for step in [lambda: None, *steps]:
        now[0] += 1741  # 345 MB in 1741 s: "about 55 minutes left"
        step()
        QApplication.processEvents()
        needs = words_height(label)
        tallest = max(tallest, needs)
        assert label.height() == tallest, (label.text(), label.height(), needs)
        assert dialog.height() - dialog.cancel_button.geometry().bottom() - 1 == bottom_margin
    assert dialog.bar.accessibleDescription() == "345 MB of 999 MB, about 55 minutes left"
    assert tallest > words_height(label)  # two lines, then one again
    dialog.finish()


def test_kiosk_mode_offers_no_check_or_settings(make_window, ui_data_dir):
    window = make_window(ui_data_dir, kiosk=True)
    for action in (window.commands.check_updates, window.commands.update_settings):
        assert not action.isVisible() and not action.isEnabled()
    window.kiosk.unlock()
    assert window.commands.check_updates.isEnabled()
