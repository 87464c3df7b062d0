"""`sci-reader --self-test`: does this installation work, end to end, without a screen?

Clinic IT and the installer build (`build_installer.py --check`) run it on a
frozen app where no test suite exists. It drives the real window through
its public methods, offscreen, on a temporary data folder (never the user's):
import the embedded library, open an article, search, toggle a bookmark,
save a handout as PDF, close. Each step prints one line; the first step that
fails is named and the exit code is 1 (the CLI contract's "internal error").
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

FAILED = 1
WAIT_SECONDS = 120  # importing the embedded library on a slow, busy machine


@dataclass
class _Run:
    data_dir: Path
    window: object = None
    article_id: str = ""
    title: str = ""
    notes: list[str] = field(default_factory=list)


def _wait_until(done: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    from reader.ui.qt import QApplication

    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not finish within {seconds:.0f} s")
        QApplication.processEvents()
        time.sleep(0.01)


def _start_qt(run: _Run) -> str:
    from reader.ui.app import configure_application, startup_problem

    problem = startup_problem()
    if problem:
        raise RuntimeError(problem.replace("\n", "; "))
    app = configure_application()
    return f"Qt platform {app.platformName()}"


def _open_window(run: _Run) -> str:
    from reader.core.identity import DISPLAY_NAME
    from reader.ui.main_window import MainWindow
    from reader.ui.settings import Preferences

    Preferences(run.data_dir).disclaimer_acknowledged = True  # no dialog in the way
    window = MainWindow(run.data_dir, first_start_import=False)
    run.window = window
    window.show()
    if window.windowTitle() != DISPLAY_NAME:
        raise RuntimeError(f"the window's title is {window.windowTitle()!r}")
    if window.windowIcon().isNull():
        raise RuntimeError("the window has no icon (resources/icons missing?)")
    return window.windowTitle()


def _import_library(run: _Run) -> str:
    window = run.window
    outcome: list[tuple[bool, str]] = []
    controller = window.updates.import_embedded()
    controller.done.connect(lambda ok, message: outcome.append((ok, message)))
    _wait_until(lambda: bool(outcome), "the import")
    ok, message = outcome[0]
    if not ok:
        raise RuntimeError(message)
    count = window.library.status().articles
    if not count:
        raise RuntimeError("the library is still empty after the import")
    return f"{count} summaries"


def _open_article(run: _Run) -> str:
    from reader.ui.context import Location

    window = run.window
    first = window.library.list_articles(limit=1)
    if not first:
        raise RuntimeError("no summary to open")
    run.article_id, run.title = first[0].id, first[0].title
    if not window.navigate(Location("article", run.article_id)):
        raise RuntimeError(f"cannot show article {run.article_id}")
    shown = window.article_page.article
    if window.current_page() is not window.article_page or shown.id != run.article_id:
        raise RuntimeError(f"article {run.article_id} is not the page shown")
    return run.article_id


def _search(run: _Run) -> str:
    window = run.window
    word = max(run.title.split(), key=len).strip(".,:;()“”\"'")
    window.search_field.setText(word)
    window.run_search()
    first = window.pages["search"].first_result()
    if window.current_page() is not window.pages["search"] or not first:
        raise RuntimeError(f"searching for {word!r} found nothing")
    return f"{word!r} -> {first}"


def _toggle_bookmark(run: _Run) -> str:
    from reader.ui.context import Location

    window = run.window
    window.navigate(Location("article", run.article_id))
    states = []
    for _ in range(2):  # on, then off again: both directions work
        window.article_page.toggle_bookmark()
        states.append(window.personal.is_bookmarked(run.article_id))
    if states != [True, False]:
        raise RuntimeError(f"bookmark states after two toggles: {states}")
    return "added and removed"


def _print_pdf(run: _Run) -> str:
    window = run.window
    window.print_current()
    dialog = window.handout_dialog
    if dialog is None:
        raise RuntimeError("the article page offered nothing to print")
    path = dialog.save_to(run.data_dir / "self-test-handout.pdf")
    if path is None:  # the dialog says why
        raise RuntimeError(dialog.outcome.text())
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 1000:
        raise RuntimeError(f"{path} is not a PDF ({len(data)} bytes)")
    return f"{len(data)} bytes"


def _close(run: _Run) -> str:
    window = run.window
    run.window = None
    _dispose(window)
    return "closed"


def _dispose(window) -> None:
    from reader.ui.qt import QApplication, QEvent

    # Let the window's pending zero-time timers (layout fitting) run while it
    # still exists, then delete it now.
    QApplication.processEvents()
    window.close()
    QApplication.processEvents()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


STEPS: list[tuple[str, Callable[[_Run], str]]] = [
    ("start Qt", _start_qt),
    ("open the window", _open_window),
    ("import the embedded library", _import_library),
    ("open an article", _open_article),
    ("search", _search),
    ("toggle a bookmark", _toggle_bookmark),
    ("print a handout to PDF", _print_pdf),
    ("close the window", _close),
]


# The offscreen platform says these whenever a window is shown or raised; they
# are no failure, and IT reading the output should see only the steps.
OFFSCREEN_NOISE = frozenset(
    {"This plugin does not support propagateSizeHints()", "This plugin does not support raise()"}
)


def _quiet_offscreen_noise(err: TextIO) -> None:
    from reader.ui.qt import QApplication, qInstallMessageHandler

    if QApplication.instance() is not None:
        return  # Qt started by someone else (a test harness): its messages are theirs

    def handler(_mode, _context, message: str) -> None:
        if message not in OFFSCREEN_NOISE:
            print(message, file=err)

    qInstallMessageHandler(handler)


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every step in order; 0 when all pass, else FAILED naming the first failure."""
    out = out or sys.stdout
    err = err or sys.stderr
    # Offscreen whatever the session has: the test must not need a display.
    # It only takes effect when Qt has not started yet (the command line).
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _quiet_offscreen_noise(err)
    with tempfile.TemporaryDirectory(prefix="sci-reader-self-test-") as tmp:
        run = _Run(Path(tmp) / "data")
        try:
            for number, (name, step) in enumerate(STEPS, 1):
                try:
                    detail = step(run)
                except Exception as exc:  # the point: report any failure by step
                    reason = str(exc) or type(exc).__name__
                    print(f"self-test: step {number} ({name}) FAILED: {reason}", file=err)
                    return FAILED
                print(f"self-test: step {number} ({name}) ok: {detail}", file=out, flush=True)
        finally:
            if run.window is not None:
                _dispose(run.window)
    print("self-test: all steps passed", file=out)
    return 0
