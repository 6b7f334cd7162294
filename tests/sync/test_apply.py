"""Storing pulled rows without the ORM: what lands on disk is what the ORM would have stored."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from desktop.models import OutboxEntry, Participant
from desktop.sync import apply as apply_module
from desktop.sync.client import parse_page
from desktop.sync.engine import apply_page

PERSON = "7d1c2a4e-0000-4000-8000-000000000001"
OTHER = "7d1c2a4e-0000-4000-8000-000000000002"


def _page(*changes: dict, cursor: int = 2) -> bytes:
    page = {"changes": list(changes), "cursor": cursor, "more": False, "mark": ""}
    return json.dumps(page, ensure_ascii=False).encode()


def _change(row_id: str, seq: int, **fields) -> dict:
    return {
        "table": "participants",
        "row_id": row_id,
        "seq": seq,
        "version": f"1767225600000-000000-hub:{seq}",
        "origin": "laptop-b",
        "fields": fields,
        "conflicts": [],
    }


def _first_page() -> bytes:
    full = {
        "first_name": "Nguyễn Thị Hoa",
        "last_name": "",
        "languages": ["vi", "en"],
        "contact_consent": True,
        "contact_consent_at": "2026-03-01T18:30:05.250000",
        "photo_consent": None,
        "created_at": "2026-03-01T18:30:00",
        "deleted": False,
        "search_key": "nguyen thi hoa",
        "favourite_colour": "teal",
    }  # a field from a newer release
    return _page(_change(PERSON, 1, **full), _change(OTHER, 2, first_name="Zoë", deleted=False))


def test_pulled_rows_read_back_through_the_orm_as_they_were_sent(db):
    apply_page(db, parse_page(_first_page()))
    with db.transaction() as s:
        hoa, zoe = s.get(Participant, PERSON), s.get(Participant, OTHER)
        assert (hoa.first_name, hoa.languages, hoa.contact_consent, hoa.photo_consent) == (
            "Nguyễn Thị Hoa",
            ["vi", "en"],
            True,
            None,
        )
        assert hoa.contact_consent_at == datetime(2026, 3, 1, 18, 30, 5, 250000)
        assert hoa.created_at == datetime(2026, 3, 1, 18, 30)
        assert (hoa.updated_at, hoa.origin) == ("1767225600000-000000-hub:1", "laptop-b")
        # Fields the hub did not send take the columns' defaults, as the ORM would give them.
        assert (zoe.notes, zoe.stage, zoe.never_pair_with, zoe.is_minor) == ("", "newcomer", [], False)
        assert s.query(OutboxEntry).count() == 0  # rows from the hub are not sent back


@pytest.mark.parametrize("old_sqlite", [False, True])
def test_a_pulled_change_keeps_fields_this_laptop_has_yet_to_push(db, monkeypatch, old_sqlite):
    if old_sqlite:  # before SQLite 3.33 there is no UPDATE ... FROM: one statement per row instead
        monkeypatch.setattr(apply_module.sqlite3, "sqlite_version_info", (3, 31, 1))
    apply_page(db, parse_page(_first_page()))
    with db.transaction() as s:
        s.get(Participant, PERSON).first_name = "Hoa"  # waiting in the outbox
    changed = _change(PERSON, 3, first_name="Nguyen Thi Hoa", last_name="Nguyễn", languages=["vi"], deleted=False)
    apply_page(db, parse_page(_page(changed, _change(OTHER, 4, first_name="Zoe", deleted=False), cursor=4)))
    with db.transaction() as s:
        hoa, zoe = s.get(Participant, PERSON), s.get(Participant, OTHER)
        assert (hoa.first_name, hoa.last_name, hoa.languages) == ("Hoa", "Nguyễn", ["vi"])
        assert hoa.updated_at == "1767225600000-000000-hub:3"
        assert zoe.first_name == "Zoe"


def test_the_kiosk_search_index_follows_pulled_rows(db):
    apply_page(db, parse_page(_first_page()))
    with db.engine.connect() as conn:
        found = (
            conn.exec_driver_sql("SELECT participant_id FROM participant_search WHERE participant_search MATCH 'hoa'")
            .scalars()
            .all()
        )
    assert found == [PERSON]


def _stored(db, column: str, row_id: str) -> str | None:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT {column} FROM participants WHERE id = ?", (row_id,)).scalar()


def test_a_pulled_date_and_time_is_stored_as_the_same_text_this_laptop_writes(db):
    """SQLite compares dates and times as text: a pulled 18:00 sharp stored without its fraction fell
    outside "from 18:00"."""
    with db.transaction() as s:
        s.add(Participant(id="mine", first_name="Ana", created_at=datetime(2026, 5, 2, 18)))
    apply_page(db, parse_page(_page(_change(PERSON, 1, first_name="Zoë", created_at="2026-05-02T18:00:00"))))
    assert _stored(db, "created_at", PERSON) == _stored(db, "created_at", "mine") == "2026-05-02 18:00:00.000000"
    with db.transaction() as s:
        from_six = s.query(Participant.id).filter(Participant.created_at >= datetime(2026, 5, 2, 18))
        assert sorted(i for (i,) in from_six) == sorted(["mine", PERSON])


@pytest.mark.parametrize(
    "sent",
    ["2026-05-02T18:00:00", "2026-05-02T18:00:00.250000", "1970-01-01T00:00:00", "2026-12-31T23:59:59.999999"],
)
def test_a_date_and_time_from_the_wire_is_stored_as_sqlalchemy_stores_it(db, sent):
    column = Participant.__table__.c.created_at
    process = column.type.dialect_impl(db.engine.dialect).bind_processor(db.engine.dialect)
    convert = apply_module._converter(column, db.engine.dialect)
    assert convert(sent) == process(datetime.fromisoformat(sent))
    assert convert(datetime.fromisoformat(sent)) == process(datetime.fromisoformat(sent))  # not text: as before
