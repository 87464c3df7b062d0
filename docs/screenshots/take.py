"""Take the README's screenshots from the real app (run under Xvfb).

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/take.py

(pdftoppm, from poppler-utils, renders the printed handout's first page.)

It syncs the embedded library into a fresh temporary data folder, opens the
window at 1280x800 and saves one PNG per scene next to this file.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.core.library.sync import sync
from reader.core.paths import embedded_bundle_path
from reader.ui.context import HOME, Location
from reader.ui.main_window import MainWindow
from reader.ui.settings import Preferences

OUT = Path(__file__).resolve().parent


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="sci-reader-shots-"))
    sync(data_dir, embedded_bundle_path())
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
        window.grab().save(str(OUT / f"{name}.png"))
        print(f"saved {name}.png")

    def scenes() -> None:
        window.navigate(HOME)
        shot("home")
        window.navigate(Location("category", "neuromodulation"))
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
        window.set_scale(3.0)
        window.navigate(Location("article", "cell-therapies-review-2014"))
        shot("text-300")
        window.set_scale(1.0)
        personal_scenes()
        app.quit()

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
        article.note.flush()
        settle()
        bar = article.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        shot("article-feedback-note")
        window.navigate(Location("bookmarks"))
        shot("bookmarks")
        window.navigate(Location("article", "cell-therapies-review-2014"))
        window.print_current()
        pdf = window.handout_dialog.save_to(OUT / "handout.pdf")
        # The first page of the printed handout, as the README shows it.
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
             str(pdf), str(OUT / "handout-pdf")],
            check=True,
        )  # fmt: skip
        pdf.unlink()
        print("saved handout-pdf.png")

    QTimer.singleShot(500, scenes)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
