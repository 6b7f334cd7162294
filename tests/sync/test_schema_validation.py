"""The hub accepts only values the laptops can use: one schema, checked on the hub, met by the laptop."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import select

from desktop.models import SYNCED_MODELS
from desktop.models.outbox import row_fields
from desktop.sync import protocol as P
from hub.store import op_log
from tests.hubtools import hub_rows
from tests.sync.conftest import enrolled

CLOCK = "1767225600000-000000-laptop-x"


def _op(table: str, fields: dict, *, op: str = "insert", row_id: str | None = None) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "table": table,
        "row_id": row_id or str(uuid.uuid4()),
        "op": op,
        "fields": fields,
        "base_version": "",
        "version": CLOCK,
    }


def _venue(**fields) -> dict:
    return _op("venues", {"name": "Union Hall 12", "kind": "union_hall", "deleted": False, **fields})


def _session(**fields) -> dict:
    return _op(
        "sessions",
        {
            "venue_id": str(uuid.uuid4()),
            "starts_at": "2026-05-02T18:00:00",
            "status": "planned",
            "deleted": False,
            **fields,
        },
    )


BAD_OPS = {
    "a venue kind outside the closed set": (_venue(kind="nightclub"), "venues.kind: not one of"),
    "a session status outside the closed set": (_session(status="cancelled!"), "sessions.status: not one of"),
    "a barrier outside the closed set": (
        _op("exit_cards", {"session_id": "s1", "rating": 3, "barriers": ["time", "weather"], "deleted": False}),
        "exit_cards.barriers: an item is not one of",
    ),
    "an exit card rating beyond the faces": (
        _op("exit_cards", {"session_id": "s1", "rating": 7, "deleted": False}),
        "exit_cards.rating: not one of",
    ),
    "a stage outside the ladder": (
        _op("participants", {"first_name": "Zoë", "stage": "ceo", "deleted": False}),
        "participants.stage: not one of",
    ),
    "an over-long venue name": (_venue(name="N" * 201), "venues.name: longer than 200 characters"),
    "an over-long note": (_venue(notes="x" * (P.TEXT_MAX + 1)), "venues.notes: longer than"),
    "a datetime with a time zone": (
        _session(starts_at="2026-05-02T18:00:00+02:00"),
        "sessions.starts_at: a date and time with a time zone",
    ),
    "a datetime in UTC with a Z": (_session(starts_at="2026-05-02T18:00:00Z"), "with a time zone"),
    "a datetime in another form": (_session(starts_at="20260502T180000"), "expected datetime in the form"),
    "a date and time far in the future": (_session(starts_at="9999-12-31T23:59:59"), "year 9999 is outside"),
    "a date out of range": (
        _op("erasures", {"participant_id": "p1", "requested_on": "0001-01-01", "deleted": False}),
        "year 0001 is outside",
    ),
    "a session that never ends": (_session(duration_minutes=2**62), "sessions.duration_minutes: outside"),
    "a list too long": (_venue(languages=["en"] * (P.LIST_MAX + 1)), "more than"),
}


@pytest.mark.parametrize("case", list(BAD_OPS))
def test_the_shared_check_names_what_is_wrong_with_each_bad_value(case):
    raw, expected = BAD_OPS[case]
    assert expected in (P.op_problem(P.Op(**raw)) or "")


def test_a_hub_refuses_each_bad_value_alone_stores_none_of_it_and_applies_the_rest(any_hub, org, laptops):
    """A crafted push: every bad op is rejected with its reason; the good ops of the batch apply."""
    (laptop,) = enrolled(any_hub, org, laptops(1))
    from desktop.models import SyncState

    with laptop.db.transaction() as s:
        token = s.get(SyncState, 1).device_token
    good = [_venue(name="Good venue 1"), _session(title="Good session"), _venue(name="Good venue 2")]
    bad = [raw for raw, _expected in BAD_OPS.values()]
    ops = [good[0], *bad[:7], good[1], *bad[7:], good[2]]
    answer = httpx.post(
        f"{any_hub.url}/v1/sync/push", json={"ops": ops}, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    results = {r["op_id"]: r for r in answer.json()["results"]}
    for raw, expected in BAD_OPS.values():
        assert results[raw["op_id"]]["status"] == "rejected"
        assert expected in results[raw["op_id"]]["reason"]
    assert all(results[op["op_id"]]["status"] == "applied" for op in good)
    stored = hub_rows(any_hub.engine, org)
    assert set(stored) == {(op["table"], op["row_id"]) for op in good}
    # Stored nowhere: the log keeps the refusal and its reason, never the refused values.
    with any_hub.engine.connect() as conn:
        logged = conn.execute(select(op_log).where(op_log.c.status == "rejected")).mappings().all()
    text = json.dumps([dict(r) for r in logged], default=str)
    assert "N" * 201 not in text and "nightclub" not in text and "+02:00" not in text


def test_every_row_and_every_change_the_demo_makes_passes_the_shared_check(demo_db):
    """The laptop never makes what the hub would refuse: its demo data, rows and outbox, all pass."""
    with demo_db.transaction() as s:
        seen = 0
        for model in SYNCED_MODELS:
            for obj in s.query(model):
                fields = row_fields(obj)
                problem = P.fields_problem(model.__tablename__, obj.id, fields)
                assert problem is None, (model.__tablename__, problem)
                missing = P.TABLES[model.__tablename__].required - fields.keys()
                assert not missing
                seen += 1
        entries = s.execute(select(*_outbox_columns())).all()
    assert seen > 100 and len(entries) >= seen
    for op_id, table, row_id, op, fields, base, version in entries:
        op_ = P.Op(
            op_id=op_id,
            table=table,
            row_id=row_id,
            op=op,
            fields=fields or {},
            base_version=base or "",
            version=version,
        )
        assert P.op_problem(op_) is None, (table, P.op_problem(op_))


def _outbox_columns():
    from desktop.models import OutboxEntry

    return (
        OutboxEntry.op_id,
        OutboxEntry.table_name,
        OutboxEntry.row_id,
        OutboxEntry.op,
        OutboxEntry.fields,
        OutboxEntry.base_version,
        OutboxEntry.version,
    )


def test_an_erased_persons_tombstone_passes_the_shared_check():
    assert P.fields_problem("participants", "p1", P.participant_tombstone()) is None


def test_the_hub_and_the_laptop_apply_literally_the_same_field_check():
    """op_problem (hub) and change_problem (laptop) both answer through fields_problem."""
    bad = {"first_name": "Zoë", "stage": "ceo", "deleted": False}
    hub_says = P.op_problem(P.Op(**_op("participants", bad, row_id="p1")))
    laptop_says = P.change_problem(
        {
            "table": "participants",
            "row_id": "p1",
            "seq": 1,
            "version": CLOCK,
            "origin": "x",
            "fields": bad,
            "conflicts": [],
        }
    )
    assert laptop_says is not None and hub_says == laptop_says.text == P.fields_problem("participants", "p1", bad).text
    assert laptop_says.field == "stage"


def test_a_host_cannot_plan_a_session_in_a_year_the_hub_would_refuse(db):
    """The date picker goes from 1752 to 9999; the laptop refuses what the shared schema would."""
    from datetime import datetime

    from desktop.sessions.planning import SessionDraft, create_session
    from desktop.sessions.venues import VenueDraft, create_venue
    from desktop.signin.validation import InvalidInput

    with db.transaction() as s:
        venue = create_venue(s, VenueDraft(name="Eastside Branch Library", kind="library"))
        with pytest.raises(InvalidInput) as refused:
            create_session(s, SessionDraft(venue_id=venue.id, starts_at=datetime(9026, 5, 2, 18)))
        assert "between the years 1900 and 2199" in refused.value.problems["starts_at"]
        fine = create_session(s, SessionDraft(venue_id=venue.id, starts_at=datetime(2026, 5, 2, 18)))
        assert P.fields_problem("sessions", fine.id, row_fields(fine)) is None
