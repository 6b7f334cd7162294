"""The fonts shipped for printing (``desktop/handouts/fonts``), given to Qt too, so every screen can show
every script a name may be written in: Chinese, Japanese and Korean (Droid Sans Fallback, renamed "On-Ramp Droid
Sans Fallback" so a system face of that name without Hangul cannot stand in for it: see the fonts' README), Arabic and
Hebrew (Noto). A machine without such fonts of its own would otherwise draw "王芳" as boxes. Qt's own
font choice stays; these only fill in the characters it lacks (Qt falls back to registered application
fonts, through fontconfig on Linux).

Only the scripts' faces are given: the Latin text face is the system's own, and the symbols file calls
itself "DejaVu Sans", a family many systems use for all their text, which it must not stand in for.
"""

from __future__ import annotations

from pathlib import Path

# ``handouts.typefaces.FONT_DIR``, named here without importing reportlab into the window's start.
FONT_DIR = Path(__file__).resolve().parent.parent / "handouts" / "fonts"

SCRIPT_FONTS = (
    "DroidSansFallback.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansHebrew-Bold.ttf",
)
_families: list[str] | None = None


def register_app_fonts() -> list[str]:
    """Register the bundled fonts with Qt once (a QGuiApplication must exist); their family names."""
    global _families
    if _families is None:
        from PySide6.QtGui import QFontDatabase

        families: list[str] = []
        for name in SCRIPT_FONTS:
            font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
            if font_id >= 0:  # a font Qt cannot read is left out: the screen still works without it
                families += QFontDatabase.applicationFontFamilies(font_id)
        _families = families
    return list(_families)
