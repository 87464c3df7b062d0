"""Themes and text size: one palette and one style sheet for the whole app.

Text size scales everything (fonts, target sizes, paddings), not only the
article, because people who need large text need large buttons too. The
high-contrast theme keeps every text/background pair above 7:1.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.ui.qt import QApplication, QColor, QFont, QGuiApplication, QPalette, Qt

SCALES = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
BASE_POINT_SIZE = 12.0
MIN_TARGET_PX = 44


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    window: str
    surface: str  # cards, inputs
    text: str
    muted: str  # secondary text, still >= 4.5:1 on surface
    accent: str  # buttons, links
    accent_text: str
    focus: str
    border: str
    mark: str  # search-match highlight background
    mark_text: str


LIGHT = Theme(
    "light", "Light", window="#f4f6f8", surface="#ffffff", text="#1a1a1a", muted="#4a4f55",
    accent="#0b5cad", accent_text="#ffffff", focus="#d9480f", border="#8a939c",
    mark="#ffe066", mark_text="#000000",
)  # fmt: skip
DARK = Theme(
    "dark", "Dark", window="#16191d", surface="#22272e", text="#eef1f4", muted="#b8c0c8",
    accent="#7cb7ff", accent_text="#0b1420", focus="#ffb454", border="#5b6470",
    mark="#8a6d00", mark_text="#ffffff",
)  # fmt: skip
HIGH_CONTRAST = Theme(
    "high-contrast", "High contrast", window="#000000", surface="#000000", text="#ffffff",
    muted="#ffffff", accent="#ffff00", accent_text="#000000", focus="#00ffff",
    border="#ffffff", mark="#ffff00", mark_text="#000000",
)  # fmt: skip
THEMES = {t.key: t for t in (LIGHT, DARK, HIGH_CONTRAST)}


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def _relative_luminance(color: str) -> float:
    c = QColor(color)

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def px(value: float, scale: float) -> int:
    return round(value * scale)


def palette(theme: Theme) -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.surface,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.surface,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.accent_text,
        QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.LinkVisited: theme.accent,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
    }
    for role, color in roles.items():
        p.setColor(role, QColor(color))
    return p


def style_sheet(theme: Theme, scale: float) -> str:
    t, s = theme, scale
    # Targets stay at least 44 px; larger text makes them grow with it.
    target = MIN_TARGET_PX
    focus = f"{max(3, px(3, s))}px solid {t.focus}"
    return f"""
    * {{ font-size: {BASE_POINT_SIZE * s:.1f}pt; }}
    QWidget {{ color: {t.text}; }}
    QMainWindow, QDialog, QScrollArea, QScrollArea > QWidget > QWidget#page {{
        background: {t.window};
    }}
    QPushButton, QToolButton {{
        min-height: {target}px; min-width: {target}px;
        padding: {px(4, s)}px {px(12, s)}px;
        background: {t.surface}; color: {t.text};
        border: {max(1, px(2, s))}px solid {t.border}; border-radius: {px(8, s)}px;
    }}
    QPushButton:focus, QToolButton:focus {{ border: {focus}; }}
    QPushButton:pressed, QToolButton:pressed, QPushButton:checked {{
        background: {t.accent}; color: {t.accent_text};
    }}
    QPushButton[role="primary"] {{ background: {t.accent}; color: {t.accent_text}; }}
    QPushButton[role="card"] {{ text-align: left; padding: {px(12, s)}px; }}
    QPushButton[role="chip"] {{ border-radius: {px(22, s)}px; }}
    QPushButton[role="crumb"] {{
        padding: 0px {px(6, s)}px; border-color: transparent; color: {t.accent};
        text-decoration: underline; background: transparent;
    }}
    QPushButton[role="crumb"]:focus {{ border: {focus}; }}
    QLineEdit, QComboBox, QPlainTextEdit {{
        min-height: {target}px; padding: {px(4, s)}px {px(10, s)}px;
        background: {t.surface}; color: {t.text};
        border: {max(1, px(2, s))}px solid {t.border}; border-radius: {px(6, s)}px;
    }}
    QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus {{ border: {focus}; }}
    QListView, QTextBrowser {{
        background: {t.window}; color: {t.text};
        border: {max(1, px(2, s))}px solid transparent; border-radius: {px(6, s)}px;
    }}
    QListView:focus, QTextBrowser:focus {{ border: {focus}; }}
    QLabel[role="heading"] {{
        font-size: {BASE_POINT_SIZE * 1.6 * s:.1f}pt; font-weight: bold;
        min-height: {target}px; border: {max(1, px(2, s))}px solid transparent;
    }}
    QLabel[role="heading"]:focus {{ border: {focus}; }}
    QLabel[role="subheading"] {{ font-size: {BASE_POINT_SIZE * 1.3 * s:.1f}pt; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QToolBar {{ background: {t.window}; border: none; spacing: {px(6, s)}px;
        padding: {px(4, s)}px; }}
    QStatusBar {{ background: {t.window}; color: {t.text}; }}
    QMenuBar {{ background: {t.window}; color: {t.text}; }}
    QMenuBar::item {{ padding: {px(8, s)}px {px(12, s)}px; }}
    QMenuBar::item:selected, QMenu::item:selected {{
        background: {t.accent}; color: {t.accent_text};
    }}
    QMenu {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; }}
    QMenu::item {{ padding: {px(10, s)}px {px(24, s)}px; }}
    QProgressBar {{ min-height: {target}px; border: 1px solid {t.border};
        border-radius: {px(6, s)}px; text-align: center; }}
    QProgressBar::chunk {{ background: {t.accent}; }}
    QScrollBar:vertical {{ width: {px(18, s)}px; }}
    """


def document_css(theme: Theme, scale: float) -> str:
    """CSS for HTML shown in text browsers (article bodies, pages, snippets)."""
    t = theme
    return f"""
    body {{ color: {t.text}; }}
    h2 {{ font-size: {BASE_POINT_SIZE * 1.5 * scale:.1f}pt; margin-top: 18px; }}
    h3 {{ font-size: {BASE_POINT_SIZE * 1.2 * scale:.1f}pt; margin-top: 12px; }}
    a {{ color: {t.accent}; text-decoration: underline; }}
    mark {{ background-color: {t.mark}; color: {t.mark_text}; }}
    td.card {{ background-color: {t.surface}; border: 1px solid {t.border}; }}
    p.card-label {{ color: {t.muted}; font-weight: bold; }}
    p.card-detail {{ color: {t.muted}; }}
    li {{ margin-bottom: 6px; }}
    """


def apply(app: QApplication, theme: Theme, scale: float) -> None:
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)
    app.setPalette(palette(theme))
    app.setStyleSheet(style_sheet(theme, scale))
