"""Sync page operations: a chosen value is stored and queued; refused changes go back in the queue."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop.models import Conflict, Lesson, OutboxEntry
from desktop.ops import Kind, OpChanges
from desktop.ops import sync as ops
from desktop.sync.erasure import ERASED_REASON


def _lesson_with_conflict(db) -> tuple[str, str]:
    with db.transaction() as s:
        lesson = Lesson(slug="budget", title="Household budget", text="# Budget\n")
        s.add(lesson)
        s.flush()
        conflict = Conflict(
            table_name="lessons",
            row_id=lesson.id,
            field="title",
            local_value=json.dumps("Household budget"),
            remote_value=json.dumps("Presupuesto familiar"),
        )
        s.add(conflict)
        s.flush()
        s.execute(OutboxEntry.__table__.delete())
        return lesson.id, conflict.id


def test_keeping_the_other_value_changes_the_record_and_queues_the_choice(db):
    lesson_id, conflict_id = _lesson_with_conflict(db)
    with db.transaction() as s:
        done = ops.resolve_conflict(s, conflict_id, use_other=True)
    with db.transaction() as s:
        assert s.get(Lesson, lesson_id).title == "Presupuesto familiar"
        assert s.get(Conflict, conflict_id).resolved
        queued = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == lesson_id)).all()
    assert [(e.table_name, "title" in e.fields) for e in queued] == [("lessons", True)]
    assert done.changes == OpChanges.of(Kind.CONFLICTS, Kind.OUTBOX, Kind.LESSONS)


def test_a_conflict_already_resolved_changes_nothing(db):
    _lesson_id, conflict_id = _lesson_with_conflict(db)
    with db.transaction() as s:
        ops.resolve_conflict(s, conflict_id, use_other=False)
    with db.transaction() as s:
        assert not ops.resolve_conflict(s, conflict_id, use_other=True).changes


def test_refused_changes_go_back_in_the_queue_but_not_those_about_an_erased_person(db):
    with db.transaction() as s:
        s.add_all(
            [
                OutboxEntry(
                    table_name="venues",
                    row_id="v1",
                    op="update",
                    fields={"colour": "teal"},
                    version=db.clock.now(),
                    rejected_reason="unknown field venues.colour",
                ),
                OutboxEntry(
                    table_name="participants",
                    row_id="p1",
                    op="update",
                    fields={"first_name": "Zoë"},
                    version=db.clock.now(),
                    rejected_reason=ERASED_REASON,
                ),
            ]
        )
    with db.transaction() as s:
        done = ops.retry_refused(s)
    with db.transaction() as s:
        reasons = dict(s.execute(select(OutboxEntry.row_id, OutboxEntry.rejected_reason)).all())
    assert done.value == 1 and done.changes == OpChanges.of(Kind.OUTBOX)
    assert reasons == {"v1": None, "p1": ERASED_REASON}
    with db.transaction() as s:
        assert not ops.retry_refused(s).changes, "nothing left to send again"
