"""What the window's first frame costs by itself: the floor under the start targets.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/first_frame_floor.py DATA_DIR --runs 11

The start targets compare the reader with a bare window (QMainWindow +
QTextBrowser). How much of the reader's start is its first frame, which any
implementation of this window must build, and how much is the app? This
runs the real app once on DATA_DIR (a data folder start_bench.py's
`prepared_data_dir` made) and writes down its first frame: every visible
widget as the nearest PySide6 class, its text, word wrap, dynamic
properties, box layout and parent, and the window's style sheet. Then, in
fresh processes in turn, it times (CPU time, all threads, to the first
paint, as start_stages.py):

- the reference window (benchmarks/reference_window.py);
- the floor: that same frame rebuilt from the notes with plain Qt classes,
  no app code, no library, no settings (the reference's extra Qt modules
  not imported, as the app does not import them at start);
- the floor plus the `Qt` namespace's enum types, which any code that sets an
  alignment, a focus policy or a widget attribute makes PySide6 build;
- the app itself.

The floor is not the app's look (its cards are plain buttons with labels
inside, so they are shorter): it is the least this number of widgets under
this style sheet costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from start_stages import child_env, run_child, run_once  # noqa: E402 - benchmarks/ is no package

# Runs the real app to its first paint, then writes the frame's notes.
DUMP = r"""
import json, sys
sys.path.insert(0, CODE)
import reader.ui.app as app_module
original = app_module.configure_application

def configure():
    app = original()
    from PySide6.QtWidgets import QApplication, QBoxLayout, QWidget

    def qt_class(widget):
        return next(c.__name__ for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))

    def notes(widget, parent, window, out):
        if widget is not window and not widget.isVisibleTo(window):
            return
        layout = widget.layout()
        vertical = (QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.BottomToTop)
        kind = None if layout is None else (
            "H" if isinstance(layout, QBoxLayout) and layout.direction() not in vertical else "V")
        props = {}
        for raw in widget.dynamicPropertyNames():
            name = bytes(raw).decode()
            try:
                value = widget.property(name)
            except RuntimeError:  # a C++ type PySide6 cannot convert: not style sheet input
                continue
            if not name.startswith("_q_") and isinstance(value, (str, int, float, bool)):
                props[name] = value
        text = widget.text() if callable(getattr(widget, "text", None)) else None
        out.append({"cls": qt_class(widget), "parent": parent, "name": widget.objectName(),
                    "layout": kind, "text": text if isinstance(text, str) else None,
                    "wrap": bool(getattr(widget, "wordWrap", lambda: False)()),
                    "props": props, "style": widget.styleSheet(),
                    "accessible": widget.accessibleName()})
        index = len(out) - 1
        for child in widget.children():
            if isinstance(child, QWidget) and not child.isWindow():
                notes(child, index, window, out)

    def first_paint(self=None):
        app.processEvents()
        app.processEvents()
        window = next(w for w in app.topLevelWidgets() if w.isVisible())
        widgets = []
        notes(window, None, window, widgets)
        frame = {"app_style": app.styleSheet(), "font": app.font().toString(),
                 "title": window.windowTitle(), "size": [window.width(), window.height()],
                 "widgets": widgets}
        Path_out.write_text(json.dumps(frame))
        return 0

    QApplication.exec = first_paint
    return app

from pathlib import Path
Path_out = Path(OUT)
app_module.configure_application = configure
import reader.cli
sys.exit(reader.cli.main(["--data-dir", DATA]))
"""

# The frame rebuilt with plain classes, timed at the start_stages.py marks.
FLOOR = r"""
import json, sys, time
marks = []
def mark(name):
    marks.append((name, time.process_time(), 0))
mark("interpreter")
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QLineEdit, QMainWindow,
    QPushButton, QScrollArea, QStackedWidget, QStatusBar, QVBoxLayout, QWidget)
