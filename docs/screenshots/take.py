"""Take the README's screenshots from the real app (run under Xvfb).

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take.py
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python docs/screenshots/take.py \
        --out /tmp/shots --sizes 1366x768 1024x768      # a look at other screens

(pdftoppm, from poppler-utils, renders the printed handout's first page.)

It syncs the embedded library into a fresh temporary data folder, opens the
window at 1280x800 and saves one PNG per scene next to this file (or in
--out); the text-300-* scenes (home, a category, an article, the open menu)
are at 300% text in a 1024x768 window, the screen a laptop commonly has.
With --sizes it instead shoots home, a category, an article (its top and its
Evidence card), search results and the open menu at each size, at 100% and
300% text, named like home-1024x768-300.png (and the article's end, Home's
categories and the print dialog: article-end-*, home-categories-*, print-*).
Run it on a screen at least as large as the largest size (the open menu is
taken from the screen, not the window).
With --steps (and --sizes) it shoots, at each size, pages that were hidden
while the text size took two steps (100% -> 150%, 200% -> 300%): Home after
two steps on an article and Back, an article after two steps on Home
(steps-home-1366x768-150.png, steps-article-...).
With --updates (and --sizes) it shoots only the web update's dialogs and
notices (update_shots.py). With --read-aloud it shoots only read-aloud.png (Qt's silent mock engine
stands in for a voice: the controls and marks are the real ones).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from reader.core.library.sync import sync
from reader.core.paths import embedded_bundle_path
from reader.ui import read_aloud
from reader.ui.context import HOME, Location
from reader.ui.main_window import MainWindow
from reader.ui.qt import QApplication, QPoint, QThread, QTimer
from reader.ui.settings import Preferences

OUT = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--sizes", nargs="*", default=[], metavar="WxH")
    parser.add_argument("--read-aloud", action="store_true", help="only read-aloud.png")
    parser.add_argument("--updates", action="store_true", help="with --sizes: update dialogs")
    parser.add_argument("--steps", action="store_true", help="with --sizes: hidden-page steps")
    parser.add_argument("--bundle", type=Path, help="a bundle to show instead of the embedded one")
    parser.add_argument("--article", default="cell-therapies-review-2014", help="for --sizes")
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="sci-reader-shots-"))
    sync(data_dir, args.bundle or embedded_bundle_path())
    prefs = Preferences(data_dir)
    prefs.disclaimer_acknowledged = True
    prefs.theme = "light"
    app = QApplication(sys.argv[:1])
    window = MainWindow(data_dir)
    window.resize(1280, 800)
    window.show()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(name: str) -> None:
        settle()
        window.grab().save(str(out / f"{name}.png"))
        print(f"saved {name}.png")

    def menu_shot(name: str) -> None:
        """The Menu open, as the screen shows it (a menu is a window of its own)."""
        window.menu.popup(window.menu_button.mapToGlobal(window.menu_button.rect().bottomLeft()))
        settle()
        frame = window.frameGeometry()
        screen = app.primaryScreen().grabWindow(0)
        menu = window.menu.geometry()
        area = frame.united(menu)
        screen.copy(area).save(str(out / f"{name}.png"))
        window.menu.hide()
        print(f"saved {name}.png (menu at {menu.x()},{menu.y()} {menu.width()}x{menu.height()})")

    def at_size(width: int, height: int) -> None:
        window.resize(width, height)
        window.move(0, 0)
        settle()

    def step_scenes() -> None:
        """Pages hidden during two size steps, then shown (reader.ui.hidden_pages)."""
        for size in args.sizes:
            at_size(*(int(n) for n in size.split("x")))
            for start in (1.0, 2.0):
                window.set_scale(start)
                window.navigate(HOME)
                window.navigate(Location("article", args.article))
                settle()
                window.step_scale(+1)
                settle()
                window.step_scale(+1)
                tag = f"{size}-{round(window.ctx.scale() * 100)}"
                window.go_back()
                shot(f"steps-home-{tag}")
                window.step_scale(-1)
                window.step_scale(-1)
                settle()
                window.step_scale(+1)
                settle()
                window.step_scale(+1)
                window.navigate(Location("article", args.article))
                shot(f"steps-article-{tag}")
        window.set_scale(1.0)
        app.quit()

    def sized_scenes() -> None:
        if args.steps:
            return step_scenes()
        for size in args.sizes:
            at_size(*(int(n) for n in size.split("x")))
            for scale in (1.0, 3.0):
                window.set_scale(scale)
                tag = f"{size}-{round(scale * 100)}"
                if args.updates:
                    from update_shots import update_scenes  # beside this file

                    update_scenes(window, out, tag, settle, shot)
                    continue
                window.navigate(HOME)
                shot(f"home-{tag}")
                menu_shot(f"menu-{tag}")
                window.navigate(Location("category", "walking-movement"))
                shot(f"category-{tag}")
                window.navigate(Location("article", args.article))
                shot(f"article-{tag}")
                page = window.article_page  # the Evidence card, with its link
                card = page.content.facts.evidence or page.content.facts
                top = card.mapTo(page.inner, QPoint(0, 0)).y() - 60
                page.scroll.verticalScrollBar().setValue(top - 12)
                shot(f"article-facts-{tag}")
                scrolled_shots(tag)
                window.search_field.setText("walking stimulation")
                window.run_search()
                shot(f"search-{tag}")
                window.search_field.setText("bladdr")  # "Showing results for bladder"
                window.run_search()
                shot(f"search-corrected-{tag}")
        window.set_scale(1.0)
        app.quit()

    def scrolled_shots(tag: str) -> None:
        """The article's end (wrapping buttons), Home's categories, the print dialog."""
        page = window.article_page
        page.scroll.verticalScrollBar().setValue(page.scroll.verticalScrollBar().maximum())
        shot(f"article-end-{tag}")
        window.print_current()
        settle()
        window.handout_dialog.grab().save(str(out / f"print-{tag}.png"))
        window.handout_dialog.reject()
        window.navigate(HOME)
        home = window.current_page()
        settle()
        home.scroll.ensureWidgetVisible(home.category_buttons[-1])
        shot(f"home-categories-{tag}")

    def scenes() -> None:
        window.navigate(HOME)
        shot("home")
        window.navigate(Location("category", "walking-movement"))
        shot("category")
        window.navigate(Location("article", "cell-therapies-review-2014"))
        shot("article")
        window.search_field.setText("walking stimulation")
        window.run_search()
        shot("search")
        window.set_theme("dark")
        window.navigate(Location("article", "overground-walking-epidural-stimulation-2018"))
        shot("dark")
        window.set_theme("high-contrast")
        window.navigate(HOME)
        shot("high-contrast")
        window.set_theme("light")
        at_size(1024, 768)
        window.set_scale(3.0)
        window.navigate(HOME)
        shot("text-300-home")
        menu_shot("text-300-menu")
        window.navigate(Location("category", "walking-movement"))
        shot("text-300-category")
        window.navigate(Location("article", "cell-therapies-review-2014"))
        shot("text-300-article")
        window.set_scale(1.0)
        at_size(1280, 800)
        personal_scenes()
        read_aloud_scene()
        app.quit()

    def read_aloud_scene() -> None:
        read_aloud.use_engine(read_aloud.MOCK)
        prefs.speech_rate = -1.0  # slowest: the shot catches the mark mid-section
        window.resize(1366, 768)
        window.navigate(Location("article", "overground-walking-epidural-stimulation-2018"))
        controls = window.article_page.read_aloud
        controls.play.click()
        while controls.reading.state != "reading":  # the voice starts on its own thread
            app.processEvents()
            QThread.msleep(10)
        controls.reading.next_section()
        controls.play.setFocus()
        for _ in range(40):  # a few words into the section
            app.processEvents()
            QThread.msleep(10)
        shot("read-aloud")
        controls.reading.stop()
        prefs.speech_rate = 0.0

    def personal_scenes() -> None:
        article = window.article_page
        window.navigate(Location("article", "overground-walking-epidural-stimulation-2018"))
        article.bookmark.toggle_bookmark()
        window.navigate(Location("article", "cell-therapies-review-2014"))
        article.bookmark.toggle_bookmark()
        article.feedback.yes.click()
        article.note.edit.setPlainText(
            "Ask Dr Lee whether any cell therapy trial near us is taking part in a proper study."
        )
        article.leaving()  # saves the note now
        settle()
        bar = article.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        shot("article-feedback-note")
        window.navigate(Location("bookmarks"))
        shot("bookmarks")
        window.navigate(Location("article", "cell-therapies-review-2014"))
        window.print_current()
        pdf = window.handout_dialog.save_to(out / "handout.pdf")
        # The first page of the printed handout, as the README shows it.
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
             str(pdf), str(out / "handout-pdf")],
            check=True,
        )  # fmt: skip
        pdf.unlink()
        print("saved handout-pdf.png")

    def only_read_aloud() -> None:
        read_aloud_scene()
        app.quit()

    first = sized_scenes if args.sizes else only_read_aloud if args.read_aloud else scenes
    QTimer.singleShot(500, first)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
