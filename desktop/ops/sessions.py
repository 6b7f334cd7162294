"""Operations on sessions: planning, editing, opening and closing (with the backup a closing takes)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop.ops.changes import Done, Kind, OpChanges
from desktop.sessions import planning
from desktop.sessions.planning import ClosedSession, SessionDraft


def plan_session(session: Session, draft: SessionDraft) -> Done[str]:
    """A new session; the value is its id."""
    ts = planning.create_session(session, draft)
    return Done(ts.id, OpChanges.of(Kind.SESSIONS, session_id=ts.id))


def edit_session(session: Session, session_id: str, draft: SessionDraft) -> Done[str]:
    ts = planning.update_session(session, session_id, draft)
    return Done(ts.id, OpChanges.of(Kind.SESSIONS, session_id=ts.id))


def open_session(session: Session, session_id: str) -> Done[None]:
    """Open a session for sign-in."""
    planning.open_session(session, session_id)
    return Done(None, OpChanges.of(Kind.SESSIONS, session_id=session_id))


def close_session(session: Session, session_id: str, data_dir: Path) -> Done[ClosedSession]:
    """Close a session, signing out everyone still here; once committed, the database is backed up.

    The value says where the backup went, or why it could not be taken, once the operation has run.
    """
    ts = planning.close_session(session, session_id)
    closed = ClosedSession(ts.id, ts.title)
    return Done(
        closed,
        OpChanges.of(Kind.SESSIONS, Kind.SIGN_INS, session_id=session_id),
        after_commit=lambda: planning.back_up_closed_session(closed, data_dir),
    )
