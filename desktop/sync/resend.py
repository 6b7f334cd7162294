"""Sending the hub again what it lost when it was restored from an older copy.

A hub restored from a backup no longer has what was pushed to it after the backup was taken,
though the laptops that pushed it were told it was kept. Each laptop holds the latest state of
the rows it last wrote (their ``origin`` is this device) and every erasure it has seen, so
between them the laptops hold everything the hub lost. Each sends its part again as new
creations of whole rows: the hub merges a creation of a row it already has field by field,
so a value it holds already changes nothing and flags nothing, and a value that differs from
another laptop's is kept beside it for a person to choose. Then the laptop pulls from the
beginning (applying a row twice changes nothing).

Edits still waiting in the outbox may build on a version from the lost history (a hub sequence
number above where the hub now is): the hub would take them as made knowing of everything up to
that number, which now names other changes, and let them overwrite those silently. They are sent
as made knowing nothing of the row instead, so the hub merges them and flags what differs.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update

from desktop.models import SYNCED_MODELS, Device, Erasure, OutboxEntry, Participant, SyncState
from desktop.models.base import Synced, table_of
from desktop.models.database import Database
from desktop.models.outbox import row_fields
from desktop.sync import protocol as P


def queue_resend(db: Database, last_seq: int | None = None) -> int:
    """Queue every row this laptop last wrote, and every erasure it holds, as new whole-row creations,
    and start pulling again from the hub's beginning. One transaction; returns how many were queued.

    Queued in the outbox, they go with the next push (and survive a cut connection). Erasures go
    first, so the hub removes an erased person's details before any row that pointed at them arrives.
    A person already erased is not sent: the erasure itself recreates what is left of them.
    ``last_seq`` is the hub's real position (from its refusal): waiting edits built on a later one
    are marked as made without knowing the row.
    """
    queued = 0
    with db.transaction() as session:
        if last_seq is not None:
            hub_based = select(OutboxEntry.seq, OutboxEntry.base_version).where(
                OutboxEntry.base_version.like(f"%-{P.HUB_NODE_PREFIX}%")
            )
            lost = [n for n, base in session.execute(hub_based) if (P.hub_seq_of(base or "") or 0) > last_seq]
            for start in range(0, len(lost), 500):
                session.execute(
                    update(OutboxEntry).where(OutboxEntry.seq.in_(lost[start : start + 500])).values(base_version="")
                )
        device = session.get(Device, 1)
        node = device.device_id if device is not None else db.clock.node
        erased = set(session.scalars(select(Erasure.participant_id)))
        models: list[type[Synced]] = [Erasure, *(m for m in SYNCED_MODELS if m is not Erasure)]
        for model in models:
            query = select(model)
            if model is not Erasure:
                query = query.where(model.origin == node)
            if model is Participant:
                query = query.where(Participant.erased.is_not(True))
            restamped: list[dict[str, str]] = []
            for obj in session.scalars(query.order_by(model.updated_at)):
                if model is Participant and obj.id in erased:
                    continue
                version = db.clock.now()
                session.add(
                    OutboxEntry(
                        table_name=model.__tablename__,
                        row_id=obj.id,
                        op="insert",
                        fields=row_fields(obj),
                        base_version="",
                        version=version,
                    )
                )
                # Later edits here build on this version, which the hub will know, not on a version
                # of a history it no longer has.
                restamped.append({"b_row": obj.id, "b_version": version})
            if restamped:
                table = table_of(model)
                session.execute(
                    update(table).where(table.c.id == bindparam("b_row")).values(updated_at=bindparam("b_version")),
                    restamped,
                )
            queued += len(restamped)
        state = session.get(SyncState, 1)
        if state is not None:
            state.pull_cursor = 0
            state.pull_mark = ""
            # The acknowledged pushes this position stood for are in the outbox again.
            state.pushed_seq = 0
            state.pushed_mark = ""
    return queued
