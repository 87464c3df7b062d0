"""What opening the window builds and loads: Home alone, the rest on first use (issue 11).

Speed itself is measured in benchmarks/start_bench.py, side by side with a
bare Qt window; these tests hold the shape that makes it fast.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from reader.ui.article_page import ArticlePage
from tests.ui import library_content as content
from tests.ui.helpers import current, go, run_child

# Loaded by reading, syncing, read aloud, printing or a dialog; not by opening the window.
NOT_AT_START = [
    "markdown",
    "reader.core.text.render",
    "reader.core.library.sync",
    "reader.core.library.update_check",
    "reader.ui.article_page",
    "reader.ui.read_aloud",
    "reader.ui.sync_runner",
    "reader.ui.dialogs",
    "reader.ui.handout_dialog",
    "PySide6.QtPrintSupport",
    "reader.ui.printing",
    "reader.ui.cards",
    "reader.ui.page_list",
    "reader.ui.search_page",
    "reader.core.library.search",  # and its stemmers (snowballstemmer: every language)
    "snowballstemmer",
    "reader.ui.safe_browser",  # rendered HTML: text pages, the article, the disclaimer
    "reader.ui.guide_links",
    "reader.core.text.article_html",  # the article's sections (Home's cards: ui.models)
    "reader.core.text.evidence",
    "html",  # and its entity table: only rendered HTML escapes
]

# Qt classes the first frame does not need: PySide6 builds a class, and a
# Python enum type for each of its enums, the first time it is named.
NOT_BUILT_AT_LAUNCH = {
    "PySide6.QtWidgets": [
        "QAbstractItemView",
        "QPlainTextEdit",
        "QListView",
        "QMessageBox",
        "QTextBrowser",  # and with it QUrl, QTextDocument, QImage: reader.ui.safe_browser
    ],
    "PySide6.QtGui": ["QPdfWriter", "QTextDocumentWriter", "QTextDocument", "QImage"],
    "PySide6.QtCore": ["QUrl"],
}

# ... nor by the plain launch in front of it (`sci-reader` with no command,
# reader.cli.plain_launch): the sub-commands, the kiosk's machinery, speech,
# the signature and web-update libraries, a configuration file's parser,
# OpenSSL's hashes.
NOT_AT_LAUNCH = [
    *NOT_AT_START,
    "reader.cli.parser",
    "reader.cli.sync",
    "reader.cli.bundle",
    "reader.cli.reading",
    "reader.cli.userdata",
    "reader.core.bundle.signature",
    "reader.ui.idle_prompt",
    "reader.ui.pin_dialog",
    "reader.ui.kiosk_updates",
    "PySide6.QtTextToSpeech",
    "nacl",
    "cryptography",
    "httpx",
    "tomllib",
    "hashlib",  # OpenSSL's hashes: the kiosk PIN's scrypt, not the window
    "logging.handlers",  # socket, pickle, queue: the log rotates without it (core.logfile)
    # The one-instance socket is claimed without them; Qt's server takes it
    # over after the first paint (reader.ui.single_instance).
    "PySide6.QtNetwork",
    "socket",
]


def test_the_window_opens_on_home_alone_and_makes_a_page_on_its_first_visit(window):
    assert list(window.pages) == ["home"]
    assert window.stack.count() == 1
    assert window.pages["home"].latest_cards, "Home is filled when the window is shown"
    assert "notes" in window.pages and list(window.pages) == ["home"]  # asking makes nothing

    go(window, "article", content.FULL_ID)
    article = current(window)
    assert isinstance(article, ArticlePage) and article is window.article_page
    assert article.heading.text() == content.FULL_TITLE
    go(window, "home")
    go(window, "article", content.FULL_ID)
    assert current(window) is article  # made once
    assert list(window.pages) == ["home", "article"]
    assert window.stack.count() == 2


def test_a_page_made_later_takes_the_look_and_is_wired_like_the_first(window, qtbot):
    home = window.pages["home"]
    size_at_start = home.heading.font().pointSizeF()
    go(window, "category", "general")
    category = window.pages["category"]
    told = []
    category.marks_changed = lambda: told.append(True)
    window.set_scale(1.5)  # before the article page exists
    go(window, "article", content.FULL_ID)
    page = window.article_page
    made_later = page.heading.font().pointSizeF()
    assert made_later == pytest.approx(size_at_start * 1.5)

    page.toggle_bookmark()  # personal_changed reaches the pages made before
    assert told

    page.print_requested.emit()  # the page's own Print button
    qtbot.waitExposed(window.handout_dialog)
    assert window.handout_dialog.isVisible()
    window.handout_dialog.reject()
    # Home, hidden during the step (reader.ui.hidden_pages), has it when shown.
    go(window, "home")
    assert home.heading.font().pointSizeF() == made_later


def _output_lines(script: str) -> list[str]:
    """What `script` printed, run in a fresh interpreter offscreen; it must exit 0."""
    done = run_child(script)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_opening_the_window_loads_no_markdown_sync_printing_or_dialogs(ui_data_dir):
    script = textwrap.dedent(
        f"""
        import json, sys
        from reader.ui.app import configure_application
        app = configure_application()
        from reader.ui.main_window import MainWindow
        window = MainWindow({str(ui_data_dir)!r}, first_start_import=False)
        window.show()
        app.processEvents()
        print(json.dumps([m for m in {NOT_AT_START!r} if m in sys.modules]))
        window.close()
        """
    )
    assert json.loads(_output_lines(script)[-1]) == []


def test_a_plain_launch_loads_no_command_kiosk_speech_signature_or_web_code(ui_data_dir):
    """`sci-reader` up to the window's first paint, through the real command line."""
    script = textwrap.dedent(
        f"""
        import dataclasses, json, sys

        # A dataclass without a docstring gets one made by inspect.signature
        # as its class is made (Python 3.11): ~0.3 ms each, at every start.
        undocumented = []
        process_class = dataclasses._process_class
        def noting(cls, *args, **kwargs):
            if not cls.__doc__:
                undocumented.append(cls.__qualname__)
            return process_class(cls, *args, **kwargs)
        dataclasses._process_class = noting
        import gc
        import reader.ui.app
        from PySide6.QtWidgets import QApplication

        # Cyclic garbage collections from the window's start to its first paint.
        passes = []
        gc.callbacks.append(lambda phase, info: passes.append(1) if phase == "start" else None)
        run = reader.ui.app.run
        def counted_run(*args, **kwargs):
            passes.clear()
            return run(*args, **kwargs)
        reader.ui.app.run = counted_run

        def first_paint(app):
            app.processEvents()
            app.processEvents()
            feature = sys.modules.get("shibokensupport.feature")
            scan = getattr(feature, "_mod_uses_pyside", None)
            print(json.dumps({{
                "loaded": [m for m in {NOT_AT_LAUNCH!r} if m in sys.modules],
                "shown": [w.windowTitle() for w in app.topLevelWidgets() if w.isVisible()],
                "source_scan_off": scan is not None and scan(sys.modules["reader.ui.qt"]) is False,
                "undocumented": undocumented,
                "built": [n for m, names in {NOT_BUILT_AT_LAUNCH!r}.items()
                          for n in names if n in vars(sys.modules[m])],
                "gc_passes": len(passes),
            }}))
            return 0

        QApplication.exec = first_paint
        from reader.cli import main
        code = main(["--data-dir", {str(ui_data_dir)!r}])
        print(json.dumps({{"gc_enabled_after": gc.isenabled()}}))
        sys.exit(code)
        """
    )
    *_, line, after = _output_lines(script)
    seen = json.loads(line)
    assert seen["shown"], "the window is up"
    # Garbage collection waits until the window is up (reader.ui.app.run), and comes back.
    assert seen["gc_passes"] == 0
    assert json.loads(after) == {"gc_enabled_after": True}
    assert seen["loaded"] == []
    assert seen["built"] == []
    assert seen["undocumented"] == []
    # PySide6 reads every imported module's source looking for `__feature__`
    # users unless reader.ui.qt turns that off (a PySide6 upgrade may rename it).
    assert seen["source_scan_off"]


def test_garbage_collection_resumes_while_the_window_is_open(ui_data_dir):
    script = textwrap.dedent(
        f"""
        import gc, json, sys, time
        import reader.ui.app
        from PySide6.QtWidgets import QApplication

        reader.ui.app.GC_RESUME_MS = 50

        def running(app):
            paused_at_show = not gc.isenabled()
            deadline = time.monotonic() + 30
            while not gc.isenabled() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            print(json.dumps({{"paused_at_show": paused_at_show, "resumed": gc.isenabled()}}))
            return 0

        QApplication.exec = running
        from reader.cli import main
        sys.exit(main(["--data-dir", {str(ui_data_dir)!r}]))
        """
    )
    assert json.loads(_output_lines(script)[-1]) == {
        "paused_at_show": True,
        "resumed": True,
    }
