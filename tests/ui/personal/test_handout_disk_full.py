"""Save as PDF onto a disk that cannot take the file: said, and nothing lost.

A real process whose file size limit (RLIMIT_FSIZE, as a quota or a full
disk gives) stops the PDF part-way, so the writes fail with a real OS
error. Before, the handout was written straight over the chosen file: an
earlier PDF was replaced by a cut-off one, and the window said "Saved".
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.ui.helpers import run_child

CHILD = """
import json, os, resource, signal
from pathlib import Path
from reader.ui.qt import QApplication, QWidget
from reader.ui.handout_dialog import HandoutDialog

app = QApplication([])
parent = QWidget()
html = "<h1>For the doctor</h1>" + "<p>Words of the summary, plain and long. </p>" * 4000
dialog = HandoutDialog(parent, "For the doctor", lambda notes: html)
saved = []
dialog.saved.connect(saved.append)
dialog.open()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not a killed process
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, resource.RLIM_INFINITY))
returned = dialog.save_to(Path({target!r}))
print(json.dumps({{
    "returned": None if returned is None else str(returned),
    "saved": saved,
    "open": dialog.isVisible(),
    "outcome": dialog.outcome.text(),
    "files": sorted(os.listdir(Path({target!r}).parent)),
}}), flush=True)
"""
EARLIER = b"%PDF-1.4\n% the handout saved last week\n%%EOF\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file size limits")
def test_a_pdf_the_disk_cannot_take_is_said_and_the_earlier_file_kept(tmp_path):
    folder = tmp_path / "handouts"
    folder.mkdir()
    target = folder / "for the doctor.pdf"
    target.write_bytes(EARLIER)

    done = run_child(CHILD.format(target=str(target)))

    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.splitlines()[-1])
    # failed before: the earlier file cut to 8 KB of a new one, and "Saved"
    assert target.read_bytes() == EARLIER
    assert said["files"] == ["for the doctor.pdf"]  # no half-written file left beside it
    assert said["returned"] is None and said["saved"] == []
    assert said["open"]  # still there, to choose another place
    assert said["outcome"].startswith("The PDF was not saved: ")
    assert "the disk is full" in said["outcome"]
    assert "Traceback" not in done.stderr and "QPainter" not in done.stderr
