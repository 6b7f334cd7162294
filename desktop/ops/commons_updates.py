"""Operations on updates from the commons: take theirs or see both (keeping mine changes nothing) (desktop.commons.updates)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.commons import updates
from desktop.ops.changes import Done, Kind, OpChanges

LESSONS = OpChanges.of(Kind.LESSONS)


def take_update(session: Session, lesson_id: str, version_id: str) -> Done[str]:
    """The lesson's text replaced by the newer commons version, as its next version; the lesson's id."""
    return Done(updates.take_update(session, lesson_id, version_id).id, LESSONS)


def see_both(session: Session, lesson_id: str, version_id: str) -> Done[str]:
    """The update added as a lesson of its own beside this one; the new lesson's id."""
    return Done(updates.see_both(session, lesson_id, version_id).id, LESSONS)
