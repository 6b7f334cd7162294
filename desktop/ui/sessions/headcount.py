"""Asking the host how many came to a closed session nobody signed in to, and saving the answer."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QSpinBox, QWidget

from desktop.i18n import _
from desktop.ops import learning as learning_ops
from desktop.ui.context import AppContext
from desktop.ui.sessions.dialogs import FormDialog
from desktop.ui.widgets import Note, without_mnemonic
from desktop.vocabulary import HEADCOUNT_RANGE


class EstimateDialog(FormDialog):
    """ "About how many people came?" with a number (0 allowed) or "I don't know" (no estimate).

    Closing it with Escape leaves things as they were; "I don't know" takes back an earlier estimate.
    """

    def __init__(
        self, ctx: AppContext, session_id: str, estimate: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("How many came?"), parent)
        self.session_id = session_id
        self.estimate = estimate
        intro = Note(_("Nobody signed in to this session."))
        self.layout_.insertWidget(0, intro)
        self.count = self.add_row("headcount_estimate", _("About how many people &came?"), QSpinBox())
        self.count.setRange(*HEADCOUNT_RANGE)
        self.count.setValue(estimate or 0)
        self.count.selectAll()  # a number typed replaces the one shown
        self.count.setAccessibleDescription(_("Nobody signed in to this session."))
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Save)
        self.dont_know = QPushButton(_("I &don't know"))
        self.dont_know.setAccessibleName(without_mnemonic(self.dont_know.text()))
        self.dont_know.setToolTip(_("Keep no estimate for this session"))
        self.buttons.addButton(self.dont_know, QDialogButtonBox.ButtonRole.ActionRole)
        self.dont_know.clicked.connect(self.no_estimate)
        self.count.setFocus()

    def save(self) -> None:
        sid, n = self.session_id, self.count.value()
        self.run_save(lambda s: learning_ops.set_headcount_estimate(s, sid, n))

    def no_estimate(self) -> None:
        if self.estimate is None:
            self.reject()  # nothing to take back
            return
        sid = self.session_id
        self.run_save(lambda s: learning_ops.set_headcount_estimate(s, sid, None))
