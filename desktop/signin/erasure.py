"""Erasing a person on request: their details go from every table; their visits stay as anonymous counts.

The host names one record; the person is that record, the one it was merged into and every
record merged into those. An ``Erasure`` row carrying only the id is written for each, so sync
erases them on the hub and every other laptop, and each is purged here by the same steps a pulled
erasure takes (``desktop.sync.erasure.purge_person``): this laptop ends with the rows the others do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import Erasure, ExitCard, Participant, SignIn
from desktop.signin.people import NotFound
from desktop.sync.erasure import purge_person


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
    if root is None or root.erased:
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
    return [pid for pid in dict.fromkeys([*ids, *seen]) if not _already_erased(session, pid)]


def _already_erased(session: Session, participant_id: str) -> bool:
    person = session.get(Participant, participant_id)
    return person is None or person.erased


def erase_participant(session: Session, participant_id: str, requested_on: date | None = None) -> ErasureResult:
    """Erase a person here and, through sync, everywhere. NotFound if their details are already gone."""
    ids = _same_person(session, participant_id)
    if not ids:
        raise NotFound(_("That person's details are no longer on this laptop."))
    on = requested_on or date.today()
    session.add_all(Erasure(participant_id=pid, requested_on=on) for pid in ids)
    session.flush()  # the erasures are this laptop's own changes: they go to the outbox, and on to the hub
    sign_ins = exit_cards = dropped = scrubbed = 0
    for pid in ids:
        done = purge_person(session, pid)
        sign_ins += done.anonymised[SignIn.__tablename__]
        exit_cards += done.anonymised[ExitCard.__tablename__]
        dropped += done.outbox_dropped
        scrubbed += done.outbox_scrubbed
    return ErasureResult(ids, sign_ins, exit_cards, dropped, scrubbed)
