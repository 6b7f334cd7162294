"""Erasing a person: the one set of steps every way of learning of an erasure applies.

A host erasing someone here, an erasure pulled from the hub and one carried into a restored
backup all end in ``purge_person``, built on the rules in ``desktop.sync.protocol`` that the hub
applies too (``PERSONAL_FIELDS``, ``scrub``): a laptop and the hub end up holding the same rows.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, delete, event, or_, select
from sqlalchemy.orm import Session

from desktop.models import MODEL_BY_TABLE, Conflict, OutboxEntry, Participant, QuarantinedChange
from desktop.models.outbox import REMOTE_KEY, applying_remote, row_fields
from desktop.sync import protocol as P
from desktop.sync.values import from_wire

ERASED_REASON = P.ERASED_REASON
_CHECKPOINT_KEY = "onramp.checkpoint_after_commit"
log = logging.getLogger(__name__)


@dataclass
class Purged:
    """What ``purge_person`` changed."""

    anonymised: Counter[str] = field(default_factory=Counter)  # table -> rows that pointed at the person
    outbox_dropped: int = 0
    outbox_scrubbed: int = 0


def purge_erased_in(session: Session, erasures: list[dict[str, Any]]) -> None:
    """Purge the person each pulled erasure names (``erasures`` are changes of the erasures table)."""
    for change in erasures:
        person = change["fields"].get("participant_id")
        if isinstance(person, str) and person:
            purge_person(session, person)


def purge_person(session: Session, participant_id: str) -> Purged:
    """Remove every trace of a person from this laptop: rows, pending changes, flags, rows kept aside.

    Their own record becomes the protocol's tombstone (the id and the fact of erasure); rows that
    point at them stay, without the pointer and without what was written about them, and rows that
    exist only about them (follow-up marks, ladder steps: ``P.PERSON_OWNED_TABLES``) are deleted too. These are
    the hub's own changes (it makes them from the erasure), so they write no outbox entry.
    The bytes go too: freed space is overwritten with zeros, and once the transaction commits the
    write-ahead log (which still holds the old pages) is copied into the file and emptied.
    """
    gone = {participant_id}
    done = Purged()
    forget_erased_bytes_after_commit(session)
    pointing: dict[str, set[str]] = {}  # table -> ids of rows whose person reference is (or was) them
    already_remote = bool(session.info.get(REMOTE_KEY))  # inside a pull's transaction, which stays remote
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
                about = P.mentions(table, obj.id, fields, gone)
                if any(fields.get(name) == participant_id for name in P.PERSON_REF_FIELDS.get(table, ())):
                    pointing.setdefault(table, set()).add(obj.id)
                    done.anonymised[table] += 1
                cleaned = P.scrub(table, obj.id, fields, gone, about_erased=about)
                _set(obj, {k: v for k, v in cleaned.items() if fields.get(k) != v})
    for table, row_id in _rows_pointed_from_outbox(session, participant_id):
        pointing.setdefault(table, set()).add(row_id)
    _purge_outbox(session, participant_id, pointing, done)
    _purge_conflicts(session, participant_id, pointing)
    session.execute(delete(QuarantinedChange).where(QuarantinedChange.change.contains(participant_id, autoescape=True)))
    return done


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
            if driver is None:  # the pool handed back a connection already closed
                log.warning("After an erasure the write-ahead log could not be emptied: connection closed")
                return
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


def _rows_pointed_from_outbox(session: Session, participant_id: str) -> set[tuple[str, str]]:
    """(table, row id) of rows whose person reference was this person in a change not yet sent.

    The row itself may already point elsewhere (or at no one), but what that change carries is about them.
    """
    found: set[tuple[str, str]] = set()
    for entry in session.scalars(
        select(OutboxEntry).where(cast(OutboxEntry.fields, String).contains(participant_id, autoescape=True))
    ):
        refs = P.PERSON_REF_FIELDS.get(entry.table_name, ())
        if any((entry.fields or {}).get(r) == participant_id for r in refs):
            found.add((entry.table_name, entry.row_id))
    return found


def _purge_outbox(session: Session, participant_id: str, pointing: dict[str, set[str]], done: Purged) -> None:
    """Changes not yet sent: about the person, dropped; mentioning them, scrubbed by the protocol's rules.

    A change the hub refused stays listed for the host, emptied, with the erasure as its reason.
    """
    gone = {participant_id}
    entries = list(
        session.scalars(
            select(OutboxEntry).where(
                or_(
                    OutboxEntry.row_id == participant_id,
                    cast(OutboxEntry.fields, String).contains(participant_id, autoescape=True),
                )
            )
        )
    )
    for table, ids in pointing.items():
        for chunk in _chunks(sorted(ids)):
            entries += session.scalars(
                select(OutboxEntry).where(OutboxEntry.table_name == table, OutboxEntry.row_id.in_(chunk))
            )
    for entry in {e.seq: e for e in entries}.values():
        if entry.table_name == P.PERSON_TABLE and entry.row_id == participant_id:
            if entry.rejected_reason is None:
                session.delete(entry)  # never sent: nothing about them leaves this laptop
                done.outbox_dropped += 1
            else:
                entry.fields = {}
                entry.rejected_reason = ERASED_REASON
            continue
        about = entry.row_id in pointing.get(entry.table_name, ())
        cleaned = P.scrub(entry.table_name, entry.row_id, dict(entry.fields or {}), gone, about_erased=about)
        if cleaned != entry.fields:
            entry.fields = cleaned
            done.outbox_scrubbed += 1


def _purge_conflicts(session: Session, participant_id: str, pointing: dict[str, set[str]]) -> None:
    """Flags on the person's record, flags whose values mention them, and flags on what rows pointing at
    them said about them: the hub drops the same ones."""
    session.execute(
        delete(Conflict).where(
            or_(
                Conflict.row_id == participant_id,
                Conflict.local_value.contains(participant_id, autoescape=True),
                Conflict.remote_value.contains(participant_id, autoescape=True),
            )
        )
    )
    for table, ids in pointing.items():
        about = P.about_fields(table)
        if not about:
            continue
        for chunk in _chunks(sorted(ids)):
            session.execute(
                delete(Conflict).where(
                    Conflict.table_name == table,
                    Conflict.row_id.in_(chunk),
                    Conflict.field.in_(about),
                )
            )


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _set(obj: Any, wire_values: dict[str, Any]) -> None:
    model = type(obj)
    for name, value in wire_values.items():
        if hasattr(model, name):
            setattr(obj, name, from_wire(model, name, value))
