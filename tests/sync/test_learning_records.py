"""What a chapter records to learn from (interventions, follow-ups, ladder steps, headcount estimates)
travels to the organisation's other laptops and no further, the hub refuses what no laptop makes, and
erasing a person takes their follow-ups and ladder steps with them everywhere."""

from __future__ import annotations

import json
import uuid
from datetime import date

import httpx
import pytest
from sqlalchemy import select

from desktop.learning import InterventionDraft
from desktop.models import FollowUp, Intervention, LadderStep, SyncState, TasterSession
from desktop.ops import learning as ops
from desktop.ops import signin as signin_ops
from desktop.sync import protocol as P
from desktop.vocabulary import LEARNING_TEXT_MAX
from tests.hubtools import hub_rows, shared_rows
from tests.sync.conftest import enrolled
from tests.sync.scenarios import add_person, add_session, add_venue, edit

LEARNING_TABLES = ("interventions", "follow_ups", "ladder_steps")
CLOCK = "1767225600000-000000-laptop-x"


def _learning_rows(laptop) -> dict[tuple[str, str], dict]:
    return {k: v for k, v in shared_rows(laptop).items() if k[0] in LEARNING_TABLES}


def _record_everything(laptop, venue: str, session: str, person: str) -> dict[str, str]:
    with laptop.db.transaction() as s:
        made = {
            "interventions": ops.record_intervention(
                s, InterventionDraft(venue, "childcare", "Crèche in the side room", date(2027, 3, 1))
            ).value,
            "follow_ups": ops.mark_followed_up(s, person, date(2027, 5, 2), "Rang her; night shifts now", "Ana").value,
            "ladder_steps": ops.record_ladder_step(s, person, "agreed_to_help", date(2027, 5, 9), session).value,
        }
    edit(laptop, TasterSession, session, status="closed")
    with laptop.db.transaction() as s:
        ops.set_headcount_estimate(s, session, 17)
    return made


