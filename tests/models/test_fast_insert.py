"""Rows written by the fast path are stored and recorded exactly as the ORM's flush hook would."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from sqlalchemy import select

from desktop.models import Lesson, LessonVersion, OutboxEntry, Venue
from desktop.models.fast_insert import insert_new_rows
from desktop.models.outbox import applying_remote, row_fields

LESSON = {
    "slug": "flyer-for-your-salon",
    "title": "Un folleto para tu salón",
    "language": "es",
    "minutes": 45,
    "offline": False,
    "tags": ["html", "diseño"],
    "text": "---\ntitle: Un folleto\n---\n\n" + "¡Hola, 王芳! «Citas» \"comillas\"\t\\ 👋\n" * 40,  # long: encoded once
    "source_path": "/lessons/es/folleto.md",
}


def raw_rows(db, table: str, order: str = "rowid") -> list[dict]:
    conn = sqlite3.connect(db.path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
    finally:
        conn.close()


def test_a_fast_insert_stores_the_same_bytes_and_outbox_entry_as_the_orm(db):
    with db.transaction() as s:
        s.add(Lesson(id="orm", **LESSON))
    with db.transaction() as s:
        insert_new_rows(s, Lesson, [{"id": "fast", **LESSON}])

    orm_row, fast_row = raw_rows(db, "lessons")
    orm_entry, fast_entry = raw_rows(db, "outbox", "seq")
    for row in (orm_row, fast_row):
        row.pop("id"), row.pop("updated_at")
    assert fast_row == orm_row  # defaults (level, current_version, trashed_at…) included
    assert fast_entry["fields"] == orm_entry["fields"].replace('"orm"', '"fast"')  # same JSON, same key order
    for key in ("table_name", "op", "base_version", "rejected_reason"):
        assert fast_entry[key] == orm_entry[key]

    with db.session() as s:
        lesson = s.get(Lesson, "fast")
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.row_id == "fast")).one()
        assert entry.fields == row_fields(lesson)
        assert entry.version == lesson.updated_at and lesson.origin == db.device_id


def test_fast_rows_are_stamped_in_order_after_earlier_orm_changes(db):
    with db.transaction() as s:
        s.add(Venue(name="Barbería Central"))  # pending: must reach the outbox first
        lesson = insert_new_rows(s, Lesson, [LESSON])[0]
        versions = insert_new_rows(
            s, LessonVersion,
            [{"lesson_id": lesson["id"], "number": n, "text": "x", "created_at": datetime(2026, 3, 1)} for n in (1, 2)],
        )
    with db.session() as s:
        entries = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    assert [e.table_name for e in entries] == ["venues", "lessons", "lesson_versions", "lesson_versions"]
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
