"""Publish a lesson to the commons: an open licence (CC BY 4.0 unless chosen otherwise), the authors as
they want to be credited, and a plain sentence the host agrees to. The hub refuses without the
organisation's consent, and the dialog says so in plain words.

Three steps, as enrolment: the request prepared (database thread), sent (task thread: the network),
the hub's answer recorded (an operation). The rules are in desktop.commons.publish and .licences.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.commons import licences as L
from desktop.commons import publish
from desktop.i18n import _
from desktop.ops import commons as ops
from desktop.sync.wording import describe_failure
from desktop.ui.context import AppContext
from desktop.ui.widgets import Heading, Note, content_scroll, set_button_text


@dataclass
class PublishForm:
    """What the host chose, checked before anything is sent (no window needed)."""

    licence: str
    authors_text: str
    agreed: bool
    ancestors: tuple[str, ...] = ()  # the licences of the versions the lesson descends from

    @property
    def authors(self) -> list[str]:
        return publish.split_authors(self.authors_text)

    def problem(self) -> str | None:
        """The first thing to fix, in plain words; None when it can be sent."""
        found = L.publish_problem(self.licence, self.authors, self.ancestors)
        if found:
            return found
        if not self.agreed:
            return _("Tick “I agree” to share this lesson, or choose Cancel.")
        return None


class PublishDialog(QDialog):
    def __init__(self, ctx: AppContext, lesson_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lesson_id = lesson_id
        self.plan: publish.PublishPlan | None = None
        self.published: dict | None = None
        self.setWindowTitle(_("Publish “{title}” to the commons").format(title=title))
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 560)
        outer = QVBoxLayout(self)
        body = QWidget()  # scrolls in large text rather than cutting a sentence
        layout = QVBoxLayout(body)
        layout.addWidget(Heading(_("Publish “{title}” to the commons").format(title=title), 2))
        self.about = Note(
            _(
                "Other organisations on your hub will find this lesson, use it and change it. "
                "Only the lesson is shared: never who came, where, or their exit cards."
            )
        )
        layout.addWidget(self.about)
        self.again = Note(
            _(
                "This lesson is already in the commons. Publishing it again adds a new version; "
                "the versions already published keep their licence and authors."
            )
        )
        self.again.hide()
        layout.addWidget(self.again)

        licence_label = QLabel(_("Licence:"))
        layout.addWidget(licence_label)
        self.licence_group = QButtonGroup(self)
        self.licence_buttons: dict[str, QRadioButton] = {}
        self.share_alike_note = Note(
            _("This lesson is a remix of a lesson under CC BY-SA 4.0, so it is shared under the same licence.")
        )
        self.share_alike_note.hide()
        for licence_id in L.LICENCE_IDS:
            found = L.licence(licence_id)
            button = QRadioButton(found.short_name)  # short, so the dialog stays narrow in large text
            button.setAccessibleName(L.licence_label(licence_id))
            button.setAccessibleDescription(_(found.in_words))
            words = Note(f"{_(found.name)}. {_(found.in_words)}")
            words.setContentsMargins(24, 0, 0, 0)
            self.licence_group.addButton(button)
            self.licence_buttons[licence_id] = button
            layout.addWidget(button)
            layout.addWidget(words)
        self.licence_buttons[L.DEFAULT_LICENCE].setChecked(True)
        layout.addWidget(self.share_alike_note)

        authors_label = QLabel(_("&Authors, as they want to be credited (one a line):"))
        self.authors = QPlainTextEdit()
        self.authors.setAccessibleName(_("Authors, as they want to be credited, one a line"))
        self.authors.setTabChangesFocus(True)
        self.authors.setMaximumHeight(110)
        authors_label.setBuddy(self.authors)
        layout.addWidget(authors_label)
        layout.addWidget(self.authors)

        self.agree = QCheckBox(_("I a&gree"))
        self.agree.setAccessibleName(_("I agree"))
        self.agree.setAccessibleDescription(_(publish.CONSENT))
        layout.addWidget(self.agree)
        self.consent = Note(_(publish.CONSENT))
        self.consent.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(self.consent)

        self.message = Note("")
        self.message.setAccessibleName(_("What happened"))
        layout.addStretch(1)
        outer.addWidget(content_scroll(body), 1)
        outer.addWidget(self.message)

        buttons = QDialogButtonBox()
        self.publish_button = QPushButton()
        set_button_text(self.publish_button, _("&Publish"), _("Publish this lesson to the commons"))
        self.publish_button.setDefault(True)
        self.publish_button.setEnabled(False)  # until the plan is read
        buttons.addButton(self.publish_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(_("Cancel"))
        self.publish_button.clicked.connect(lambda _checked=False: self.submit())
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.setTabOrder(self.authors, self.agree)
        self.setTabOrder(self.agree, self.publish_button)
        ctx.db_runner.run(lambda s: publish.plan(s, lesson_id), self._planned)

    # What to offer -----------------------------------------------------------------------------

    def _planned(self, plan: publish.PublishPlan | None, error: BaseException | None) -> None:
        if error is not None or plan is None:
            self.message.setText(str(error))
            return
        self.plan = plan
        for licence_id, button in self.licence_buttons.items():
            button.setEnabled(licence_id in plan.licences)
        self.licence_buttons[plan.licence].setChecked(True)
        self.share_alike_note.setVisible(plan.licences != L.LICENCE_IDS)
        self.authors.setPlainText("\n".join(plan.authors))
        self.again.setVisible(plan.published_before)
        if not plan.enrolled:
            self.message.setText(
                _("This laptop is not enrolled with a hub, so it cannot publish. Enrol it on the Sync page first.")
            )
        self.publish_button.setEnabled(plan.enrolled)

    def chosen_licence(self) -> str:
        return next((k for k, b in self.licence_buttons.items() if b.isChecked()), L.DEFAULT_LICENCE)

    def form(self) -> PublishForm:
        ancestors = self.plan.ancestors if self.plan is not None else ()
        return PublishForm(self.chosen_licence(), self.authors.toPlainText(), self.agree.isChecked(), ancestors)

    # Sending -----------------------------------------------------------------------------------

    def submit(self) -> None:
        form = self.form()
        problem = form.problem()
        if problem:
            self.message.setText(problem)
            (self.agree if not form.agreed and not L.authors_problem(form.authors) else self.authors).setFocus()
            return
        self.publish_button.setEnabled(False)
        self.message.setText(_("Publishing…"))
        lesson_id, licence, authors = self.lesson_id, form.licence, form.authors
        self.ctx.db_runner.run(
            lambda s: publish.prepare(s, lesson_id, licence, authors),
            lambda outgoing, error: self._send(outgoing) if error is None else self._failed(error),
        )

    def _send(self, outgoing: publish.Outgoing) -> None:
        self.ctx.tasks.run(
            lambda: publish.send(outgoing),
            lambda answer, error: self._record(answer) if error is None else self._failed(error),
        )

    def _record(self, answer: dict) -> None:
        lesson_id = self.lesson_id

        def done(_version_id: str) -> None:
            self.published = answer
            self.message.setText(_("Published. Other organisations find it after their next sync."))
            if self.ctx.sync is not None:
                self.ctx.sync.sync_now()  # so the catalogue here has it too
            self.accept()

        self.ctx.ops.run(lambda s: ops.record_published(s, lesson_id, answer), done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.publish_button.setEnabled(True)
        if isinstance(error, publish.PublishError):
            self.message.setText(str(error))
        else:  # the network or the hub: said as the Sync page says it
            self.message.setText(describe_failure(error))
