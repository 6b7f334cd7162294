"""The one obvious button a new host sees first: add the lessons that come with On-Ramp.

Shown on the Today page (where the app opens) and on the Lessons page while this laptop
has no lesson at all; it hides itself once lessons arrive, added here or by a sync.
The starter lessons are offered rather than put into every new database, because a
new laptop joining an organisation gets the organisation's lessons from the hub: copies
made on its own would clash with the ones hosts have since edited or put in the trash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.i18n import _, ngettext
from desktop.ops import Done, Kind, OpChanges
from desktop.ui.context import AppContext
from desktop.ui.widgets import Card, Heading, Note

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.lessons.library import ImportReport


# The lesson library (its Markdown parser, SQLAlchemy) loads on the database thread, in the work itself:
# the offer is on the page the window opens on, and must not hold the window up.
def _starters_to_offer(session: Session) -> int:
    from desktop.lessons.library import starter_lessons_to_offer

    return starter_lessons_to_offer(session)


def _install_starters(session: Session) -> Done[ImportReport]:
    from desktop.ops.lessons import install_starter_lessons

    return install_starter_lessons(session)


class StarterLessonsOffer(Card):
    """A card with one button that adds the starter lessons; hidden when there is nothing to offer."""

    installed = Signal(object)  # the ImportReport of the lessons just added
    failed = Signal(object)  # the exception, when they could not be added
    shown = Signal(bool)  # whether the card is offered now (the Lessons page's quieter button steps aside)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offered = 0
        self.setAccessibleName(_("Starter lessons"))
        self.heading = Heading(_("Start with the lessons that come with On-Ramp"), 2)
        self.body.addWidget(self.heading)
        self.text = Note("")
        self.body.addWidget(self.text)
        row = QHBoxLayout()
        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(lambda _checked=False: self.add())
        row.addWidget(self.button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.setVisible(False)
        ctx.events.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.db_runner.run(_starters_to_offer, self._counted)

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches(Kind.LESSONS):
            self.refresh()

    def _counted(self, offered: int | None, error: BaseException | None) -> None:
        self.offered = offered or 0
        if error is not None or not self.offered:
            self.setVisible(False)
            self.shown.emit(False)
            return
        n = self.offered
        self.text.setText(
            ngettext(
                "This laptop has no lessons yet. On-Ramp comes with {n} lesson ready to teach: "
                "add it to your library, then change it as you like.",
                "This laptop has no lessons yet. On-Ramp comes with {n} lessons ready to teach: "
                "add them to your library, then change them as you like.",
                n,
            ).format(n=n)
            + " "
            + _("If this laptop will sync with your organisation, sync first: your lessons come from there.")
        )
        label = ngettext("&Add the {n} starter lesson", "&Add the {n} starter lessons", n).format(n=n)
        self.button.setText(label)
        self.button.setAccessibleName(label.replace("&", ""))
        self.button.setEnabled(True)
        self.setVisible(True)
        self.shown.emit(True)

    def add(self) -> None:
        self.button.setEnabled(False)
        self.ctx.ops.run(_install_starters, self._added, self._failed)

    def _added(self, report: ImportReport) -> None:
        self.installed.emit(report)
        self.refresh()  # also when nothing changed (no event): the card goes once there are lessons

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        self.failed.emit(error)
