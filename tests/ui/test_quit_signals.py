"""A quit signal (SIGTERM from a logout, Ctrl-C, a closed terminal) closes the
window as Quit does: what the reader typed is saved, the databases close.

Before, SIGTERM killed the process at once: a note typed less than 0.8 s
before (the editor saves a moment after typing stops) was lost, and the
databases kept their write-ahead logs; Ctrl-C did nothing until the next
Python slot ran, and then broke that slot.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.core.personal.store import PersonalData
from tests.ui.helpers import child_env

NOTE = "Ask the nurse about this one — bring it on Tuesday.\nSecond line ✓"

# The child opens the real window through `main`, and once it is up (when it
# serves later launches, as the signals are taken over) opens an article,
# types a note and leaves a modal message box open: the signal comes while
# that box's own event loop runs.
CHILD = """
import sys
import reader.ui.app as app_module
from reader.ui.context import Location
from reader.ui.qt import QMessageBox, QTimer

serve = app_module.serve_later_launches

def up(window, data_dir, claimed):
    serve(window, data_dir, claimed)
    assert window.navigate(Location("article", {article!r}))
    assert window.current_location() == Location("article", {article!r})
    window.article_page.note.timer.setInterval(3_600_000)  # only the signal can save it
    window.article_page.note.edit.insertPlainText({note!r})
    box = QMessageBox(QMessageBox.Icon.Information, "A box", "Open", parent=window)
    QTimer.singleShot(50, lambda: print("typed", flush=True))
    box.exec()
    print("box closed", flush=True)

app_module.serve_later_launches = up
from reader.cli import main
sys.exit(main(["--data-dir", {data_dir!r}] + {extra!r}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("number", "kiosk"),
    [
        (signal.SIGTERM, False),
        (signal.SIGINT, False),
        (signal.SIGHUP, False),
        (signal.SIGTERM, True),
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP", "SIGTERM-kiosk"],
)
def test_a_quit_signal_saves_the_note_and_closes_the_window(ui_data_dir: Path, number, kiosk):
    article = "bowel-study"  # in the test library
    script = CHILD.format(
        article=article, note=NOTE, data_dir=str(ui_data_dir), extra=["--kiosk"] if kiosk else []
    )
    env = child_env()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline() == "typed\n", child.stderr.read()
        child.send_signal(number)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 128 + number, err
    assert out == "box closed\n"
    assert "Traceback" not in err, err
    # Both databases were closed: no write-ahead log left behind.
    left = sorted(p.name for p in ui_data_dir.iterdir())
    assert not [name for name in left if name.endswith("-wal")], left
    note = PersonalData(ui_data_dir, read_only=True).get_note(article)
    if kiosk:  # a visitor's note is never written to disk
        assert note is None
    else:
        assert note is not None and note.text == NOTE
