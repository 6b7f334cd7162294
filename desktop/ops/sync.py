"""Operations from the Sync page: choose between two values, send refused changes again.

Syncing itself is not an operation: the sync worker writes in its own transactions, and the
window announces what a round wrote with ``OpChanges.from_tables``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desktop.models import Conflict
from desktop.ops.changes import NOTHING, Done, Kind, OpChanges
from desktop.sync import engine, identity
from desktop.sync import protocol as P


def resolve_conflict(session: Session, conflict_id: str, use_other: bool) -> Done[None]:
    """Keep one of a field's two values: the record changes, and the choice waits to be sent."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved:
        return Done(None)
    table = conflict.table_name
    engine.resolve_conflict(session, conflict_id, use_other)
    return Done(None, OpChanges.of(Kind.CONFLICTS, Kind.OUTBOX) | OpChanges.from_tables([table], remote=False))


def record_enrolment(session: Session, url: str, answer: P.EnrolResponse, name: str, marker_path: Path) -> Done[str]:
    """Store the hub's answer to an enrolment code; once committed, mark this database as this
    laptop's own (so a copy of it is noticed). The value is the organisation's name."""
    marker = engine.record_enrolment(session, url, answer, name)
    return Done(
        answer.organisation, OpChanges.of(Kind.HUB), after_commit=lambda: identity.write_marker(marker_path, marker)
    )


def retry_refused(session: Session) -> Done[int]:
    """Put the changes the hub refused back in the queue; how many."""
    count = engine.retry_rejected(session)
    return Done(count, OpChanges.of(Kind.OUTBOX) if count else NOTHING)
