"""Record what a chapter changed at a venue, and from when ("a crèche from 1 March")."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QWidget

from desktop.i18n import _
from desktop.learning import InterventionDraft
from desktop.ops import learning as ops
from desktop.ui.context import AppContext
from desktop.ui.sessions.dialogs import FormDialog
from desktop.vocabulary import INTERVENTION_KINDS, INTERVENTION_LABELS


def _day(edit: QDateEdit) -> date:
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


class InterventionDialog(FormDialog):
    """Venue, what changed (from the list), a few words, from a day and, if it stopped, until a day."""

    def __init__(
        self, ctx: AppContext, venues: list[tuple[str, str]], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Record a change"), parent)
        self.venue = QComboBox()
        for venue_id, name in venues:
            self.venue.addItem(name, venue_id)
        self.add_row("venue_id", _("&Venue"), self.venue)
        self.kind = QComboBox()
        for kind in INTERVENTION_KINDS:
            self.kind.addItem(_(INTERVENTION_LABELS[kind]), kind)
        self.add_row("kind", _("&What changed"), self.kind)
        self.description = self.add_row("description", _("&In a few words"), QLineEdit())
        self.description.setPlaceholderText(_("For example: a crèche in the back room"))
        self.starts = QDateEdit(QDate(today.year, today.month, today.day))
        self.starts.setCalendarPopup(True)
        self.starts.setDisplayFormat("yyyy-MM-dd")
        self.add_row("starts_on", _("&From"), self.starts)
        self.stopped = self.add_row("stopped", _("Ended"), QCheckBox(_("It has &stopped")))
        self.ends = QDateEdit(QDate(today.year, today.month, today.day))
        self.ends.setCalendarPopup(True)
        self.ends.setDisplayFormat("yyyy-MM-dd")
        self.ends.setEnabled(False)
        self.add_row("ends_on", _("&Until (its last day)"), self.ends)
        self.stopped.toggled.connect(self.ends.setEnabled)

    def draft(self) -> InterventionDraft:
        return InterventionDraft(
            venue_id=self.venue.currentData() or "",
            kind=self.kind.currentData() or "",
            description=self.description.text(),
            starts_on=_day(self.starts),
            ends_on=_day(self.ends) if self.stopped.isChecked() else None,
        )

    def save(self) -> None:
        draft = self.draft()
        self.run_save(lambda session: ops.record_intervention(session, draft))
