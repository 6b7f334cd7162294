"""Pulled rows this laptop cannot use, kept aside instead of applied.

A hub checks every change against the shared schema (``P.fields_problem``), so
a bad row should never arrive; but an older or damaged hub may still hold one.
One such row must not break a page, a handout or the next sync: each pulled
change goes through the same check the hub applies, and one that fails is
stored in ``quarantined_changes`` with the reason, in the same transaction as
the rest of its page, and not applied. The cursor still moves past it, so sync
goes on. The Sync page lists what was kept aside, in plain words.

An entry is dropped when a later, usable version of the same row arrives (it
replaces the bad one), and when the person it is about is erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.i18n import N_, _
from desktop.models import QuarantinedChange, utcnow
from desktop.sync import protocol as P

if TYPE_CHECKING:
    from desktop.sync.client import Page

CHUNK = 500


def set_aside(
    session: Session, page: Page, by_table: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """Keep aside the page's unusable changes; return ``by_table`` holding only the usable ones.

    ``page.changes`` is filtered in place, so everything after this sees only usable changes.
    """
    bad: list[tuple[dict[str, Any], P.FieldProblem]] = []
    for change in page.changes:
        problem = P.change_problem(change)
        if problem is not None:
            bad.append((change, problem))
    conn = session.connection()
    held = conn.exec_driver_sql("SELECT 1 FROM quarantined_changes LIMIT 1").first() is not None
    if not bad and not held:
        return by_table  # the usual case: nothing to keep aside, nothing kept aside before
    if bad:
        bad_ids = {id(change) for change, _p in bad}
        page.changes[:] = [c for c in page.changes if id(c) not in bad_ids]
        by_table = {}
        for change in page.changes:
            by_table.setdefault(change["table"], []).append(change)
        _store(session, bad)
    if held:
        _drop_replaced(session, page.changes)
    return by_table


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
        record = {k: v for k, v in change.items() if k != "conflicts"}
        session.add(
            QuarantinedChange(
                table_name=change["table"][:64], row_id=change["row_id"][:64], seq=change["seq"],
                reason=problem.text, change=P.json_dumps(record), received_at=now,
            )
        )
    session.flush()


def _drop_replaced(session: Session, usable: list[dict[str, Any]]) -> None:
    """Entries a later usable version replaces, and entries about a person now erased."""
    held = session.execute(
        select(QuarantinedChange.id, QuarantinedChange.table_name, QuarantinedChange.row_id,
               QuarantinedChange.seq, QuarantinedChange.change)
    ).all()
    newest: dict[tuple[str, str], int] = {}
    erased: set[str] = set()
    for change in usable:
        key = (change["table"], change["row_id"])
        newest[key] = max(newest.get(key, 0), change["seq"])
        if change["table"] == P.ERASURE_TABLE:
            person = change["fields"].get("participant_id")
            if isinstance(person, str) and person:
                erased.add(person)
    gone = [
        qid for qid, table, row_id, seq, text in held
        if newest.get((table, row_id), -1) > seq or any(person in text for person in erased)
    ]
    for start in range(0, len(gone), CHUNK):
        session.execute(delete(QuarantinedChange).where(QuarantinedChange.id.in_(gone[start : start + CHUNK])))


# What the Sync page shows ------------------------------------------------------------------------------

RECORD_KINDS = {
    "venues": N_("a venue"),
    "sessions": N_("a session"),
    "lessons": N_("a lesson"),
    "lesson_versions": N_("a version of a lesson"),
    "participants": N_("a person's record"),
    "sign_ins": N_("a sign-in"),
    "exit_cards": N_("an exit card"),
    "pairing_rounds": N_("a pairing round"),
    "pairing_groups": N_("a pairing group"),
    "erasures": N_("an erasure request"),
}
ANY_RECORD = N_("a record")  # a kind of record from a newer On-Ramp


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
        """The whole story in plain words, in the app's language."""
        kind = _(RECORD_KINDS.get(self.table, ANY_RECORD))
        if self.field:
            what = _("its “{field}” held something this app cannot use").format(field=self.field.replace("_", " "))
        else:
            what = _("it was not a record this app can read")
        return _(
            "The hub sent {kind} that was kept aside: {what}. It was not saved; nothing else was affected, "
            "and syncing goes on."
        ).format(kind=kind, what=what)


def kept_aside(session: Session, limit: int = 200) -> list[KeptAside]:
    """The changes kept aside, newest first."""
    out: list[KeptAside] = []
    for q in session.scalars(select(QuarantinedChange).order_by(QuarantinedChange.id.desc()).limit(limit)):
        out.append(KeptAside(q.id, q.table_name, q.row_id, q.seq, _field_at_fault(q), q.reason, q.received_at))
    return out


def _field_at_fault(q: QuarantinedChange) -> str:
    """Worked out again from the stored change with the same check: no second copy of the rule."""
    try:
        change = P.json_loads(q.change)
        problem = P.change_problem({**change, "conflicts": []})
    except (ValueError, KeyError, TypeError):
        return ""
    return problem.field if problem is not None else ""


def forget(session: Session, entry_id: int) -> None:
    """A person has read it and wants it off the list (the hub still holds the row)."""
    session.execute(delete(QuarantinedChange).where(QuarantinedChange.id == entry_id))
