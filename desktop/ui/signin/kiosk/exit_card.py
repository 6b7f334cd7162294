"""The exit card: how was it, will you come back, what made it hard to come.

The questions scroll if large text needs it; "Back" and "Send" stay below them, always in view.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.models import BARRIERS
from desktop.signin.exit_cards import ExitCardDraft
from desktop.ui.a11y import LiveLabel
from desktop.ui.signin.kiosk.common import Screen, Tiles, button, label, scroll_body, set_text
from desktop.vocabulary import BARRIER_LABELS, WILL_RETURN


class ExitCardScreen(Screen):
    submitted = Signal(object)  # ExitCardDraft
    back = Signal()

    FACES = ((1, "☹"), (2, "😐"), (3, "☺"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("title")
        self.anonymous = label("hint")
        self.errors = LiveLabel(assertive=True)  # read out as soon as a card is refused
        self.errors.setWordWrap(True)
        self.errors.setProperty("role", "error")
        self.errors.hide()
        self.rating_label, self.return_label, self.barrier_label, self.comment_label = (
            label(),
            label(),
            label(),
            label(),
        )
        self.layout_.setSpacing(10)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.anonymous)
        self.layout_.addWidget(self.errors)

        # One-of questions are radio groups (arrows move, one Tab stop each); barriers are any-of
        # toggles, each its own Tab stop, so every one of them can be reached and heard.
        self.ratings = Tiles([k for k, _f in self.FACES], exclusive=True)
        self.returns = Tiles(list(WILL_RETURN), exclusive=True)
        self.barriers = Tiles(list(BARRIERS), exclusive=False)
        self.rating_buttons = self.ratings.buttons
        self.return_buttons = self.returns.buttons
        self.barrier_buttons = self.barriers.buttons
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment_label.setBuddy(self.comment)

        body = QWidget()
        questions = QVBoxLayout(body)
        questions.setContentsMargins(0, 0, 8, 0)
        questions.setSpacing(10)
        for lab, tiles in ((self.rating_label, self.ratings), (self.return_label, self.returns)):
            questions.addWidget(lab)
            questions.addWidget(tiles)
            questions.addSpacing(6)
        questions.addWidget(self.barrier_label)
        questions.addWidget(self.barriers)
        questions.addSpacing(6)
        questions.addWidget(self.comment_label)
        questions.addWidget(self.comment)
        questions.addStretch(1)
        self.body = scroll_body(body)
        self.layout_.addWidget(self.body, 1)

        row = QHBoxLayout()
        self.back_button = button(secondary=True)
        self.send_button = button()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.send_button)
        self.layout_.addLayout(row)
        self.back_button.clicked.connect(self.back)
        self.send_button.clicked.connect(lambda: self.submitted.emit(self.draft()))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def showEvent(self, event: QShowEvent) -> None:
        # Two lines of the kiosk's (styled, so only now known) type: room to write, yet the card fits.
        self.comment.ensurePolished()
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 2 + 30)
        super().showEvent(event)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Arrow keys move focus inside a group without the scroll area noticing: keep it in view.
        body = self.body.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.body.ensureWidgetVisible(new, 0, 12)

    def retranslate(self) -> None:
        self.title.setText(_("How was today?"))
        self.anonymous.setText(_("Your card is anonymous: your name is not on it."))
        self.rating_label.setText(_("How was it?"))
        faces = dict(self.FACES)
        for rating, text in ((1, _("Not good")), (2, _("OK")), (3, _("Good"))):
            set_text(self.rating_buttons[rating], f"{faces[rating]}  {text}")
            self.rating_buttons[rating].setAccessibleName(text)  # the face is decoration
        self.return_label.setText(_("Will you come back?"))
        for key, text in (("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))):
            set_text(self.return_buttons[key], text)
        self.barrier_label.setText(_("Did anything make it hard to come? Choose any."))
        for key, b in self.barrier_buttons.items():
            set_text(b, _(BARRIER_LABELS[key]))
        # Each group is described by its question, so a choice is heard with what it answers.
        for lab, tiles in (
            (self.rating_label, self.ratings),
            (self.return_label, self.returns),
            (self.barrier_label, self.barriers),
        ):
            tiles.setAccessibleName(lab.text())
            for b in tiles.buttons.values():
                b.setAccessibleDescription(lab.text())
        self.comment_label.setText(_("Anything else you'd like to tell us?"))
        self.comment.setAccessibleName(self.comment_label.text())
        set_text(self.back_button, _("Back"))
        set_text(self.send_button, _("Send"))

    def first_focus(self) -> QWidget:
        return self.ratings.tab_stop()

    def reset(self) -> None:
        for tiles in (self.ratings, self.returns, self.barriers):
            tiles.clear()
        self.comment.clear()
        self.show_problems({})
        self.body.verticalScrollBar().setValue(0)

    def draft(self) -> ExitCardDraft:
        rating = next(iter(self.ratings.checked()), None)
        will_return = next(iter(self.returns.checked()), "maybe")
        return ExitCardDraft(
            rating=rating,
            will_return=will_return,
            barriers=self.barriers.checked(),
            comment=self.comment.toPlainText(),
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        self.errors.say("\n".join(problems.values()))
