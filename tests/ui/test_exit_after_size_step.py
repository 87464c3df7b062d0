"""The app exits cleanly after a text-size step that parked hidden pages.

The real app leaves its window to PySide's clean-up at interpreter exit
(closures held by Qt connections keep it alive past `app.exec()`). That
clean-up deletes every widget Python owns, in no fixed order; the parking
widget (reader.ui.hidden_pages) was deleted from inside the stack's own
destruction, during that walk, and the process died of a segmentation fault
about two exits in three (found through docs/screenshots/take.py). Each
launch here runs in a fresh interpreter, as the app does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ui import library_content as content

_LAUNCH = """
import sys
from pathlib import Path
from reader.ui.app import configure_application
from reader.ui.context import HOME, Location
from reader.ui.main_window import MainWindow
from reader.ui.qt import QTimer

app = configure_application()
window = MainWindow(Path(sys.argv[1]))
window.show()

def scenes():
    window.navigate(HOME)
    window.navigate(Location("category", sys.argv[2]))
    window.navigate(Location("article", sys.argv[3]))
    window.step_scale(+1)  # Home and the category are parked outside the window
    window.close()

# The window stays referenced, as app.run's closures keep it: PySide deletes it at exit.
QTimer.singleShot(0, window, lambda: scenes() if window else None)
sys.exit(app.exec())
"""
LAUNCHES = 6


def test_the_process_exits_0_after_a_size_step_with_pages_parked(ui_data_dir: Path):
    codes = []
    for _ in range(LAUNCHES):
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCH, str(ui_data_dir),
             content.CATEGORIES[0]["slug"], content.FULL_ID],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        codes.append(done.returncode)
        assert done.returncode == 0, (codes, done.stderr[-2000:])
