"""Operations from the Sync page: choose between two values, send refused changes again.

Syncing itself is not an operation: the sync worker writes in its own transactions, and the
window announces what a round wrote with ``OpChanges.from_tables``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.models import Conflict
from desktop.ops.changes import NOTHING, Done, Kind, OpChanges
from desktop.sync import engine


def resolve_conflict(session: Session, conflict_id: str, use_other: bool) -> Done[None]:
    """Keep one of a field's two values: the record changes, and the choice waits to be sent."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved:
        return Done(None)
    table = conflict.table_name
    engine.resolve_conflict(session, conflict_id, use_other)
    return Done(None, OpChanges.of(Kind.CONFLICTS, Kind.OUTBOX) | OpChanges.from_tables([table], remote=False))


def retry_refused(session: Session) -> Done[int]:
    """Put the changes the hub refused back in the queue; how many."""
    count = engine.retry_rejected(session)
    return Done(count, OpChanges.of(Kind.OUTBOX) if count else NOTHING)