def test_each_record_reaches_the_organisations_other_laptop_and_not_another_organisation(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    (outsider,) = enrolled(hub, f"{org} (other)", laptops(1, prefix="outsider"))
    venue = add_venue(a)
    session = add_session(a, venue)
    person = add_person(a, "Nguyễn Thị", "Hoa")
    made = _record_everything(a, venue, session, person)

    a.sync(), b.sync(), outsider.sync()

    on_b = _learning_rows(b)
    assert {(t, made[t]) for t in LEARNING_TABLES} == set(on_b)
    assert on_b == _learning_rows(a)
    assert on_b[("follow_ups", made["follow_ups"])]["note"] == "Rang her; night shifts now"
    with b.db.session() as s:
        assert s.get(TasterSession, session).headcount_estimate == 17
        assert s.get(Intervention, made["interventions"]).barrier == "childcare"
    assert _learning_rows(outsider) == {}
    assert shared_rows(outsider) == {}
    assert not any(table in LEARNING_TABLES for table, _id in hub_rows(hub.engine, f"{org} (other)"))


def test_an_intervention_ended_on_one_laptop_while_described_on_another_keeps_both_edits(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    venue = add_venue(a)
    with a.db.transaction() as s:
        made = ops.record_intervention(s, InterventionDraft(venue, "food", "Soup", date(2027, 3, 1))).value
    a.sync(), b.sync()
    with a.db.transaction() as s:
        ops.end_intervention(s, made, date(2027, 6, 30))
    with b.db.transaction() as s:
        ops.edit_intervention(s, made, InterventionDraft(venue, "food", "Soup and bread", date(2027, 3, 1)))
    a.sync(), b.sync(), a.sync()
    for laptop in (a, b):
        with laptop.db.session() as s:
            row = s.get(Intervention, made)
            assert (row.description, row.ends_on) == ("Soup and bread", date(2027, 6, 30))


def _everything_mentioning(laptop, *needles: str) -> list[str]:
    with laptop.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        return [line for line in raw.iterdump() if any(n in line for n in needles)]


def test_erasing_a_person_removes_their_follow_ups_and_ladder_steps_on_every_laptop_and_the_hub(hub, org, laptops):
    a, b = enrolled(hub, org, laptops(2))
    venue = add_venue(a)
    session = add_session(a, venue)
    person = add_person(a, "Олена", "Коваленко")
    other = add_person(a, "Zoë", "Williams")
    made = _record_everything(a, venue, session, person)
    with a.db.transaction() as s:
        kept_step = ops.record_ladder_step(s, other, "helped", date(2027, 5, 9), note="Kept: not about Олена").value
    a.sync(), b.sync()

    with b.db.transaction() as s:
        signin_ops.erase_person(s, person)
    b.sync(), a.sync()

    for laptop in (a, b):
        with laptop.db.session() as s:
            for model in (FollowUp, LadderStep):
                assert s.scalars(select(model).where(model.participant_id == person)).all() == []
            for model, row_id in ((FollowUp, made["follow_ups"]), (LadderStep, made["ladder_steps"])):
                gone = s.get(model, row_id)
                assert (gone.deleted, gone.participant_id, gone.note) == (True, None, "")
            assert s.get(LadderStep, kept_step).participant_id == other
            assert not s.get(LadderStep, kept_step).deleted
            assert not s.get(Intervention, made["interventions"]).deleted  # about a venue, not the person
        assert _everything_mentioning(laptop, "night shifts") == []
        about = [
            line for line in _everything_mentioning(laptop, person) if "follow_ups" in line or "ladder_steps" in line
        ]
        assert about == []
    stored = hub_rows(hub.engine, org)
    for table in ("follow_ups", "ladder_steps"):
        row = stored[(table, made[table])]
        assert (row["deleted"], row["participant_id"], row["note"]) == (True, None, "")
    assert stored[("ladder_steps", kept_step)]["participant_id"] == other
    assert "night shifts" not in json.dumps(list(stored.values()), ensure_ascii=False)
    assert shared_rows(a) == shared_rows(b)


def test_a_follow_up_recorded_offline_about_someone_erased_meanwhile_is_kept_by_nobody(hub, org, laptops):
    a, stale = enrolled(hub, org, laptops(2))
    person = add_person(a, "محمد", "الأحمد")
    a.sync(), stale.sync()
    with stale.db.transaction() as s:  # offline: stale reaches out to him while a erases him
        mark = ops.mark_followed_up(s, person, date(2027, 5, 2), "Asked about his new job at the depot").value
    with a.db.transaction() as s:
        signin_ops.erase_person(s, person)
    a.sync()
    stale.sync()

    row = hub_rows(hub.engine, org)[("follow_ups", mark)]
    assert (row["deleted"], row["participant_id"], row["note"]) == (True, None, "")
    assert _everything_mentioning(stale, "new job at the depot") == []
    with stale.db.session() as s:
        kept = s.get(FollowUp, mark)
        assert (kept.deleted, kept.participant_id, kept.note) == (True, None, "")
    a.sync()
    assert shared_rows(a) == shared_rows(stale)


# The hub refuses what no laptop makes --------------------------------------------------------------


def _op(table: str, fields: dict) -> dict:
    return {
        "op_id": str(uuid.uuid4()),
        "table": table,
        "row_id": str(uuid.uuid4()),
        "op": "insert",
        "fields": {"deleted": False, **fields},
        "base_version": "",
        "version": CLOCK,
    }


def _intervention(**fields) -> dict:
    return _op("interventions", {"venue_id": "v1", "kind": "food", "starts_on": "2027-03-01", **fields})


def _follow_up(**fields) -> dict:
    return _op("follow_ups", {"participant_id": "p1", "followed_up_on": "2027-05-02", **fields})


def _step(**fields) -> dict:
    return _op("ladder_steps", {"participant_id": "p1", "kind": "helped", "taken_on": "2027-05-09", **fields})


def _session(**fields) -> dict:
    return _op("sessions", {"venue_id": "v1", "starts_at": "2027-03-06T10:00:00", **fields})


HOSTILE = {
    "an unknown kind of change": (_intervention(kind="bouncy_castle"), "interventions.kind: not one of"),
    "a barrier outside the list": (_intervention(barrier="weather"), "interventions.barrier: not one of"),
    "a huge description": (
        _intervention(description="x" * (LEARNING_TEXT_MAX + 1)),
        "interventions.description: longer than",
    ),
    "a start that is not a date": (_intervention(starts_on="1 March"), "interventions.starts_on: expected date"),
    "an end given as a number": (_intervention(ends_on=20270301), "interventions.ends_on: expected date, got int"),
    "an intervention with no start": (
        _op("interventions", {"venue_id": "v1", "kind": "food"}),
        "a new interventions row needs starts_on",
    ),
    "a huge follow-up note": (_follow_up(note="x" * (LEARNING_TEXT_MAX + 1)), "follow_ups.note: longer than"),
    "a follow-up date out of range": (_follow_up(followed_up_on="0001-01-01"), "year 0001 is outside"),
    "a person given as a list": (_follow_up(participant_id=["p1"]), "follow_ups.participant_id: expected str"),
    "an unknown ladder step": (_step(kind="promoted_to_boss"), "ladder_steps.kind: not one of"),
    "a huge ladder note": (_step(note="x" * (LEARNING_TEXT_MAX + 1)), "ladder_steps.note: longer than"),
    "a ladder step at a session given as a number": (_step(session_id=7), "ladder_steps.session_id: expected str"),
    "a negative estimate": (_session(headcount_estimate=-1), "sessions.headcount_estimate: outside 0..1000"),
    "an estimate beyond any room": (_session(headcount_estimate=10**6), "sessions.headcount_estimate: outside"),
    "an estimate given as text": (_session(headcount_estimate="12"), "expected int, got str"),
    "an estimate given as true": (_session(headcount_estimate=True), "expected int, got bool"),
    "an estimate with a fraction": (_session(headcount_estimate=2.5), "expected int, got float"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_shared_check_refuses_each_hostile_value_and_says_why(case):
    raw, expected = HOSTILE[case]
    assert expected in (P.op_problem(P.Op(**raw)) or "")


def test_the_shared_check_takes_every_value_a_laptop_makes():
    for raw in (
        _intervention(ends_on=None, barrier="", description="x" * LEARNING_TEXT_MAX),
        _follow_up(participant_id=None, note="Rang her"),
        _step(session_id=None, kind="paused"),
        _session(headcount_estimate=0),
        _session(headcount_estimate=None),
    ):
        assert P.op_problem(P.Op(**raw)) is None, raw


def test_a_hub_refuses_each_hostile_value_and_stores_none_of_it(hub, org, laptops):
    (laptop,) = enrolled(hub, org, laptops(1))
    with laptop.db.transaction() as s:
        token = s.get(SyncState, 1).device_token
    good = _follow_up(note="Rang her")
    ops_sent = [*(raw for raw, _expected in HOSTILE.values()), good]
    answer = httpx.post(
        f"{hub.url}/v1/sync/push", json={"ops": ops_sent}, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    results = {r["op_id"]: r for r in answer.json()["results"]}
    for raw, expected in HOSTILE.values():
        assert (results[raw["op_id"]]["status"], expected in results[raw["op_id"]]["reason"]) == ("rejected", True)
    assert results[good["op_id"]]["status"] == "applied"
    assert set(hub_rows(hub.engine, org)) == {("follow_ups", good["row_id"])}
