"""Pulled rows this laptop cannot use, kept aside instead of applied.

A hub checks every change against the shared schema (``P.fields_problem``), so
a bad row should never arrive; but a damaged or hand-edited hub store may still hold one.
One such row must not break a page, a handout or the next sync: each pulled
change goes through the same check the hub applies, and one that fails is
stored in ``quarantined_changes`` with the reason, in the same transaction as
the rest of its page, and not applied. The cursor still moves past it, so sync
goes on. The Sync page lists what was kept aside, in plain words.

An entry is dropped when a later, usable version of the same row arrives (it
replaces the bad one), and when the person it is about is erased (``purge_person``). Closed sets
grow in new releases (``desktop.vocabulary``), so once per sync, before pulling,
the entries are checked again (``recheck``): those this version of the app can
use are applied, unless the laptop already holds a newer version of the row,
and leave the list.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop.i18n import _
from desktop.models import MODEL_BY_TABLE, Database, QuarantinedChange, utcnow
from desktop.sync import protocol as P
from desktop.sync.apply import apply_changes, by_table, remote_session
from desktop.sync.wording import its_field

if TYPE_CHECKING:
    from desktop.sync.client import Page

CHUNK = 500
log = logging.getLogger(__name__)


def set_aside(session: Session, page: Page) -> None:
    """Keep aside the page's unusable changes: ``page.changes`` is filtered in place, so everything
    after this sees only the usable ones."""
    bad: list[tuple[dict[str, Any], P.FieldProblem]] = []
    for change in page.changes:
        problem = P.change_problem(change)
        if problem is not None:
            bad.append((change, problem))
    conn = session.connection()
    held = conn.exec_driver_sql("SELECT 1 FROM quarantined_changes LIMIT 1").first() is not None
    if not bad and not held:
        return  # the usual case: nothing to keep aside, nothing kept aside before
    if bad:
        bad_ids = {id(change) for change, _p in bad}
        page.changes[:] = [c for c in page.changes if id(c) not in bad_ids]
        _store(session, bad)
    if held:
        _drop_replaced(session, page.changes)


def _store(session: Session, bad: list[tuple[dict[str, Any], P.FieldProblem]]) -> None:
    ids = list({c["row_id"] for c, _p in bad})
    known: set[tuple[str, str, int]] = set()
    for start in range(0, len(ids), CHUNK):
        known.update(
            (table, row_id, seq)
            for table, row_id, seq in session.execute(
                select(QuarantinedChange.table_name, QuarantinedChange.row_id, QuarantinedChange.seq).where(
                    QuarantinedChange.row_id.in_(ids[start : start + CHUNK])
                )
            )
        )
    now = utcnow()
    for change, problem in bad:
        key = (change["table"], change["row_id"], change["seq"])
        if key in known:
            continue  # the same page pulled again
        known.add(key)
        log.info("kept aside %s %s (seq %s): %s", change["table"], change["row_id"], change["seq"], problem.text)
        record = {k: v for k, v in change.items() if k != "conflicts"}
        session.add(
            QuarantinedChange(
                table_name=change["table"][:64],
                row_id=change["row_id"][:64],
                seq=change["seq"],
                field=problem.field[:64],
                reason=problem.text,
                change=P.json_dumps(record),
                received_at=now,
            )
        )
    session.flush()


def _drop_replaced(session: Session, usable: list[dict[str, Any]]) -> None:
    """Entries a later usable version replaces (those about a person now erased go in ``purge_person``).

    Runs on every page once anything is kept aside: only the entries about the page's rows are
    read, and only their ids and seqs (a kept-aside lesson's text may be 2 MB).
    """
    newest: dict[tuple[str, str], int] = {}
    for change in usable:
        key = (change["table"], change["row_id"])
        newest[key] = max(newest.get(key, 0), change["seq"])
    gone: list[int] = []
    ids = list({row_id for _table, row_id in newest})
    for start in range(0, len(ids), CHUNK):
        gone += [
            qid
            for qid, table, row_id, seq in session.execute(
                select(
                    QuarantinedChange.id,
                    QuarantinedChange.table_name,
                    QuarantinedChange.row_id,
                    QuarantinedChange.seq,
                ).where(QuarantinedChange.row_id.in_(ids[start : start + CHUNK]))
            )
            if newest.get((table, row_id), -1) > seq
        ]
    _delete(session, gone)


def _delete(session: Session, ids: list[int]) -> None:
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(QuarantinedChange).where(QuarantinedChange.id.in_(ids[start : start + CHUNK])))


# Checked again after an update -------------------------------------------------------------------------

RECHECK_CHUNK = 50  # kept-aside changes decoded at a time: a lesson's text may be 2 MB


def recheck(db: Database) -> set[str]:
    """Apply the kept-aside changes this version of the app can use now; returns the tables written.

    Called once per sync, before the first page is pulled. A change that now passes the shared
    check (``P.change_problem``) is applied as a pulled row would be, unless this laptop already
    holds a newer version of that row, and leaves the list either way. The others stay.
    """
    with db.transaction() as session:
        held = (
            session.execute(select(QuarantinedChange.id).order_by(QuarantinedChange.seq, QuarantinedChange.id))
            .scalars()
            .all()
        )
    if not held:
        return set()
    written: set[str] = set()
    with remote_session(db) as session:
        for start in range(0, len(held), RECHECK_CHUNK):
            chunk = held[start : start + RECHECK_CHUNK]
            usable: list[dict[str, Any]] = []
            done: list[int] = []
            for qid, text, field, reason in session.execute(
                select(
                    QuarantinedChange.id,
                    QuarantinedChange.change,
                    QuarantinedChange.field,
                    QuarantinedChange.reason,
                )
                .where(QuarantinedChange.id.in_(chunk))
                .order_by(QuarantinedChange.seq, QuarantinedChange.id)
            ):
                try:
                    change = {**P.json_loads(text), "conflicts": []}
                    problem = P.change_problem(change)
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue  # not even readable as a change: it stays on the list
                if problem is None:
                    usable.append(change)
                    done.append(qid)
                elif (problem.field, problem.text) != (
                    field,
                    reason,
                ):  # what this version finds wrong now
                    session.execute(
                        update(QuarantinedChange)
                        .where(QuarantinedChange.id == qid)
                        .values(field=problem.field[:64], reason=problem.text)
                    )
            written |= _apply(session, usable)
            _delete(session, done)
    return written


def _apply(session: Session, changes: list[dict[str, Any]]) -> set[str]:
    """Apply kept-aside changes (oldest first) the way a pulled page is, except rows held newer."""
    newest: dict[tuple[str, str], dict[str, Any]] = {}
    for change in changes:  # two kept-aside versions of one row: the later one is the row
        newest[(change["table"], change["row_id"])] = change
    kept: dict[str, list[dict[str, Any]]] = {}
    for table, found in by_table(list(newest.values())).items():
        model = MODEL_BY_TABLE.get(table)
        if model is None:
            continue  # a table from a newer On-Ramp
        held = dict(
            session.execute(select(model.id, model.updated_at).where(model.id.in_([c["row_id"] for c in found]))).all()
        )
        usable = [c for c in found if c["row_id"] not in held or not _newer(held[c["row_id"]], c)]
        if usable:
            kept[table] = usable
    return apply_changes(session, kept)


def _newer(held_version: str, change: dict[str, Any]) -> bool:
    """Whether the laptop's row (at ``held_version``) is newer than the kept-aside change."""
    held_seq = P.hub_seq_of(held_version)
    if held_seq is not None:  # both from the hub: its sequence orders them
        return held_seq > change["seq"]
    try:  # an edit made here since: the clock values order them
        return P.split_clock(held_version)[:2] > P.split_clock(change["version"])[:2]
    except ValueError:
        return False


# What the Sync page shows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptAside:
    """One pulled change kept aside, for a person to read."""

    id: int
    table: str
    row_id: str
    seq: int
    field: str  # the field at fault, "" for the row as a whole
    reason: str  # the schema's own words (English), for whoever fixes the hub
    received_at: datetime

    def explain(self) -> str:
        """What happened, in plain words, in the app's language. The record itself is named beside it
        (``desktop.sync.wording.describe_record``), so this does not name its kind again."""
        if self.field:
            what = _("{its_field} held something this app cannot use").format(its_field=its_field(self.field))
        else:
            what = _("it was not a record this app can read")
        return _("Kept aside because {what}. It was not saved; nothing else was affected, and syncing goes on.").format(
            what=what
        )


def kept_aside(session: Session, limit: int = 200) -> list[KeptAside]:
    """The changes kept aside, newest first (their stored texts, up to 2 MB each, are not read)."""
    q = QuarantinedChange
    found = session.execute(
        select(q.id, q.table_name, q.row_id, q.seq, q.field, q.reason, q.received_at).order_by(q.id.desc()).limit(limit)
    )
    return [KeptAside(*row) for row in found]


def forget(session: Session, entry_id: int) -> None:
    """A person has read it and wants it off the list (the hub still holds the row)."""
    session.execute(delete(QuarantinedChange).where(QuarantinedChange.id == entry_id))
