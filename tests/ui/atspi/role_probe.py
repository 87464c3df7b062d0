"""A window with one button per QAccessible role, each reported with that role.

Run by `session.py --roles` (venv Python, under Xvfb with the AT-SPI bus);
`role_reader.py` then reads which AT-SPI role each one reaches a screen
reader as. Checkable buttons (checked) show how a toggle's state arrives.
"""

from __future__ import annotations

import sys

from reader.ui.accessible import Role, mark
from reader.ui.qt import QAccessible, QApplication, QPushButton, QVBoxLayout, QWidget

APP_NAME = "Role probe"
CHECKABLE = ("PushButton", "CheckBox", "Switch", "ButtonMenu")


class _Button(QPushButton):
    """A Python subclass, so that `mark`'s factory answers for it (see accessible.mark)."""


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    window = QWidget()
    layout = QVBoxLayout(window)
    for name in sorted(n for n in vars(QAccessible.Role) if n[0].isupper()):
        if name in ("UserRole", "Application", "Window", "Desktop", "NoRole"):
            continue  # the frame's own roles: marked on a child they confuse the walk
        button = mark(_Button(name), getattr(Role, name))
        button.setAccessibleName(f"probe {name}")
        if name in CHECKABLE:
            button.setCheckable(True)
            button.setChecked(True)
        layout.addWidget(button)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