mark("PySide6 (platform check)")
frame = json.loads(open(FRAME).read())
app = QApplication(sys.argv[:1])
font = QFont()
font.fromString(frame["font"])
app.setFont(font)
app.setStyleSheet(frame["app_style"])
mark("log, QApplication, icon")
if QT_NAMESPACE:
    from PySide6.QtCore import Qt
    Qt.AlignmentFlag.AlignLeft
classes = {c.__name__: c for c in (QMainWindow, QWidget, QLabel, QPushButton, QLineEdit,
                                     QStackedWidget, QScrollArea, QStatusBar)}
notes = frame["widgets"]
made = []
for note in notes:
    parent = None if note["parent"] is None else notes[note["parent"]]
    # a scroll area's viewport and scroll bars are its own; its content goes in by setWidget
    if note["cls"] not in classes or (parent is not None and parent["cls"] == "QScrollArea"):
        made.append(None)
        continue
    widget = classes[note["cls"]]()
    made.append(widget)
    if note["name"]:
        widget.setObjectName(note["name"])
    if note["text"] is not None and hasattr(widget, "setText"):
        widget.setText(note["text"])
    if note["wrap"]:
        widget.setWordWrap(True)
    for key, value in note["props"].items():
        widget.setProperty(key, value)
    if note["style"]:
        widget.setStyleSheet(note["style"])
    if note["accessible"]:
        widget.setAccessibleName(note["accessible"])
    if note["cls"] not in ("QMainWindow", "QStackedWidget", "QStatusBar") and note["layout"]:
        (QHBoxLayout if note["layout"] == "H" else QVBoxLayout)(widget)
    if parent is None:
        continue
    holder = made[note["parent"]]
    if parent["cls"] == "QMainWindow":
        if note["cls"] == "QStatusBar":
            holder.setStatusBar(widget)
        else:
            holder.setCentralWidget(widget)
    elif parent["cls"] == "QStackedWidget":
        holder.addWidget(widget)
    elif parent["cls"] == "QStatusBar":
        holder.addPermanentWidget(widget)
    elif holder is None:
        area = made[parent["parent"]]
        area.setWidget(widget)
        area.setWidgetResizable(True)
    elif holder.layout() is not None:
        holder.layout().addWidget(widget)
    else:
        widget.setParent(holder)
window = made[0]
window.setWindowTitle(frame["title"])
window.resize(*frame["size"])
mark("MainWindow()")
window.show()
mark("show")
app.processEvents()
app.processEvents()
mark("first paint")
print("STAGES " + json.dumps(marks))
"""


def run_floor(frame: Path, qt_namespace: bool) -> list:
    return run_child(f"FRAME={str(frame)!r}; QT_NAMESPACE={qt_namespace!r}\n" + FLOOR)[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a data folder with an imported library")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    frame = Path(tempfile.mkdtemp(prefix="first-frame-")) / "frame.json"
    script = f"CODE={str(REPO)!r}; DATA={str(args.data)!r}; OUT={str(frame)!r}\n" + DUMP
    dumped = subprocess.run([sys.executable, "-c", script], env=child_env(), capture_output=True,
                            text=True)  # fmt: skip
    if dumped.returncode or not frame.exists():
        sys.exit(dumped.stderr[-3000:])
    widgets = json.loads(frame.read_text())["widgets"]
    print(f"first frame: {len(widgets)} visible widgets, notes in {frame}")
    programs = {
        "reference": lambda: run_once(None, args.data, "", "", 0),
        "floor": lambda: run_floor(frame, False),
        "floor + Qt enums": lambda: run_floor(frame, True),
        "app": lambda: run_once(REPO, args.data, "", "", 0),
    }
    for run in programs.values():  # warm-up: bytecode, page cache
        run()
    cpu: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(args.runs):
        for name, run in programs.items():
            cpu[name].append(run()[-1][1] * 1000)
    reference = statistics.median(cpu["reference"])
    print(f"CPU ms to the first paint, median (min-max) of {args.runs}, ratio to the reference")
    for name, values in cpu.items():
        median = statistics.median(values)
        print(f"{name:18}{median:8.1f} ({min(values):.0f}-{max(values):.0f}) "
              f"{median / reference:6.2f}x")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
