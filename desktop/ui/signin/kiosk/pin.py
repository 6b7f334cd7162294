"""The host's PIN, asked before leaving the kiosk."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.a11y import LiveLabel
from desktop.ui.signin.kiosk.common import Screen, button, label, set_text


class PinScreen(Screen):
    """Only the host leaves the kiosk: a PIN, typed or tapped on the keypad."""

    entered = Signal(str)
    cancel = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.hint = label("hint")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.error = LiveLabel(assertive=True)  # a refusal is read out at once
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()
        self.hint.setBuddy(self.pin)
        # The PIN beside its keypad, not above it: with large text a column of both needs a scroll.
        columns = QHBoxLayout()
        columns.setSpacing(36)
        left = QVBoxLayout()
        left.setSpacing(14)
        for w in (self.title, self.hint, self.pin, self.error):
            left.addWidget(w)
        left.addStretch(1)
        self.cancel_button = button(secondary=True)
        left.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        columns.addLayout(left, 3)
        pad = QGridLayout()
        pad.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            b = button(secondary=key != "OK")
            b.setProperty("key", "true")
            b.setText(key)
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            self.keys[key] = b
            pad.addWidget(b, i // 3, i % 3)
        columns.addLayout(pad, 2)
        self.layout_.addLayout(columns, 1)
        self.cancel_button.clicked.connect(self.cancel)
        order = [self.pin, *self.keys.values(), self.cancel_button]  # as read: the field, its keypad, the way out
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.pin.returnPressed.connect(lambda: self.entered.emit(self.pin.text()))

    def _key(self, key: str) -> None:
        if key == "OK":
            self.entered.emit(self.pin.text())
        elif key == "⌫":
            self.pin.backspace()
        else:
            self.pin.insert(key)
        self.pin.setFocus()

    def retranslate(self) -> None:
        self.title.setText(_("For the host"))
        self.hint.setText(_("Type the host PIN to leave the kiosk:"))
        self.pin.setAccessibleName(_("Host PIN"))
        self.keys["⌫"].setAccessibleName(_("Delete the last digit"))
        set_text(self.keys["OK"], "OK", _("Check the PIN"))  # heard as shown, then what it does
        for d in "0123456789":
            self.keys[d].setAccessibleName(d)
        set_text(self.cancel_button, _("Back to sign-in"))

    def first_focus(self) -> QWidget:
        return self.pin

    def reset(self) -> None:
        self.pin.clear()
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.error.say(message)
