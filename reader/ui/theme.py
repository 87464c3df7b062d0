"""Themes, text size and comfort settings: one palette and one style sheet for the window.

Text size scales everything (fonts, target sizes, paddings), not only the
article, because people who need large text need large buttons too. The
window's chrome (toolbar, breadcrumb, menus, status bar) scales less than the
text, so that at 300% on a 768-px screen most of the height is left to read.
The high-contrast theme keeps every text/background pair above 7:1; every
border, focus ring and scroll-bar thumb reaches 3:1 against what is beside it
(tests/ui/test_contrast.py computes each pair from these definitions).

There is one focus look (a thick ring in the focus colour; a filled button
turns light while focused so the ring stays visible on it) and one selection
look (a bar in the accent colour), so two things never look focused. (The
style's own focus box, a tinted rectangle over a button's words after Tab, is
switched off: `outline: none`.)
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.ui.qt import (
    QApplication,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPalette,
    Qt,
    QWidget,
)

SCALES = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
BASE_POINT_SIZE = 12.0
MIN_TARGET_PX = 44
LARGE_TARGET_PX = 64  # the "larger click targets" comfort setting
LINE_SPACINGS = (1.0, 1.5)
# How much of the text's growth the chrome follows: 300% text, 190% chrome.
CHROME_SHARE = 0.45
# Qt's own dialogs (message, progress, file, print) have layouts that do not
# wrap or that grow tall and narrow: past this text size they leave the screen,
# so each is shown at the largest step that fits (screen_fit, stock_dialogs).
STOCK_DIALOG_SCALE = 1.25
# Buttons with this property set (a notice's, the read-aloud bar's) keep the chrome's
# small padding, and their minimum height counts it (their height stays >= the target).
COMPACT = "compact"
COMPACT_PAD = 2
# Buttons with this property set (the kiosk's PIN pad) are at least KEY_TARGET_PX each
# way, for a finger on a touch screen: set on the widget, a minimum is replaced by the
# style sheet's when the button is polished (the keys came out 56 px).
KEYPAD = "keypad"
KEY_TARGET_PX = 72


@dataclass(frozen=True)
class Theme:
    """A theme's colours (tests/ui/test_contrast.py checks every pair)."""

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
    mark: str  # search-match highlight: >= 3:1 against surface and window
    mark_text: str


