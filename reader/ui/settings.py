"""The window's preferences (theme, text size, comfort, disclaimer seen, read-aloud speed and
voice, where updates come from and the proxy to reach them), kept in the data folder.

An INI file beside the library, not the platform registry, so that
`--data-dir` isolates a clinic profile or a test completely.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from reader.ui.qt import QSettings
from reader.ui.theme import LINE_SPACINGS, SCALES, THEMES, system_prefers_dark


def nearest(choices, value: float) -> float:
    """The choice closest to `value` (a stored or configured text size, a line spacing)."""
    return min(choices, key=lambda c: abs(c - value))


class Preferences:
    # Every preference, listed once: a visit in kiosk mode copies these.
    NAMES = (
        "theme",
        "scale",
        "line_spacing",
        "large_targets",
        "disclaimer_acknowledged",
        "speech_rate",
        "speech_voice",
        "update_source",
        "update_proxy",
    )

    def __init__(self, data_dir: Path):
        # A folder that cannot be made: a change is then not kept, and said so (status_line).
        with suppress(OSError):
            data_dir.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
        self.kept = True  # whether the last change reached settings.ini (a full disk: not)
        self.kept_changed: Callable[[bool], None] | None = None  # the status line's notice

    def _get(self, key: str, default: str) -> str:
        return str(self._q.value(key, default))

    def _set(self, key: str, value: object) -> None:
        self._q.setValue(key, value)
        # A QSettings keeps the first error it met for good, even after a write
        # that worked: a fresh one, sharing the file's changes, says about this one.
        check = QSettings(self._q.fileName(), QSettings.Format.IniFormat)
        check.sync()
        kept = check.status() == QSettings.Status.NoError
        if kept != self.kept and self.kept_changed is not None:
            self.kept_changed(kept)
        self.kept = kept

    def file_read_only(self) -> bool:
        """Whether settings.ini (or, before it exists, its folder) cannot be written at all:
        why a change was not kept, when it is not a disk with no room."""
        path = Path(self._q.fileName())
        return not os.access(path if path.exists() else path.parent, os.W_OK)

    def _number(self, key: str, default: float) -> float:
        try:
            value = float(self._get(key, str(default)))
        except ValueError:
            return default
        return value if value == value else default  # NaN: the default

    def _flag(self, key: str) -> bool:
        return self._get(key, "false") == "true"

    def _set_flag(self, key: str, value: bool) -> None:
        self._set(key, "true" if value else "false")

    @property
    def theme(self) -> str:
        stored = self._get("theme", "")
        if stored in THEMES:
            return stored
        return "dark" if system_prefers_dark() else "light"

    @theme.setter
    def theme(self, key: str) -> None:
        self._set("theme", key)

    @property
    def scale(self) -> float:
        return nearest(SCALES, self._number("scale", 1.0))

    @scale.setter
    def scale(self, value: float) -> None:
        self._set("scale", value)

    @property
    def line_spacing(self) -> float:
        """1.0 (normal) or 1.5: the spacing of lines in summaries and pages."""
        return nearest(LINE_SPACINGS, self._number("line_spacing", 1.0))

    @line_spacing.setter
    def line_spacing(self, value: float) -> None:
        self._set("line_spacing", value)

    @property
    def large_targets(self) -> bool:
        """Every button and control at least 64 px instead of 44."""
        return self._flag("large_targets")

    @large_targets.setter
    def large_targets(self, value: bool) -> None:
        self._set_flag("large_targets", value)

    @property
    def disclaimer_acknowledged(self) -> bool:
        return self._flag("disclaimer_acknowledged")

    @disclaimer_acknowledged.setter
    def disclaimer_acknowledged(self, value: bool) -> None:
        self._set_flag("disclaimer_acknowledged", value)

    @property
    def speech_rate(self) -> float:
        """Read-aloud speed, as Qt's rate: -1.0 (slowest) to 1.0 (fastest), 0 normal."""
        return max(-1.0, min(1.0, self._number("speech_rate", 0.0)))

    @speech_rate.setter
    def speech_rate(self, value: float) -> None:
        self._set("speech_rate", value)

    @property
    def speech_voice(self) -> str:
        """The read-aloud voice's name; empty for the engine's default voice."""
        return self._get("speech_voice", "")

    @speech_voice.setter
    def speech_voice(self, name: str) -> None:
        self._set("speech_voice", name)

    @property
    def update_source(self) -> str:
        """Where "Check for updates" looks: a file, a folder or a web address ('' for none).

        A source in the clinic configuration wins over this one.
        """
        return self._get("update_source", "")

    @update_source.setter
    def update_source(self, source: str) -> None:
        self._set("update_source", source.strip())

    @property
    def update_proxy(self) -> str:
        """A proxy for web updates ('http://host:port'); '' to use the system's."""
        return self._get("update_proxy", "")

    @update_proxy.setter
    def update_proxy(self, proxy: str) -> None:
        self._set("update_proxy", proxy.strip())
