"""Rows written by the fast path are stored and recorded exactly as the ORM's flush hook would."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.models import Lesson, LessonVersion, OutboxEntry, Venue
from desktop.models.fast_insert import insert_new_rows
from desktop.models.outbox import applying_remote, row_fields
from desktop.sync.engine import entry_to_op as engine_op

LESSON = {
    "slug": "flyer-for-your-salon",
    "title": "Un folleto para tu salón",
    "language": "es",
    "minutes": 45,
    "offline": False,
    "tags": ["html", "diseño"],
    "text": "---\ntitle: Un folleto\n---\n\n" + '¡Hola, 王芳! «Citas» "comillas"\t\\ 👋\n' * 40,  # long: encoded once
    "source_path": "/lessons/es/folleto.md",
}


def raw_rows(db, table: str, order: str = "rowid") -> list[dict]:
    conn = sqlite3.connect(db.path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
    finally:
        conn.close()


def test_a_fast_inserted_row_and_an_orm_added_row_are_stored_and_sent_alike(db):
    """Either way in, a hub and every other laptop receive the same change."""
    with db.transaction() as s:
        s.add(Lesson(id="orm", **LESSON))
    with db.transaction() as s:
        insert_new_rows(s, Lesson, [{"id": "fast", **LESSON}])

    with db.session() as s:
        orm, fast = s.get(Lesson, "orm"), s.get(Lesson, "fast")
        entries = {e.row_id: e for e in s.scalars(select(OutboxEntry))}
        # Defaults (level, current_version, trashed_at…) included; only the id differs.
        assert {**row_fields(fast), "id": "orm"} == row_fields(orm)
        assert entries["fast"].fields == row_fields(fast) and entries["orm"].fields == row_fields(orm)
        assert list(entries["fast"].fields) == list(entries["orm"].fields)  # the same order of fields
        for entry, row in ((entries["orm"], orm), (entries["fast"], fast)):
            assert (entry.table_name, entry.op, entry.base_version, entry.rejected_reason) == (
                "lessons",
                "insert",
                "",
                None,
            )
            assert entry.version == row.updated_at and row.origin == db.device_id
        assert entries["orm"].version < entries["fast"].version
        assert engine_op(entries["fast"]) == {
            **engine_op(entries["orm"]),
            "row_id": "fast",
            "fields": {**entries["orm"].fields, "id": "fast"},
            "op_id": entries["fast"].op_id,
            "version": entries["fast"].version,
        }


def test_fast_rows_are_stamped_in_order_after_earlier_orm_changes(db):
    with db.transaction() as s:
        s.add(Venue(name="Barbería Central"))  # pending: must reach the outbox first
        lesson = insert_new_rows(s, Lesson, [LESSON])[0]
        versions = insert_new_rows(
            s,
            LessonVersion,
            [
                {
                    "lesson_id": lesson["id"],
                    "number": n,
                    "text": "x",
                    "created_at": datetime(2026, 3, 1),
                }
                for n in (1, 2)
            ],
        )
    with db.session() as s:
        entries = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    assert [e.table_name for e in entries] == [
        "venues",
        "lessons",
        "lesson_versions",
        "lesson_versions",
    ]
    stamps = [e.version for e in entries]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert [v["updated_at"] for v in versions] == stamps[2:]
    assert entries[2].fields["created_at"] == "2026-03-01T00:00:00"


def test_fast_rows_roll_back_with_the_transaction(db):
    with pytest.raises(RuntimeError), db.transaction() as s:
        insert_new_rows(s, Lesson, [LESSON])
        raise RuntimeError("the host cancelled")
    assert raw_rows(db, "lessons") == [] and raw_rows(db, "outbox") == []


def test_rows_from_the_hub_cannot_take_the_fast_path(db):
    with pytest.raises(RuntimeError), db.transaction() as s, applying_remote(s):
        insert_new_rows(s, Lesson, [LESSON])


def test_a_misspelt_column_is_refused_not_dropped(db):
    with pytest.raises(ValueError, match="titel"), db.transaction() as s:
        insert_new_rows(s, Lesson, [{**LESSON, "titel": "Oops"}])
