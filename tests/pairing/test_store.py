"""Pairing inputs come from the database, and every round is stored as records that sync."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from desktop.models import OutboxEntry, PairingGroup, PairingRound, Participant, SignIn, TasterSession, Venue
from desktop.pairing import pair
from desktop.pairing.store import load_inputs, save_pairing, sessions_for_pairing


def _setup(db):
    now = datetime(2026, 3, 1, 18, 0)
    with db.transaction() as s:
        venue = Venue(name="Library")
        s.add(venue)
        s.flush()
        old = TasterSession(venue_id=venue.id, title="Before", starts_at=now - timedelta(days=7), language="en")
        today = TasterSession(venue_id=venue.id, title="Today", starts_at=now, language="es")
        s.add_all([old, today])
        s.flush()
        ana = Participant(first_name="Ana", languages=["es", "en"], stage="peer_helper")
        bea = Participant(first_name="Bea", languages=["es"])
        carla = Participant(first_name="Carla", last_name="Díaz", came_with="Bea")
        dan = Participant(first_name="Dan", languages=["en"], never_pair_with=[])
        eve = Participant(first_name="Eve", languages=["en", "es"])
        gone = Participant(first_name="Gone", languages=["en"])
        s.add_all([ana, bea, carla, dan, eve, gone])
        s.flush()
        dan.never_pair_with = [ana.id]
        s.add(SignIn(session_id=old.id, participant_id=ana.id))
        s.add(SignIn(session_id=old.id, participant_id=dan.id))
        for p in (ana, bea, carla, dan, eve):
            s.add(SignIn(session_id=today.id, participant_id=p.id))
        s.add(SignIn(session_id=today.id, participant_id=gone.id, voided=True))
        r = PairingRound(session_id=old.id, number=1)
        s.add(r)
        s.flush()
        s.add(PairingGroup(round_id=r.id, table_number=1, member_ids=[ana.id, dan.id]))
        return today.id, {p.first_name: p.id for p in (ana, bea, carla, dan, gone)}


def test_inputs_hold_the_people_present_and_their_history(db):
    session_id, ids = _setup(db)
    with db.transaction() as s:
        inputs = load_inputs(s, session_id)
        choices = sessions_for_pairing(s)
    people = {p.name: p for p in inputs.people}
    assert set(people) == {"Ana", "Bea", "Carla", "Dan", "Eve"}, "voided sign-ins are not present"
    assert people["Ana"].helper and people["Ana"].visits == 1
    assert people["Carla"].languages == ("es",), "no language recorded: the session's language"
    assert people["Carla"].came_with == (ids["Bea"],)
    assert people["Dan"].never_pair == (ids["Ana"],)
    assert inputs.history(amending=False).met(ids["Ana"], ids["Dan"]) == 1
    assert choices[0].id == session_id and choices[0].present == 5


def test_rounds_are_stored_append_only_and_the_newest_version_counts(db):
    session_id, _ids = _setup(db)
    with db.transaction() as s:
        inputs = load_inputs(s, session_id)
    first = pair(inputs.people, inputs.history(amending=False))
    assert not first.problems
    with db.transaction() as s:
        save_pairing(s, session_id, 1, first)
    with db.transaction() as s:
        inputs = load_inputs(s, session_id)
    assert inputs.current is not None and inputs.current.number == 1
    assert {frozenset(g.members) for g in inputs.current.groups} == {frozenset(g.members) for g in first.groups}
    # Round 2 knows round 1 happened today; changing round 1 does not count it against itself.
    assert inputs.history(amending=False).this_session
    assert not inputs.history(amending=True).this_session
    with db.transaction() as s:
        save_pairing(s, session_id, 1, first)
        rows = s.scalars(select(PairingRound).where(PairingRound.session_id == session_id)).all()
        outbox = s.scalars(select(OutboxEntry).where(OutboxEntry.table_name == "pairing_groups")).all()
    assert len(rows) == 2, "a change is a new record, never an edit"
    assert len(outbox) == 2 * len(first.groups) + 1