LIGHT = Theme(
    "light", "Light", window="#f4f6f8", surface="#ffffff", text="#1a1a1a", muted="#4a4f55",
    accent="#0b5cad", accent_text="#ffffff", focus="#d9480f", border="#6e7781",
    mark="#a87d00", mark_text="#000000",
)  # fmt: skip
DARK = Theme(
    "dark", "Dark", window="#16191d", surface="#22272e", text="#eef1f4", muted="#b8c0c8",
    accent="#7cb7ff", accent_text="#0b1420", focus="#ffb454", border="#7d8794",
    mark="#e0b040", mark_text="#000000",
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


def chrome_scale(scale: float) -> float:
    """The toolbar's, breadcrumb's, menus' and status bar's share of the text size."""
    return 1.0 + (scale - 1.0) * CHROME_SHARE


@dataclass(frozen=True)
class Look:
    """Everything the window's appearance depends on (all of it in Preferences)."""

    theme: Theme
    scale: float = 1.0
    line_spacing: float = 1.0
    large_targets: bool = False

    @property
    def target(self) -> int:
        return LARGE_TARGET_PX if self.large_targets else MIN_TARGET_PX


def look_of(prefs) -> Look:
    """The look a reader's preferences ask for (reader.ui.settings.Preferences)."""
    return Look(THEMES[prefs.theme], prefs.scale, prefs.line_spacing, prefs.large_targets)


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


def _line_px(points: float) -> int:
    font = QFont(QApplication.font())
    font.setPointSizeF(points)
    return round(QFontMetricsF(font).height())


def _pad_to(target: int, points: float, least: int, border: int) -> int:
    """Vertical padding that makes one line of `points` text, with its border, `target` px."""
    return max(least, (target - _line_px(points) + 1) // 2 - border + 1)


def _least(target: int, box: int) -> int:
    """The min-height (or min-width) that makes a control `target` px in all, when its
    padding and border add `box` px on each side: a style sheet's minimum counts the
    content only, so `target` itself made every larger target 2 * box px too big (at
    300% text, 100 px controls and a reading area under 55% of a 768-px window). Never
    under MIN_TARGET_PX, so that the normal look is what it always was."""
    return max(MIN_TARGET_PX, target - 2 * box)


def style_sheet(look: Look) -> str:
    t, s, target = look.theme, look.scale, look.target
    c = chrome_scale(s)
    text_pt, chrome_pt = BASE_POINT_SIZE * s, BASE_POINT_SIZE * c
    line = max(1, px(2, s))
    ring = max(3, px(3, s))  # the transparent border a focus ring takes the place of
    focus = f"{ring}px solid {t.focus}"
    high, wide = _least(target, px(4, s) + line), _least(target, px(12, s) + line)
    key = max(KEY_TARGET_PX, target)
    menu_border = max(3, px(3, c))
    menu_pad = _pad_to(target, chrome_pt, px(4, c), menu_border)
    box = max(px(22, s), target // 2)  # check box / radio indicator
    return f"""
    * {{ font-size: {text_pt:.1f}pt; }}
    QWidget {{ color: {t.text}; }}
    QMainWindow, QDialog, QScrollArea, QScrollArea > QWidget > QWidget#page {{
        background: {t.window};
    }}
    QPushButton, QToolButton {{
        min-height: {high}px; min-width: {wide}px;
        padding: {px(4, s)}px {px(12, s)}px;
        background: {t.surface}; color: {t.text};
        border: {line}px solid {t.border}; border-radius: {px(8, s)}px;
    }}
    QPushButton:pressed, QToolButton:pressed, QPushButton:checked,
    QPushButton[role="primary"] {{
        background: {t.accent}; color: {t.accent_text}; border-color: {t.accent};
    }}
    QPushButton:focus, QToolButton:focus {{ border: {focus}; outline: none; }}
    QPushButton[role="primary"]:focus, QPushButton:checked:focus {{
        background: {t.surface}; color: {t.text}; font-weight: bold; border: {focus};
    }}
    QPushButton:disabled, QToolButton:disabled {{
        background: {t.window}; color: {t.muted}; border-style: dashed;
        border-color: {t.muted};
    }}
    QPushButton[{COMPACT}="true"] {{
        padding: {COMPACT_PAD}px 10px; min-height: {_least(target, COMPACT_PAD + line)}px;
    }}
    QPushButton[{KEYPAD}="true"] {{
        min-height: {_least(key, px(4, s) + line)}px; min-width: {_least(key, px(12, s) + line)}px;
    }}
    QPushButton[role="card"] {{ text-align: left; padding: {px(12, s)}px; }}
    QPushButton[role="chip"] {{ border-radius: {min(px(22, s), target // 2)}px; }}
    QPushButton[role="crumb"] {{
        min-height: {_least(target, line)}px;
        padding: 0px {px(6, c)}px; border-color: transparent; color: {t.accent};
        text-decoration: underline; background: transparent;
    }}
    QPushButton[role="crumb"]:focus {{ border: {focus}; }}
    QLabel[role="crumb"] {{ padding-left: {px(6, c)}px; }}
    QLineEdit, QComboBox, QPlainTextEdit {{
        min-height: {high}px; padding: {px(4, s)}px {px(10, s)}px;
        background: {t.surface}; color: {t.text};
        border: {line}px solid {t.border}; border-radius: {px(6, s)}px;
    }}
    QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus {{ border: {focus}; }}
    QCheckBox, QRadioButton {{ min-height: {_least(target, ring)}px; spacing: {px(10, s)}px; }}
    QCheckBox::indicator, QRadioButton::indicator {{ width: {box}px; height: {box}px; }}
    QCheckBox:focus, QRadioButton:focus {{ border: {focus}; border-radius: {px(6, s)}px; }}
    QCheckBox, QRadioButton {{ border: {ring}px solid transparent; }}
    QListView, QTextBrowser {{
        background: {t.window}; color: {t.text};
        border: {max(3, px(3, s))}px solid transparent; border-radius: {px(6, s)}px;
    }}
    QTextBrowser:focus {{ border: {focus}; }}
    QListView:focus {{ border-color: transparent; }}
    QLabel[role="heading"] {{
        font-size: {BASE_POINT_SIZE * 1.6 * s:.1f}pt; font-weight: bold;
        min-height: {_least(target, ring)}px; border: {ring}px solid transparent;
    }}
    QLabel[role="heading"]:focus {{ border: {focus}; }}
    QLabel[role="subheading"] {{ font-size: {BASE_POINT_SIZE * 1.3 * s:.1f}pt; font-weight: bold; }}
    QLabel[role="muted"] {{ color: {t.muted}; }}
    QWidget#chrome, QWidget#chrome * {{ font-size: {chrome_pt:.1f}pt; }}
    QMessageBox, QMessageBox *, QProgressDialog, QProgressDialog *, QFileDialog,
    QFileDialog *, QPrintDialog, QPrintDialog * {{
        font-size: {BASE_POINT_SIZE * min(s, STOCK_DIALOG_SCALE):.1f}pt;
    }}
    QWidget#chrome {{ background: {t.window}; }}
    QStatusBar, QStatusBar * {{ background: {t.window}; color: {t.text};
        font-size: {chrome_pt:.1f}pt; }}
    QMenuBar {{ background: {t.window}; color: {t.text}; }}
    QMenu {{ background: {t.surface}; color: {t.text}; border: {line}px solid {t.border};
        font-size: {chrome_pt:.1f}pt; }}
    QMenu::item {{ padding: {menu_pad}px {px(24, c)}px {menu_pad}px {px(16, c)}px;
        border: {menu_border}px solid transparent; }}
    QMenu::item:selected {{ background: {t.surface}; color: {t.text};
        border: {menu_border}px solid {t.focus}; }}
    QMenu::item:disabled {{ color: {t.muted}; }}
    QMenu::separator {{ height: {line}px; background: {t.border}; margin: {px(4, c)}px 0px; }}
    QMenu::indicator {{ width: {px(18, c)}px; height: {px(18, c)}px; }}
    QProgressBar {{ min-height: {_least(target, line)}px; border: {line}px solid {t.border};
        border-radius: {px(6, s)}px; text-align: center; }}
    QProgressBar::chunk {{ background: {t.accent}; }}
    QScrollBar:vertical {{ width: {target}px; background: {t.window}; margin: 0px; }}
    QScrollBar:horizontal {{ height: {target}px; background: {t.window}; margin: 0px; }}
    QScrollBar::handle {{ background: {t.border}; border: 2px solid {t.window};
        border-radius: 8px; }}
    QScrollBar::handle:vertical {{ min-height: {target}px; }}
    QScrollBar::handle:horizontal {{ min-width: {target}px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ width: 0px; height: 0px; border: none; }}
    QScrollBar::add-page, QScrollBar::sub-page {{ background: {t.window}; }}
    """


def document_css(look: Look) -> str:
    """CSS for HTML shown in text browsers (article bodies, pages, snippets)."""
    t, scale = look.theme, look.scale
    spacing = f"line-height: {round(look.line_spacing * 100)}%;" if look.line_spacing > 1 else ""
    return f"""
    body {{ color: {t.text}; }}
    p, li, td {{ {spacing} }}
    h2 {{ font-size: {BASE_POINT_SIZE * 1.5 * scale:.1f}pt; margin-top: 18px; }}
    h3 {{ font-size: {BASE_POINT_SIZE * 1.2 * scale:.1f}pt; margin-top: 12px; }}
    a {{ color: {t.accent}; text-decoration: underline; }}
    {mark_css(t)}
    td.card {{ background-color: {t.surface}; border: 1px solid {t.border}; }}
    p.card-label {{ color: {t.muted}; font-weight: bold; }}
    p.card-detail {{ color: {t.muted}; }}
    li {{ margin-bottom: 6px; }}
    """


def mark_css(theme: Theme) -> str:
    """Search matches: bold and underlined as well as coloured (never colour alone)."""
    return (
        f"mark {{ background-color: {theme.mark}; color: {theme.mark_text};"
        " font-weight: bold; text-decoration: underline; }"
    )


_applied: Look | None = None  # the last look apply() put on the app


def applied_look() -> Look:
    """The look the app shows now (Qt's own dialogs take it at a smaller text size)."""
    return _applied or Look(LIGHT)


def apply(app: QApplication, look: Look, root: QWidget | None = None) -> None:
    """Font and palette for the app; the style sheet on `root` (the window), else the app.

    On the window, a text-size step repolishes the window's widgets only, not
    every widget of the app: a fraction of the time (benchmarks/size_step_bench.py).
    Dialogs and menus are the window's children and get the sheet too.
    """
    global _applied
    _applied = look
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * look.scale)
    app.setFont(font)
    app.setPalette(palette(look.theme))
    sheet = style_sheet(look)
    if root is None:
        app.setStyleSheet(sheet)
    elif root.styleSheet() != sheet:
        root.setStyleSheet(sheet)
