"""Large type and high contrast for the kiosk, derived from the app font so large-text mode scales it too."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

INK = "#000000"
PAPER = "#ffffff"
ACTION = "#003a80"  # white on this is over 10:1
FOCUS = "#ffb000"
ERROR = "#a00018"
RAIL = "#8a8a8a"  # a quiet scroll handle: it says "there is more" without shouting
SCALE = 1.9


def kiosk_stylesheet(larger: float = 1.0) -> str:
    """``larger``: the kiosk's own "A A" (participants' large text, no PIN needed), on top of the app's."""
    base = QApplication.font().pointSizeF() or 10.0
    pt = base * SCALE * larger
    return f"""
    QWidget#kiosk {{ background: {PAPER}; color: {INK}; font-size: {pt:.1f}pt; }}
    QWidget#kiosk QWidget {{ font-size: {pt:.1f}pt; }}
    QWidget#kiosk QWidget#kioskForm {{ background: {PAPER}; }}
    QWidget#kiosk QLabel {{ color: {INK}; }}
    QWidget#kiosk QLabel[role="title"] {{ font-size: {pt * 1.5:.1f}pt; font-weight: bold; }}
    QWidget#kiosk QLabel[role="hint"] {{ font-size: {pt * 0.9:.1f}pt; }}
    QWidget#kiosk QLabel[role="error"] {{ color: {ERROR}; font-weight: bold; }}
    QWidget#kiosk QPushButton {{
        background: {ACTION}; color: {PAPER}; border: 3px solid {ACTION}; border-radius: 10px;
        padding: 18px 26px; font-weight: bold;
    }}
    QWidget#kiosk QPushButton[secondary="true"] {{ background: {PAPER}; color: {INK}; border: 3px solid {INK}; }}
    QWidget#kiosk QPushButton[choice="true"], QWidget#kiosk QPushButton[key="true"] {{ padding: 10px 18px; }}
    QWidget#kiosk QPushButton:checked {{ background: {FOCUS}; color: {INK}; border: 3px solid {INK}; }}
    QWidget#kiosk QPushButton:focus, QWidget#kiosk QLineEdit:focus, QWidget#kiosk QPlainTextEdit:focus,
    QWidget#kiosk QComboBox:focus, QWidget#kiosk QCheckBox:focus {{ outline: none; border: 5px solid {FOCUS}; }}
    /* The thicker focus border takes its 2px from the padding: a focused control keeps its size, so
       its text is never clipped (the layout does not re-measure a control when it gains focus). */
    QWidget#kiosk QPushButton:focus {{ padding: 16px 24px; }}
    QWidget#kiosk QPushButton[choice="true"]:focus, QWidget#kiosk QPushButton[key="true"]:focus {{ padding: 8px 16px; }}
    QWidget#kiosk QLineEdit:focus, QWidget#kiosk QPlainTextEdit:focus, QWidget#kiosk QComboBox:focus {{ padding: 6px; }}
    QWidget#kiosk QCheckBox:focus {{ padding: 4px; }}
    QWidget#kiosk QPushButton:disabled {{ background: #6b6b6b; border-color: #6b6b6b; color: {PAPER}; }}
    QWidget#kiosk QLineEdit, QWidget#kiosk QPlainTextEdit, QWidget#kiosk QComboBox {{
        background: {PAPER}; color: {INK}; border: 3px solid {INK}; border-radius: 6px; padding: 8px;
    }}
    QWidget#kiosk QCheckBox {{ padding: 6px; border: 3px solid transparent; }}
    QWidget#kiosk QCheckBox::indicator {{ width: {pt * 1.4:.0f}px; height: {pt * 1.4:.0f}px; }}
    QWidget#kiosk QScrollArea {{ border: none; background: {PAPER}; }}
    QWidget#kiosk QScrollArea > QWidget > QWidget {{ background: {PAPER}; }}
    QWidget#kiosk QScrollBar:vertical {{ width: 14px; background: {PAPER}; border: none; margin: 0; }}
    QWidget#kiosk QScrollBar::handle:vertical {{ background: {RAIL}; border-radius: 7px; min-height: 48px; }}
    QWidget#kiosk QScrollBar::add-line:vertical, QWidget#kiosk QScrollBar::sub-line:vertical {{ height: 0; }}
    QWidget#kiosk QScrollBar::add-page:vertical, QWidget#kiosk QScrollBar::sub-page:vertical {{ background: none; }}
    """
