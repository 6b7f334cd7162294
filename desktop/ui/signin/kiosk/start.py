"""The first screen: find yourself, or say you are new."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.signin.kiosk.common import Screen, button, label, set_text


class StartScreen(Screen):
    returning = Signal()
    new = Signal()
    feedback = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.subtitle = label()
        self.returning_button = button()
        self.new_button = button()
        self.feedback_button = button(secondary=True)
        self.layout_.addStretch(1)
        for w in (self.title, self.subtitle):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.layout_.addWidget(w)
        row = QHBoxLayout()
        row.addWidget(self.returning_button)
        row.addWidget(self.new_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.feedback_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.layout_.addStretch(2)
        self.returning_button.clicked.connect(self.returning)
        self.new_button.clicked.connect(self.new)
        self.feedback_button.clicked.connect(self.feedback)

    def retranslate(self) -> None:
        self.title.setText(_("Welcome! Please sign in."))
        self.subtitle.setText(_("It takes less than a minute. Only your first name is needed."))
        set_text(self.returning_button, _("I've been here before"))
        set_text(self.new_button, _("I'm new here"))
        set_text(self.feedback_button, _("Tell us how it went (exit card)"))

    def first_focus(self) -> QWidget:
        return self.returning_button
