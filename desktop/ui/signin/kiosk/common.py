"""What every kiosk screen shares: its base class, its labels and buttons, and the wording of
choices that several screens (and the host's pages) show."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_

HEARD_LABELS = {
    "place_of_worship": N_("My church or place of worship"),
    "salon": N_("A salon"),
    "barbershop": N_("A barbershop"),
    "friend": N_("A friend or family member"),
    "flyer": N_("A flyer or poster"),
    "union": N_("My union"),
    "online": N_("Online"),
    "other": N_("Somewhere else"),
}
BARRIER_LABELS = {
    "time": N_("Time"),
    "travel": N_("Getting here"),
    "childcare": N_("Childcare"),
    "language": N_("Language"),
    "access": N_("Access"),
    "cost": N_("Cost"),
    "other": N_("Something else"),
}
# Languages are offered in their own names, so everyone can find theirs.
LANGUAGE_NAMES = (
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ko", "한국어"),
    ("ja", "日本語"),
)


def label(role: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def button(secondary: bool = False, checkable: bool = False) -> QPushButton:
    widget = QPushButton()
    widget.setProperty("secondary", "true" if secondary else "false")
    widget.setCheckable(checkable)
    widget.setAutoDefault(True)  # Enter presses the focused button
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def set_text(widget: QWidget, text: str, description: str = "") -> None:
    """Set a control's text and its accessible name together."""
    widget.setText(text)  # type: ignore[attr-defined]
    widget.setAccessibleName(text.replace("&", ""))
    if description:
        widget.setAccessibleDescription(description)


class Screen(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 24, 48, 24)
        self.layout_.setSpacing(18)

    def retranslate(self) -> None:  # pragma: no cover - every screen overrides
        raise NotImplementedError

    def first_focus(self) -> QWidget | None:
        return None

    def reset(self) -> None:
        """Forget what the last person typed."""
