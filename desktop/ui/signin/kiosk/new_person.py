"""A new person, first screen: the first name alone and a big "Sign me in".

Everything else is asked afterwards, on the optional details screen, so signing in takes seconds.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.signin.people import ParticipantDraft, problems_in
from desktop.ui.signin.kiosk.common import Screen, button, label, set_text
from desktop.ui.signin.kiosk.field_errors import FieldErrors


class NewScreen(Screen):
    """Only the first name: it is all a sign-in needs."""

    submitted = Signal(str)  # the first name, already checked
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.intro = label("hint")
        self.first_name_label = label()
        self.first_name = QLineEdit()
        self.first_name.setMaxLength(200)  # room to paste; the domain gives the clear message
        self.first_name_label.setBuddy(self.first_name)
        self.errors = FieldErrors(lambda: problems_in(self.draft()))
        self.error = self.errors.add("first_name", self.first_name, lambda: _("First name"))
        for w in (self.title, self.intro, self.first_name_label, self.first_name, self.error):
            self.layout_.addWidget(w)
        self.layout_.addStretch(1)
        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.submit_button = button()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.submit_button)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.submit_button.clicked.connect(self._submit)
        self.first_name.returnPressed.connect(self._submit)
        self.first_name.textChanged.connect(lambda: self.errors.keep_only(problems_in(self.draft())))
        QWidget.setTabOrder(self.first_name, self.submit_button)
        QWidget.setTabOrder(self.submit_button, self.back_button)

    def retranslate(self) -> None:
        self.title.setText(_("Welcome! What's your first name?"))
        self.intro.setText(_("That's all we need to sign you in."))
        self.first_name_label.setText(_("First name"))
        self.first_name.setAccessibleName(_("First name"))
        set_text(self.back_button, _("Back"))
        set_text(self.submit_button, _("Sign me in"))
        self.errors.retranslate()

    def first_focus(self) -> QWidget:
        return self.first_name

    def reset(self) -> None:
        self.first_name.clear()
        self.show_problems({})

    def draft(self) -> ParticipantDraft:
        return ParticipantDraft(first_name=self.first_name.text())

    def _submit(self) -> None:
        problems = problems_in(self.draft())
        if problems:
            self.show_problems(problems)
            return
        self.submitted.emit(self.first_name.text())

    def show_problems(self, problems: dict[str, str]) -> None:
        self.errors.show(problems)
