"""Erasing a person on this laptop: everywhere, including changes not yet sent.

The rules of what to remove come from ``desktop.sync.protocol``, the same ones
the hub applies, so a laptop and the hub end up holding the same rows.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from datetime import date
from typing import Any

from sqlalchemy import String, cast, delete, event, or_, select
from sqlalchemy.orm import Session

from desktop.models import MODEL_BY_TABLE, Conflict, Erasure, OutboxEntry, Participant
from desktop.models.outbox import REMOTE_KEY, applying_remote, row_fields
from desktop.sync import protocol as P
from desktop.sync.values import from_wire

ERASED_REASON = P.ERASED_REASON
_CHECKPOINT_KEY = "onramp.checkpoint_after_commit"
log = logging.getLogger(__name__)


def erase_person(session: Session, participant_id: str, requested_on: date | None = None) -> None:
    """Record that a person asked to be forgotten (it travels to the hub) and remove them here."""
    session.add(Erasure(participant_id=participant_id, requested_on=requested_on or date.today()))
    session.flush()
    purge_person(session, participant_id)


def purge_person(session: Session, participant_id: str) -> None:
    """Remove every trace of a person from this laptop's rows, outbox and flagged conflicts.

    The bytes go too: freed space is overwritten with zeros, and once the transaction commits the
    write-ahead log (which still holds the old pages) is copied into the file and emptied.
    """
    gone = {participant_id}
    forget_erased_bytes_after_commit(session)
    already_remote = bool(session.info.get(REMOTE_KEY))
    with contextlib.nullcontext() if already_remote else applying_remote(session):
        person = session.get(Participant, participant_id)
        if person is not None:
            _set(person, P.participant_tombstone())
        for table in {*P.PERSON_REF_FIELDS, *P.PERSON_LIST_FIELDS}:
            model = MODEL_BY_TABLE[table]
            columns = [*P.PERSON_REF_FIELDS.get(table, ()), *P.PERSON_LIST_FIELDS.get(table, ())]
            where = [cast(getattr(model, c), String).contains(participant_id, autoescape=True) for c in columns]
            for obj in session.scalars(select(model).where(or_(*where))):
                if obj is person:
                    continue
                fields = row_fields(obj)
                cleaned = P.scrub(table, obj.id, fields, gone, about_erased=P.mentions(table, obj.id, fields, gone))
                _set(obj, {k: v for k, v in cleaned.items() if fields.get(k) != v})
        session.flush()
    _purge_outbox(session, participant_id, gone)
    session.execute(
        delete(Conflict).where(
            or_(
                Conflict.row_id == participant_id,
                Conflict.local_value.contains(participant_id, autoescape=True),
                Conflict.remote_value.contains(participant_id, autoescape=True),
            )
        )
    )


def purge_erased_in(session: Session, erasures: list[dict[str, Any]]) -> None:
    """Purge the person each pulled erasure names (``erasures`` are changes of the erasures table)."""
    for change in erasures:
        person = change["fields"].get("participant_id")
        if isinstance(person, str) and person:
            purge_person(session, person)


def forget_erased_bytes_after_commit(session: Session) -> None:
    """Zero what this transaction frees, and empty the write-ahead log once it commits."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("PRAGMA secure_delete = ON")  # this connection, from now on
    if session.info.get(_CHECKPOINT_KEY):
        return
    session.info[_CHECKPOINT_KEY] = True
    engine = connection.engine

    def checkpoint(done: Session) -> None:
        done.info.pop(_CHECKPOINT_KEY, None)
        raw = engine.raw_connection()  # a connection outside any transaction, so it can checkpoint
        try:
            driver = raw.driver_connection
            driver.execute("PRAGMA secure_delete = ON")
            # The search index keeps a deleted name's tokens until its segments are merged.
            driver.execute("INSERT INTO participant_search (participant_search) VALUES ('optimize')")
            driver.commit()
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:  # the erasure is committed; the next one empties the log
            log.warning("After an erasure the write-ahead log could not be emptied", exc_info=True)
        finally:
            raw.close()

    def forget(done: Session) -> None:
        done.info.pop(_CHECKPOINT_KEY, None)

    event.listen(session, "after_commit", checkpoint, once=True)
    event.listen(session, "after_rollback", forget, once=True)


def _purge_outbox(session: Session, participant_id: str, gone: set[str]) -> None:
    about_person = select(OutboxEntry).where(
        or_(
            OutboxEntry.row_id == participant_id,
            cast(OutboxEntry.fields, String).contains(participant_id, autoescape=True),
        )
    )
    referencing = _rows_pointing_at(session, participant_id)
    entries = list(session.scalars(about_person))
    if referencing:
        entries += list(session.scalars(select(OutboxEntry).where(OutboxEntry.row_id.in_(referencing))))
    for entry in {e.seq: e for e in entries}.values():
        if entry.table_name == P.PERSON_TABLE and entry.row_id == participant_id:
            if entry.rejected_reason is None:
                session.delete(entry)  # never sent: nothing about them leaves this laptop
            else:
                entry.fields = {}
                entry.rejected_reason = ERASED_REASON
            continue
        about = entry.row_id in referencing
        cleaned = P.scrub(entry.table_name, entry.row_id, dict(entry.fields or {}), gone, about_erased=about)
        if cleaned != entry.fields:
            entry.fields = cleaned


def _rows_pointing_at(session: Session, participant_id: str) -> set[str]:
    """Rows whose person reference (now or before the purge) is this person, from their outbox history."""
    found: set[str] = set()
    for entry in session.scalars(
        select(OutboxEntry).where(cast(OutboxEntry.fields, String).contains(participant_id, autoescape=True))
    ):
        refs = P.PERSON_REF_FIELDS.get(entry.table_name, ())
        if any((entry.fields or {}).get(r) == participant_id for r in refs):
            found.add(entry.row_id)
    return found


def _set(obj: Any, wire_values: dict[str, Any]) -> None:
    model = type(obj)
    for name, value in wire_values.items():
        if hasattr(model, name):
            setattr(obj, name, from_wire(model, name, value))

