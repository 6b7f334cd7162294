"""Small steps the sync tests share: make and change records on a laptop the way the app does."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from desktop.models import Conflict, Lesson, OutboxEntry, Participant, SignIn, TasterSession, Venue


def add_lesson(laptop, title: str = "Your first Python program", **kw: Any) -> str:
    with laptop.db.transaction() as s:
        lesson = Lesson(slug=title.lower().replace(" ", "-"), title=title, text="# Hello\n", **kw)
        s.add(lesson)
        s.flush()
        return lesson.id


def edit(laptop, model: type, row_id: str, **changes: Any) -> None:
    with laptop.db.transaction() as s:
        obj = s.get(model, row_id)
        for name, value in changes.items():
            setattr(obj, name, value)


def get(laptop, model: type, row_id: str) -> Any:
    with laptop.db.transaction() as s:
        obj = s.get(model, row_id)
        if obj is not None:
            s.expunge(obj)
        return obj


def add_venue(laptop, name: str = "Eastside Branch Library") -> str:
    with laptop.db.transaction() as s:
        venue = Venue(name=name, kind="library")
        s.add(venue)
        s.flush()
        return venue.id


def add_session(laptop, venue_id: str, title: str = "Taster evening") -> str:
    with laptop.db.transaction() as s:
        session = TasterSession(venue_id=venue_id, title=title, starts_at=datetime(2026, 12, 1, 18, 0))
        s.add(session)
        s.flush()
        return session.id


def add_person(laptop, first: str = "José", last: str = "García", **kw: Any) -> str:
    with laptop.db.transaction() as s:
        person = Participant(first_name=first, last_name=last, **kw)
        s.add(person)
        s.flush()
        return person.id


def sign_in(laptop, session_id: str, person_id: str | None, came_with: str = "") -> str:
    with laptop.db.transaction() as s:
        row = SignIn(session_id=session_id, participant_id=person_id, came_with=came_with)
        s.add(row)
        s.flush()
        return row.id


def open_conflicts(laptop) -> list[tuple[str, str, Any, Any]]:
    import json

    with laptop.db.transaction() as s:
        return sorted(
            (c.table_name, c.field, json.loads(c.local_value), json.loads(c.remote_value))
            for c in s.query(Conflict).filter(Conflict.resolved.is_(False))
        )


def outbox(laptop) -> list[OutboxEntry]:
    with laptop.db.transaction() as s:
        entries = s.query(OutboxEntry).order_by(OutboxEntry.seq).all()
        for e in entries:
            s.expunge(e)
        return entries


def today() -> date:
    return date.today()
