"""The window's preferences (theme, text size, comfort, disclaimer seen, read-aloud speed and
voice), kept in the data folder.

An INI file beside the library, not the platform registry, so that
`--data-dir` isolates a clinic profile or a test completely.
"""

from __future__ import annotations

from pathlib import Path

from reader.ui.qt import QSettings
from reader.ui.theme import LINE_SPACINGS, SCALES, THEMES, system_prefers_dark


class Preferences:
    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self._q = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default: str) -> str:
        return str(self._q.value(key, default))

    def _set(self, key: str, value: object) -> None:
        self._q.setValue(key, value)
        self._q.sync()

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
        try:
            value = float(self._get("scale", "1.0"))
        except ValueError:
            return 1.0
        return min(SCALES, key=lambda s: abs(s - value))

    @scale.setter
    def scale(self, value: float) -> None:
        self._set("scale", value)

    @property
    def line_spacing(self) -> float:
        """1.0 (normal) or 1.5: the spacing of lines in summaries and pages."""
        try:
            value = float(self._get("line_spacing", "1.0"))
        except ValueError:
            return 1.0
        return min(LINE_SPACINGS, key=lambda s: abs(s - value))

    @line_spacing.setter
    def line_spacing(self, value: float) -> None:
        self._set("line_spacing", value)

    @property
    def large_targets(self) -> bool:
        """Every button and control at least 64 px instead of 44."""
        return self._get("large_targets", "false") == "true"

    @large_targets.setter
    def large_targets(self, value: bool) -> None:
        self._set("large_targets", "true" if value else "false")

    @property
    def disclaimer_acknowledged(self) -> bool:
        return self._get("disclaimer_acknowledged", "false") == "true"

    @disclaimer_acknowledged.setter
    def disclaimer_acknowledged(self, value: bool) -> None:
        self._set("disclaimer_acknowledged", "true" if value else "false")

    @property
    def speech_rate(self) -> float:
        """Read-aloud speed, as Qt's rate: -1.0 (slowest) to 1.0 (fastest), 0 normal."""
        try:
            value = float(self._get("speech_rate", "0.0"))
        except ValueError:
            return 0.0
        return max(-1.0, min(1.0, value)) if value == value else 0.0  # NaN: normal

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
