"""The host's PIN, asked before leaving the kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.i18n import _
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
        self.error = label("error")
        self.hint.setBuddy(self.pin)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.pin)
        self.layout_.addWidget(self.error)
        pad = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            b = button(secondary=key != "OK")
            b.setText(key)
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _=False, k=key: self._key(k))
            self.keys[key] = b
            pad.addWidget(b, i // 3, i % 3)
        self.layout_.addLayout(pad)
        self.layout_.addStretch(1)
        self.cancel_button = button(secondary=True)
        self.layout_.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.cancel_button.clicked.connect(self.cancel)
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
        self.keys["OK"].setAccessibleName(_("Check the PIN"))
        for d in "0123456789":
            self.keys[d].setAccessibleName(d)
        set_text(self.cancel_button, _("Back to sign-in"))

    def first_focus(self) -> QWidget:
        return self.pin

    def reset(self) -> None:
        self.pin.clear()
        self.show_error("")

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setAccessibleName(message)
        self.error.setVisible(bool(message))
