"""The host records a step someone took on the ladder: asked to help, said yes, co-hosted, a break…"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.ops import learning as learning_ops
from desktop.reports.ladder import ALREADY_ASKED
from desktop.sessions.planning import list_sessions
from desktop.ui.context import AppContext
from desktop.ui.reports.days import format_day
from desktop.ui.reports.follow_up_dialog import day_edit, note_edit, picked_day
from desktop.ui.sessions.dialogs import FormDialog
from desktop.vocabulary import LADDER_STEP_KINDS, LADDER_STEP_LABELS

SESSIONS_OFFERED = 40  # the most recent sessions a step can be tied to; older ones are rarely meant


@dataclass(frozen=True)
class SessionChoice:
    session_id: str
    starts_at: datetime
    title: str
    venue_name: str


def session_choices(session: Session, now: datetime | None = None) -> list[SessionChoice]:
    """Sessions that have begun, the most recent first: a step is taken at one that happened."""
    moment = now or datetime.now()
    begun = [row for row in list_sessions(session, now=moment) if row.starts_at <= moment]
    begun.sort(key=lambda row: row.starts_at, reverse=True)
    return [SessionChoice(r.id, r.starts_at, r.title, r.venue) for r in begun[:SESSIONS_OFFERED]]


def first_step_towards(next_step: str) -> str:
    """The step a host usually records for someone ready for ``next_step``: asking them."""
    return ALREADY_ASKED[next_step][0] if next_step in ALREADY_ASKED else LADDER_STEP_KINDS[0]


class LadderStepDialog(FormDialog):
    """Which step ``name`` took, on which day, maybe at a session, with an optional note."""

    def __init__(
        self,
        ctx: AppContext,
        participant_id: str,
        name: str,
        sessions: list[SessionChoice],
        kind: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("Record a step for {name}").format(name=name), parent)
        self.participant_id = participant_id
        explain = QLabel(_("What {name} did or agreed to, and when.").format(name=name))
        explain.setWordWrap(True)
        self.layout_.insertWidget(0, explain)
        self.kind = QComboBox()
        for key in LADDER_STEP_KINDS:
            self.kind.addItem(_(LADDER_STEP_LABELS[key]), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.add_row("kind", _("S&tep"), self.kind)
        self.day = self.add_row("on", _("&Day"), day_edit())
        self.session = QComboBox()
        self.session.addItem(_("No particular session"), None)
        for choice in sessions:
            where = f"{format_day(choice.starts_at)} — {choice.title}"
            self.session.addItem(f"{where} ({choice.venue_name})" if choice.venue_name else where, choice.session_id)
        self.add_row("session_id", _("At a session (optional)"), self.session)
        self.note = self.add_row("note", _("&Note (optional)"), note_edit())

    def save(self) -> None:
        pid, kind, day = self.participant_id, self.kind.currentData(), picked_day(self.day)
        session_id, note = self.session.currentData(), self.note.toPlainText()
        self.run_save(lambda s: learning_ops.record_ladder_step(s, pid, kind, day, session_id, note))
