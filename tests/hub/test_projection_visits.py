"""The hub's report_visits and report_sign_in_tallies hold what the laptop's visits and sign_in_tallies
hold for the same records: after pushes, edits (a cancelled sign-in, a sign-in moved to another session,
a session moved or deleted), an erasure, and when migration 0007 fills them on a hub with data."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from alembic import command
from sqlalchemy import insert, select

from desktop.models import Participant, SignIn, TasterSession
from desktop.models.entities import SignInTally, Visit
from desktop.signin.erasure import erase_participant
from hub import projection
from hub.projection import DERIVED, Changed, keep_in_step
from hub.store import alembic_config, open_store, organisations, writing
from tests.hub.test_projection import demo_laptop, org_id_of, synced  # noqa: F401  (demo_laptop: a fixture)


def laptop_rows(laptop) -> dict[str, set[tuple]]:
    with laptop.db.transaction() as s:
        return {
            "visits": {tuple(r) for r in s.execute(select(Visit.__table__))},
            "sign_in_tallies": {tuple(r) for r in s.execute(select(SignInTally.__table__))},
        }


def hub_rows(engine, org_id: int) -> dict[str, set[tuple]]:
    """The organisation's rows of each derived table, in the laptop's columns."""
    found = {}
    with engine.connect() as conn:
        for name, table in DERIVED.items():
            columns = [c for c in table.c if c.name != "org_id"]
            found[name] = {tuple(r) for r in conn.execute(select(*columns).where(table.c.org_id == org_id))}
    return found


def same_on_both(hub, org, laptop) -> dict[str, set[tuple]]:
    mine = laptop_rows(laptop)
    assert mine["visits"] and mine["sign_in_tallies"], "nothing to compare: the test would prove nothing"
    assert hub_rows(hub.engine, org_id_of(hub.engine, org)) == mine
    return mine


def test_after_pushes_the_hub_holds_the_laptops_visits_and_tallies(any_hub, org, demo_laptop):
    same_on_both(any_hub, org, demo_laptop)


def test_edits_cancelled_sign_ins_and_deleted_sessions_change_the_hubs_visits_as_the_laptops(any_hub, org, demo_laptop):
    before = same_on_both(any_hub, org, demo_laptop)
    with demo_laptop.db.transaction() as s:
        signed = s.scalars(
            select(SignIn)
            .where(SignIn.participant_id.is_not(None), SignIn.voided.is_(False), SignIn.deleted.is_(False))
            .order_by(SignIn.id)
        ).all()
        sessions = s.scalars(select(TasterSession).order_by(TasterSession.starts_at)).all()
        signed[0].voided = True  # cancelled
        signed[1].deleted = True
        moved = signed[2]
        moved.session_id = next(t.id for t in sessions if t.id != moved.session_id)  # to another session
        signed[3].as_helper = not signed[3].as_helper
        signed[4].source = "paper" if signed[4].source != "paper" else "kiosk"
        held = {si.session_id for si in signed[5:]} - {si.session_id for si in signed[:5]}
        gone, later = (s.get(TasterSession, i) for i in sorted(held)[:2])
        gone.deleted = True
        later.starts_at = later.starts_at + timedelta(days=1, hours=2)
    synced(demo_laptop)
    after = same_on_both(any_hub, org, demo_laptop)
    assert after != before
    assert not any(session_id == gone.id for _p, session_id, *_ in after["visits"])


def test_a_session_that_arrives_after_its_sign_ins_gives_them_their_visit(any_hub, org):
    any_hub.org(org)
    answer = httpx.post(any_hub.url + "/v1/enrol", json={"code": any_hub.code(org), "device_id": str(uuid.uuid4())})
    auth = {"Authorization": f"Bearer {answer.json()['token']}"}
    person, session, starts = str(uuid.uuid4()), str(uuid.uuid4()), datetime(2026, 3, 4, 18, 0)

    def push(table: str, row_id: str, **fields: Any) -> None:
        op = {"op_id": str(uuid.uuid4()), "table": table, "row_id": row_id, "op": "insert", "fields": fields}
        body = {"ops": [{**op, "base_version": "", "version": f"{1767225600000 + len(fields)}-000000-laptop"}]}
        response = httpx.post(any_hub.url + "/v1/sync/push", json=body, headers=auth)
        assert response.status_code == 200, response.text

    org_id = org_id_of(any_hub.engine, org)
    push("sign_ins", str(uuid.uuid4()), session_id=session, participant_id=person, source="host", as_helper=True)
    assert hub_rows(any_hub.engine, org_id) == {"visits": set(), "sign_in_tallies": {(session, "host", 1)}}
    push("sessions", session, venue_id=str(uuid.uuid4()), title="Taster", starts_at=starts.isoformat())
    assert hub_rows(any_hub.engine, org_id)["visits"] == {(person, session, starts, True)}


def test_an_erasure_leaves_the_hubs_visits_as_the_laptops(any_hub, org, demo_laptop):
    with demo_laptop.db.transaction() as s:
        person = s.scalars(
            select(Participant)
            .join(SignIn, SignIn.participant_id == Participant.id)
            .where(SignIn.voided.is_(False), SignIn.deleted.is_(False))
            .order_by(Participant.id)
        ).first()
        assert person is not None
        erase_participant(s, person.id)
    synced(demo_laptop)
    after = same_on_both(any_hub, org, demo_laptop)
    assert not any(p == person.id for p, *_ in after["visits"])


def test_migration_0007_fills_them_on_a_hub_that_already_holds_records(any_hub, org, demo_laptop):
    engine = any_hub.engine
    org_id = org_id_of(engine, org)
    before = hub_rows(engine, org_id)
    assert before["visits"]
    config = alembic_config(engine)
    command.downgrade(config, "0006_commons")  # the hub as it was before 0007, its projection kept
    try:
        command.upgrade(config, "head")
    finally:
        command.upgrade(config, "head")  # the module's hub stays usable whatever happened
    assert hub_rows(engine, org_id) == before


@pytest.mark.parametrize("whole_org_after", [0, 1000], ids=["the organisation afresh", "the sessions touched"])
def test_a_push_touching_many_sessions_works_out_the_same_rows(tmp_path, monkeypatch, whole_org_after):
    monkeypatch.setattr(projection, "WHOLE_ORG_AFTER", whole_org_after)
    engine = open_store(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    person, other = str(uuid.uuid4()), str(uuid.uuid4())
    day = datetime(2026, 3, 4, 18, 0)
    sessions = [str(uuid.uuid4()) for _ in range(3)]

    def row(table: str, data: dict[str, Any], row_id: str | None = None, before: bool = False) -> Changed:
        return Changed(table, row_id or str(uuid.uuid4()), "1-0-laptop", "laptop", data, before)

    with writing(engine) as conn:
        orgs = [
            conn.execute(
                insert(organisations).values(name=n, last_seq=0, created_at=day).returning(organisations.c.id)
            ).scalar_one()
            for n in ("Ours", "Theirs")
        ]
        for org_id in orgs:  # the other organisation's rows are left alone
            keep_in_step(
                conn,
                org_id,
                [
                    *(
                        row("sessions", {"venue_id": "v", "title": "T", "starts_at": day.isoformat()}, s)
                        for s in sessions
                    ),
                    row("sign_ins", {"session_id": sessions[0], "participant_id": person, "source": "kiosk"}),
                    row("sign_ins", {"session_id": sessions[0], "participant_id": person, "source": "host"}),
                    row("sign_ins", {"session_id": sessions[1], "participant_id": other, "source": "kiosk"}),
                    row("sign_ins", {"session_id": sessions[2], "participant_id": other, "voided": True}),
                ],
            )
        keep_in_step(
            conn,
            orgs[0],
            [
                row(
                    "sessions",
                    {"venue_id": "v", "title": "T", "starts_at": day.isoformat(), "deleted": True},
                    sessions[1],
                    True,
                )
            ],
        )
    for org_id, visits in zip(
        orgs, ({(person, sessions[0])}, {(person, sessions[0]), (other, sessions[1])}), strict=True
    ):
        found = hub_rows(engine, org_id)
        assert {(p, s) for p, s, *_ in found["visits"]} == visits
        assert found["sign_in_tallies"] == {
            (sessions[0], "kiosk", 1),
            (sessions[0], "host", 1),
            (sessions[1], "kiosk", 1),
        }
