"""Qt's scroll area crash under a screen reader, with nothing of the reader's code.

Run by `session.py --bare` (any PySide6, under Xvfb with the AT-SPI bus):
a QStackedWidget of two QScrollArea pages, the first taller than the window
(its vertical scroll bar shows), and a button that shows the second.
bare_scroll_reader.py counts the first page's children (viewport and scroll
bar container: 2), presses the button (the hidden page's scroll bar is no
longer visible, so Qt now lists 1 child) and asks for child 1, as a screen
reader that read the tree before the change does. Qt 6.11 and 6.12's
QAccessibleAbstractScrollArea::child reads past its list: SIGSEGV in
QAccessibleCache::idForObject. The app avoids it with
reader/ui/accessible_scroll.py; this program has no such fix.
"""

import sys

from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

APP_NAME = "Bare scroll area"


def page(name: str) -> QScrollArea:
    area = QScrollArea()
    area.setAccessibleName(name)
    inner = QWidget()
    lines = QVBoxLayout(inner)
    for i in range(80):
        lines.addWidget(QLabel(f"{name}, line {i}"))
    area.setWidget(inner)
    return area


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    window = QWidget()
    stack = QStackedWidget()
    stack.addWidget(page("Page A"))
    stack.addWidget(page("Page B"))
    button = QPushButton("Show page B")
    button.clicked.connect(lambda: stack.setCurrentIndex(1))
    layout = QVBoxLayout(window)
    layout.addWidget(button)
    layout.addWidget(stack)
    window.resize(400, 300)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
