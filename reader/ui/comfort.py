"""Comfort settings beside text size and theme: wider line spacing, larger click targets.

Both are remembered in Preferences, reachable from Menu > Reading comfort and
by keys (Ctrl+Shift+L, Ctrl+Shift+T), and said in the status bar like a
text-size or theme change. The look itself is theme.Look.
"""

from __future__ import annotations

from reader.ui.qt import QAction

MESSAGE_MS = 4000


def checkable(action: QAction, checked: bool) -> QAction:
    action.setCheckable(True)
    action.setChecked(checked)
    return action


def toggle_line_spacing(window) -> str:
    """Normal <-> 1.5x line spacing in summaries and pages; the message said."""
    prefs = window.prefs
    prefs.line_spacing = 1.0 if prefs.line_spacing > 1 else 1.5
    wide = prefs.line_spacing > 1
    window.commands.line_spacing.setChecked(wide)
    window.apply_look()
    message = "Line spacing 1.5×" if wide else "Line spacing normal"
    window.statusBar().showMessage(message, MESSAGE_MS)
    return message


def toggle_large_targets(window) -> str:
    """Every button and control at least 64 px (or back to 44); the message said."""
    prefs = window.prefs
    prefs.large_targets = not prefs.large_targets
    window.commands.large_targets.setChecked(prefs.large_targets)
    window.apply_look()
    message = "Larger click targets on" if prefs.large_targets else "Larger click targets off"
    window.statusBar().showMessage(message, MESSAGE_MS)
    return message
