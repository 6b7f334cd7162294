"""Operations on what a chapter learns from: interventions, follow-ups, ladder steps, headcount estimates."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop import learning
from desktop.learning import InterventionDraft
from desktop.ops.changes import Done, Kind, OpChanges


def record_intervention(session: Session, draft: InterventionDraft, by: str = "") -> Done[str]:
    """What a chapter changed at a venue, and from when; the value is its id."""
    row = learning.record_intervention(session, draft, by)
    return Done(row.id, OpChanges.of(Kind.INTERVENTIONS))


def edit_intervention(session: Session, intervention_id: str, draft: InterventionDraft) -> Done[str]:
    row = learning.update_intervention(session, intervention_id, draft)
    return Done(row.id, OpChanges.of(Kind.INTERVENTIONS))


def end_intervention(session: Session, intervention_id: str, ends_on: date) -> Done[str]:
    """The change stopped on ``ends_on`` (its last day)."""
    row = learning.end_intervention(session, intervention_id, ends_on)
    return Done(row.id, OpChanges.of(Kind.INTERVENTIONS))


def remove_intervention(session: Session, intervention_id: str) -> Done[None]:
    """An intervention recorded by mistake."""
    learning.remove_intervention(session, intervention_id)
    return Done(None, OpChanges.of(Kind.INTERVENTIONS))


def mark_followed_up(session: Session, participant_id: str, on: date, note: str = "", by: str = "") -> Done[str]:
    """Someone reached out to a person who stopped coming; the value is the mark's id."""
    row = learning.mark_followed_up(session, participant_id, on, note, by)
    return Done(row.id, OpChanges.of(Kind.FOLLOW_UPS))


def record_ladder_step(
    session: Session,
    participant_id: str,
    kind: str,
    on: date,
    session_id: str | None = None,
    note: str = "",
    by: str = "",
) -> Done[str]:
    """A step a person took towards hosting; the value is the step's id."""
    row = learning.record_ladder_step(session, participant_id, kind, on, session_id, note, by)
    return Done(row.id, OpChanges.of(Kind.LADDER_STEPS, session_id=session_id))


def set_headcount_estimate(session: Session, session_id: str, estimate: int | None) -> Done[None]:
    """The host's estimate of how many came to a session nobody signed in to (None takes it back)."""
    learning.set_headcount_estimate(session, session_id, estimate)
    return Done(None, OpChanges.of(Kind.SESSIONS, session_id=session_id))
