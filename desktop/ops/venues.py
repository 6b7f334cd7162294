"""Operations on venues: where sessions happen."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.ops.changes import Done, Kind, OpChanges
from desktop.sessions import venues
from desktop.sessions.venues import VenueDraft


def add_venue(session: Session, draft: VenueDraft) -> Done[str]:
    """A new venue; the value is its id."""
    venue = venues.create_venue(session, draft)
    return Done(venue.id, OpChanges.of(Kind.VENUES))


def edit_venue(session: Session, venue_id: str, draft: VenueDraft) -> Done[str]:
    venue = venues.update_venue(session, venue_id, draft)
    return Done(venue.id, OpChanges.of(Kind.VENUES))
