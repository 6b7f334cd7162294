"""“Is this you?”: asked once before a returning person's sign-in is recorded, and before a new
record is made for a first name the kiosk already knows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.signin.lookup import MAX_MATCHES, Match
from desktop.ui.a11y import announce
from desktop.ui.signin.kiosk.common import Screen, button, label, set_text
from desktop.ui.widgets import content_scroll


class ConfirmScreen(Screen):
    """One name with Yes / No, or up to five names with "I'm new" (first name and initial only)."""

    chosen = Signal(str)  # the participant id: "yes, that's me"
    new_person = Signal()  # "I'm new": none of these
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matches: list[Match] = []
        self._single = True
        self.title = label("title")
        self.hint = label("hint")
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.hint)
        host = QWidget()
        host.setObjectName("kioskForm")
        names = QVBoxLayout(host)
        names.setContentsMargins(0, 0, 12, 0)
        self.name_buttons: list[QPushButton] = []
        for i in range(MAX_MATCHES):
            b = button(secondary=True)
            b.hide()
            b.clicked.connect(lambda _=False, n=i: self._choose(n))
            self.name_buttons.append(b)
            names.addWidget(b)
        names.addStretch(1)
        self.names_scroll = content_scroll(host)
        self.names_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.layout_.addWidget(self.names_scroll, 1)
        self._gap = QWidget()  # one name: the question sits above its buttons, the rest is space
        self._gap.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.layout_.addWidget(self._gap, 1)
        row = QHBoxLayout()
        self.no_button = button(secondary=True)  # "No" / "Back"
        self.yes_button = button()  # "Yes, that's me" / "I'm new"
        row.addWidget(self.no_button)
        row.addStretch(1)
        row.addWidget(self.yes_button)
        self.layout_.addLayout(row)
        self.no_button.clicked.connect(self.back)
        self.yes_button.clicked.connect(self._yes)

    def ask_one(self, match: Match) -> None:
        """A returning tap: "Welcome back, Ana S. — is that you?"."""
        self._single = True
        self._matches = [match]
        self.retranslate()
        self._say()

    def ask_which(self, matches: list[Match]) -> None:
        """A new person whose first name is known here: "Is one of these you?"."""
        self._single = False
        self._matches = matches[:MAX_MATCHES]
        self.retranslate()
        self._say()

    def retranslate(self) -> None:
        if self._single:
            name = self._matches[0].label if self._matches else ""
            self.title.setText(_("Welcome back, {name} — is that you?").format(name=name))
            self.hint.setText("")
            set_text(self.yes_button, _("Yes, that's me"))
            set_text(self.no_button, _("No"))
        else:
            self.title.setText(_("Is one of these you?"))
            self.hint.setText(_("Someone with this first name has signed in before. Tap your name, or “I'm new”."))
            set_text(self.yes_button, _("I'm new"), _("None of these is me: sign me in as someone new"))
            set_text(self.no_button, _("Back"))
        self.hint.setVisible(not self._single)
        for i, b in enumerate(self.name_buttons):
            if not self._single and i < len(self._matches):
                label_ = self._matches[i].label
                set_text(b, label_, _("Sign in as {name}").format(name=label_))
                b.show()
            else:
                b.hide()
        self.names_scroll.setVisible(not self._single)
        self._gap.setVisible(self._single)
        QWidget.setTabOrder(self.yes_button, self.no_button)

    def _say(self) -> None:
        announce(self, " ".join(t for t in (self.title.text(), self.hint.text()) if t))

    def first_focus(self) -> QWidget:
        if not self._single and self._matches:
            return self.name_buttons[0]
        return self.yes_button

    def reset(self) -> None:
        self._matches = []
        self._single = True
        self.retranslate()

    def _choose(self, index: int) -> None:
        if index < len(self._matches):
            self.chosen.emit(self._matches[index].participant_id)

    def _yes(self) -> None:
        if self._single:
            if self._matches:
                self.chosen.emit(self._matches[0].participant_id)
        else:
            self.new_person.emit()
