"""The web update's dialogs and notices, for `take.py --updates --sizes WxH ...`.

At each size and at 100% and 300% text: the Update settings dialog (the
reader's own, and locked by a clinic), the cost dialog, the download
dialog part way, and the status line with the "update available" and "may
be out of date" notices, named like update-cost-1024x768-300.png; the cost
dialog of a damaged library (its repair: update-repair-...) and of a `.zip`
address (its version unknown until downloaded: update-cost-zip-...), and the
repair's notice (notice-repair-...).
"""

from __future__ import annotations

from pathlib import Path

from reader.core.library.web_update import UpdatePlan
from reader.core.text.update_words import out_of_date_notice, out_of_date_short
from reader.ui.context import Location
from reader.ui.notice_bar import OUT_OF_DATE, UPDATE_AVAILABLE
from reader.ui.update_dialogs import CostDialog, DownloadDialog
from reader.ui.update_settings import UpdateSettingsDialog

PLAN = UpdatePlan("https://example.org/library/", 3, 12, 4, 1, 340_000, False, None)
REPAIR = UpdatePlan(
    "https://example.org/library/", 3, 10_000, 0, 0, 52_000_000, False, None, repair=True
)
ZIP = UpdatePlan(
    "https://example.org/library.zip", None, 0, 0, 0, 3_400_000, False, None, counts_known=False
)


def update_scenes(window, out: Path, tag: str, settle, shot) -> None:
    def dialog_shot(dialog, name: str) -> None:
        settle()
        dialog.grab().save(str(out / f"{name}-{tag}.png"))
        print(f"saved {name}-{tag}.png ({dialog.width()}x{dialog.height()})")

    settings = window.updates.web().open_settings()
    dialog_shot(settings, "update-settings")
    settings.reject()
    locked = UpdateSettingsDialog(window, window.prefs, "https://clinic.example.org/library/")
    locked.open()
    dialog_shot(locked, "update-settings-clinic")
    locked.reject()
    for plan, name in ((PLAN, "update-cost"), (REPAIR, "update-repair"), (ZIP, "update-cost-zip")):
        cost = CostDialog(window, plan)
        cost.open()
        dialog_shot(cost, name)
        cost.reject()
    ticks = iter(range(0, 1000, 10))
    progress = DownloadDialog(window, clock=lambda: float(next(ticks)))
    progress.open()
    progress.set_progress(0, 3_400_000)
    progress.set_progress(1_200_000, 3_400_000)
    dialog_shot(progress, "update-download")
    progress.finish()
    window.navigate(Location("article", "cell-therapies-review-2014"))
    notices = window.statusBar().notices
    words, short = out_of_date_notice("2026-03-01"), out_of_date_short("2026-03-01")
    notices.show_notice(OUT_OF_DATE, words, "Check for updates", print, short)
    settle()
    shot(f"notice-out-of-date-{tag}")
    window.updates.web()._offer(PLAN)  # as a scheduled check that found it
    settle()
    shot(f"notice-update-{tag}")
    window.updates.web()._offer(REPAIR)
    settle()
    shot(f"notice-repair-{tag}")
    notices.hide_notice(OUT_OF_DATE)
    notices.hide_notice(UPDATE_AVAILABLE)
