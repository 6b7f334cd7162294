"""Erasing a person on request: their details go from every table; their visits stay as anonymous counts.

The participant rows (the person and any records merged into them) are removed
outright, pending outbox entries about them are dropped or scrubbed, and an
``Erasure`` row carrying only the id is written so sync erases them elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Conflict, Erasure, ExitCard, OutboxEntry, PairingGroup, Participant, SignIn
from desktop.models.outbox import allowing_purge
from desktop.signin.people import NotFound
from desktop.sync import protocol as P
from desktop.sync.erasure import forget_erased_bytes_after_commit


@dataclass(frozen=True)
class ErasureResult:
    participant_ids: list[str]
    sign_ins_kept_anonymous: int
    exit_cards_kept_anonymous: int
    outbox_entries_dropped: int
    outbox_entries_scrubbed: int


def _same_person(session: Session, participant_id: str) -> list[str]:
    """The record, the one it was merged into (if any), and every record merged into those."""
    root = session.get(Participant, participant_id)
    if root is None:
        return []
    seen = {root.id}
    while root.merged_into and root.merged_into not in seen:
        nxt = session.get(Participant, root.merged_into)
        if nxt is None:
            break
        root = nxt
        seen.add(root.id)
    ids = [root.id]
    frontier = [root.id]
    while frontier:
        children = list(session.scalars(select(Participant.id).where(Participant.merged_into.in_(frontier))))
        frontier = [c for c in children if c not in ids]
        ids.extend(frontier)
    return list(dict.fromkeys([*ids, *seen]))


def _scrub(value: Any, ids: set[str]) -> Any:
    """The value with every mention of an erased id taken out."""
    if isinstance(value, str):
        return None if value in ids else value
    if isinstance(value, list):
        return [_scrub(v, ids) for v in value if not (isinstance(v, str) and v in ids)]
    if isinstance(value, dict):
        return {k: _scrub(v, ids) for k, v in value.items()}
    return value


def erase_participant(session: Session, participant_id: str, requested_on: date | None = None) -> ErasureResult:
    ids = _same_person(session, participant_id)
    if not ids:
        raise NotFound(_("That person's details are no longer on this laptop."))
    id_set = set(ids)
    # Freed space is overwritten with zeros and, after the commit, the write-ahead log emptied,
    # so the details do not linger in the files (the same as when an erasure is pulled).
    forget_erased_bytes_after_commit(session)

    personal_rows: dict[str, tuple[str, ...]] = {}  # row id -> personal fields to blank in pending ops
    signins = list(session.scalars(select(SignIn).where(SignIn.participant_id.in_(ids))))
    for s in signins:
        s.participant_id = None
        s.came_with = ""
        personal_rows[s.id] = P.PERSONAL_FIELDS[SignIn.__tablename__]
    cards = list(session.scalars(select(ExitCard).where(ExitCard.participant_id.in_(ids))))
    for c in cards:
        c.participant_id = None
        c.comment = ""  # a comment can name its writer
        personal_rows[c.id] = P.PERSONAL_FIELDS[ExitCard.__tablename__]
    for group in session.scalars(select(PairingGroup)):
        if id_set & set(group.member_ids or []):
            group.member_ids = [m for m in group.member_ids if m not in id_set]
    for other in session.scalars(select(Participant).where(Participant.id.not_in(ids))):
        if id_set & set(other.never_pair_with or []):
            other.never_pair_with = [m for m in other.never_pair_with if m not in id_set]
    session.flush()

    dropped = scrubbed = 0
    for entry in session.scalars(select(OutboxEntry).where(OutboxEntry.table_name != Erasure.__tablename__)):
        if entry.table_name == Participant.__tablename__ and entry.row_id in id_set:
            session.delete(entry)
            dropped += 1
            continue
        fields = _scrub(entry.fields or {}, id_set)
        for name in personal_rows.get(entry.row_id, ()):
            if name in fields:
                fields[name] = ""
        if fields != entry.fields:
            entry.fields = fields
            scrubbed += 1
    session.execute(delete(Conflict).where(Conflict.row_id.in_([*ids, *personal_rows])))

    with allowing_purge(session):
        for pid in ids:
            person = session.get(Participant, pid)
            if person is not None:
                session.delete(person)
        session.flush()
    on = requested_on or date.today()
    session.add_all(Erasure(participant_id=pid, requested_on=on) for pid in ids)
    session.flush()
    # Merge the search index so the erased name leaves no tokens behind.
    session.execute(text("INSERT INTO participant_search (participant_search) VALUES ('optimize')"))
    return ErasureResult(ids, len(signins), len(cards), dropped, scrubbed)
