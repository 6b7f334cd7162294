"""The exit card: how was it, will you come back, what made it hard to come."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QWidget,
)

from desktop.i18n import _
from desktop.models import BARRIERS
from desktop.signin.exit_cards import ExitCardDraft
from desktop.ui.signin.kiosk.common import BARRIER_LABELS, Screen, button, label, set_text
from desktop.vocabulary import WILL_RETURN


class ExitCardScreen(Screen):
    submitted = Signal(object)  # ExitCardDraft
    back = Signal()

    FACES = ((1, "☹"), (2, "😐"), (3, "☺"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.anonymous = label("hint")
        self.errors = label("error")
        self.errors.hide()
        self.rating_label, self.return_label, self.barrier_label, self.comment_label = (
            label(),
            label(),
            label(),
            label(),
        )
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.anonymous)
        self.layout_.addWidget(self.errors)

        def group(keys, exclusive: bool) -> tuple[QButtonGroup, dict, QGridLayout]:
            g = QButtonGroup(self)
            g.setExclusive(exclusive)
            buttons = {}
            row = QGridLayout()
            for i, key in enumerate(keys):
                b = button(secondary=True, checkable=True)
                g.addButton(b)
                buttons[key] = b
                row.addWidget(b, i // 4, i % 4)  # at most 4 across, so a small screen still fits
            return g, buttons, row

        self.rating_group, self.rating_buttons, r1 = group([k for k, _f in self.FACES], True)
        self.return_group, self.return_buttons, r2 = group(WILL_RETURN, True)
        self.barrier_group, self.barrier_buttons, r3 = group(BARRIERS, False)
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(110)
        self.comment_label.setBuddy(self.comment)
        for lab, choices in ((self.rating_label, r1), (self.return_label, r2), (self.barrier_label, r3)):
            self.layout_.addWidget(lab)
            self.layout_.addLayout(choices)
        self.layout_.addWidget(self.comment_label)
        self.layout_.addWidget(self.comment)
        self.layout_.addStretch(1)
        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.send_button = button()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.send_button)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.send_button.clicked.connect(lambda: self.submitted.emit(self.draft()))

    def retranslate(self) -> None:
        self.title.setText(_("How was today?"))
        self.anonymous.setText(_("Your card is anonymous: your name is not on it."))
        self.rating_label.setText(_("How was it?"))
        faces = dict(self.FACES)
        for rating, text in ((1, _("Not good")), (2, _("OK")), (3, _("Good"))):
            set_text(self.rating_buttons[rating], f"{faces[rating]}  {text}")
        self.return_label.setText(_("Will you come back?"))
        for key, text in (("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))):
            set_text(self.return_buttons[key], text)
        self.barrier_label.setText(_("Did anything make it hard to come? Choose any."))
        for key, b in self.barrier_buttons.items():
            set_text(b, _(BARRIER_LABELS[key]))
        self.comment_label.setText(_("Anything else you'd like to tell us?"))
        self.comment.setAccessibleName(self.comment_label.text())
        set_text(self.back_button, _("Back"))
        set_text(self.send_button, _("Send"))

    def first_focus(self) -> QWidget:
        return self.rating_buttons[3]

    def reset(self) -> None:
        for g, buttons in (
            (self.rating_group, self.rating_buttons),
            (self.return_group, self.return_buttons),
            (self.barrier_group, self.barrier_buttons),
        ):
            exclusive = g.exclusive()
            g.setExclusive(False)
            for b in buttons.values():
                b.setChecked(False)
            g.setExclusive(exclusive)
        self.comment.clear()
        self.show_problems({})

    def draft(self) -> ExitCardDraft:
        rating = next((k for k, b in self.rating_buttons.items() if b.isChecked()), None)
        will_return = next((k for k, b in self.return_buttons.items() if b.isChecked()), "maybe")
        barriers = [k for k, b in self.barrier_buttons.items() if b.isChecked()]
        return ExitCardDraft(
            rating=rating, will_return=will_return, barriers=barriers, comment=self.comment.toPlainText()
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        self.errors.setText("\n".join(problems.values()))
        self.errors.setAccessibleName(self.errors.text())
        self.errors.setVisible(bool(problems))
