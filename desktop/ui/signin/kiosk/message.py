"""A short message: welcome, thanks, or what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QWidget,
)

from desktop.i18n import _
from desktop.ui.a11y import announce
from desktop.ui.signin.kiosk.common import Screen, button, label, set_text


class MessageScreen(Screen):
    """Welcome, welcome back, thank you: a big message, then back to the start."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = label("title")
        self.detail = label()
        self.done_button = button()
        self.layout_.addStretch(1)
        for w in (self.message, self.detail):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.layout_.addWidget(w)
        self.layout_.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(2)
        self.done_button.clicked.connect(self.done)
        self._texts: tuple[str, str, dict] = ("", "", {})

    def show_message(self, message: str, detail: str = "", **values: str) -> None:
        """``message`` and ``detail`` are untranslated msgids, so a language switch redraws them."""
        self._texts = (message, detail, values)
        self.retranslate()

    def retranslate(self) -> None:
        message, detail, values = self._texts
        self.message.setText(_(message).format(**values) if message else "")
        self.detail.setText(_(detail).format(**values) if detail else "")
        self.message.setAccessibleName(self.message.text())
        self.detail.setAccessibleName(self.detail.text())
        set_text(self.done_button, _("Done"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Every showing is news ("Thank you!" twice in a row included): read it out.
        announce(self.message, " ".join(t for t in (self.message.text(), self.detail.text()) if t))

    def first_focus(self) -> QWidget:
        return self.done_button
