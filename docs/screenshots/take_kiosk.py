"""Take the kiosk mode's screenshots from the real app (run under Xvfb, full screen).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_kiosk.py
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take_kiosk.py \
        --out /tmp/shots --scale 3.0          # the same at 300% text

It syncs the embedded library into a fresh temporary data folder, opens the
window in kiosk mode (full screen, so the screen's size is the window's) and
saves the whole screen for each scene: the kiosk's Home, "Are you still
reading?", the staff PIN prompt and "Report a problem" over a summary
(kiosk-home.png, kiosk-idle-prompt.png, kiosk-pin.png,
kiosk-report-problem.png; with --scale, the text size is added to each name).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from reader.core.config import ClinicConfig
from reader.core.kiosk_pin import hash_pin
from reader.core.library.sync import sync
from reader.core.paths import embedded_bundle_path
from reader.ui.main_window import MainWindow
from reader.ui.qt import QApplication, QTimer

OUT = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--scale", type=float, default=None)
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    suffix = f"-{round(args.scale * 100)}" if args.scale else ""
    data_dir = Path(tempfile.mkdtemp(prefix="sci-reader-kiosk-shots-"))
    sync(data_dir, embedded_bundle_path())
    app = QApplication(sys.argv[:1])
    clinic = ClinicConfig(kiosk=True, theme="light", admin_pin_hash=hash_pin("2468"))
    window = MainWindow(data_dir, clinic=clinic)
    window.show()
    kiosk = window.kiosk

    def settle() -> None:
        for _ in range(10):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        QApplication.primaryScreen().grabWindow(0).save(str(out / f"{name}{suffix}.png"))
        print(f"saved {name}{suffix}.png")

    def scenes() -> None:
        window.disclaimer_dialog.accept()
        if args.scale:
            window.set_scale(args.scale)
        shot("kiosk-home")
        kiosk.watcher.paused = True
        kiosk.prompt.start()
        for _ in range(3):  # the countdown has moved: 27 seconds left
            kiosk.prompt._tick()
        shot("kiosk-idle-prompt")
        kiosk.prompt.keep_reading()
        kiosk.open_admin()
        kiosk.pin_dialog.pin.setText("24")
        shot("kiosk-pin")
        kiosk.pin_dialog.reject()
        from reader.ui.context import Location

        window.navigate(Location("article", window.library.list_articles()[0].id))
        window.article_page.report_button.click()
        shot("kiosk-report-problem")
        window.article_page.report_dialog.reject()
        kiosk.unlock()
        window.close()
        app.quit()

    QTimer.singleShot(800, scenes)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
